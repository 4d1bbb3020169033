#include "cli/app_config.h"

#include <fstream>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace leafloaf {
namespace {

TEST(AppConfigTest, EmptyConfigKeepsDefaults) {
  auto config = ParseAppConfig("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.port, 8080);
  EXPECT_EQ(config->server.body_limit_bytes, 1u << 20);
  EXPECT_TRUE(config->store.synchronous_full);
}

TEST(AppConfigTest, ReadsServerAndStoreKeys) {
  auto config = ParseAppConfig(
      "server:\n  port: 9000\n  threads: 4\n  commit_wait_threads: 16\n  body_limit_bytes: 2048\n  header_timeout_ms: 500\n"
      "store:\n  synchronous_full: false\n");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.port, 9000);
  EXPECT_EQ(config->server.threads, 4);
  EXPECT_EQ(config->server.commit_wait_threads, 16);
  EXPECT_EQ(config->server.body_limit_bytes, 2048u);
  EXPECT_EQ(config->server.header_timeout.count(), 500);
  EXPECT_FALSE(config->store.synchronous_full);
}

TEST(AppConfigTest, ReadsTheEdgeFlushInterval) {
  EXPECT_TRUE(ParseAppConfig("")->store.event_journal);
  EXPECT_FALSE(ParseAppConfig("store:\n  event_journal: false\n")->store.event_journal);
  EXPECT_EQ(ParseAppConfig("store:\n  journal_ingest_interval_ms: 20\n")
                ->store.journal_ingest_interval_ms, 20);
  EXPECT_FALSE(ParseAppConfig("store:\n  journal_ingest_interval_ms: 0\n").ok());
  EXPECT_EQ(ParseAppConfig("")->edge_flush_ms, 0);
  EXPECT_EQ(ParseAppConfig("personalization:\n  edge_flush_ms: 0\n")->edge_flush_ms, 0);
  EXPECT_FALSE(ParseAppConfig("personalization:\n  edge_flush_ms: -1\n").ok());
}

TEST(AppConfigTest, ReadsHybridAndEmbeddingKeys) {
  auto config = ParseAppConfig(R"(
search:
  hybrid: {mode: relative, vector_weight: 0.5, neighbours: 50, min_similarity: 0.2, text_confident_hits: 3}
  embeddings: {provider: openai, base_url: "http://127.0.0.1:9/v1", model: m, api_key_env: K, dim: 8}
  vector_index: hnsw
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->hybrid.mode, search::HybridMode::kRelative);
  EXPECT_FLOAT_EQ(config->hybrid.weight, 0.5f);
  EXPECT_EQ(config->hybrid.neighbours, 50);
  EXPECT_FLOAT_EQ(config->hybrid.min_similarity, 0.2f);
  EXPECT_EQ(config->hybrid.text_confident_hits, 3);
  EXPECT_EQ(config->embeddings.provider, "openai");
  EXPECT_EQ(config->embeddings.model, "m");
  EXPECT_EQ(config->embeddings.api_key_env, "K");
  EXPECT_EQ(config->embeddings.dim, 8);
  EXPECT_EQ(config->vector_index, vector::VectorStructure::kHnsw);
  auto defaults = ParseAppConfig("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->hybrid.mode, search::HybridMode::kRelative);
  EXPECT_EQ(defaults->embeddings.provider, "fasttext");
  EXPECT_EQ(defaults->vector_index, vector::VectorStructure::kIvfPq);
  for (const char* bad : {"search: {hybrid: {mode: fancy}}", "search: {hybrid: {vector_weight: 2}}",
                          "search: {hybrid: {neighbours: 0}}", "search: {embeddings: {provider: x}}",
                          "search: {embeddings: {provider: openai}}", "search: {vector_index: faiss}"}) {
    EXPECT_EQ(ParseAppConfig(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(AppConfigTest, BadValuesAreInvalidArgumentNotExceptions) {
  EXPECT_EQ(ParseAppConfig("server:\n  port: not-a-number\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("server:\n  port: 70000\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("[1, 2").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("- a\n- b\n").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AppConfigTest, LoadsSharedAndPerShopSynonymsRelativeToTheConfig) {
  leafloaf::testing::TempDir dir;
  {
    std::ofstream(dir.File("all.yaml")) << "synonyms:\n  - [soda, pop]\n";
    std::ofstream(dir.File("demo.yaml")) << "synonyms:\n  - [garbanzo, chickpea]\n";
    std::ofstream(dir.File("leafloaf.yaml"))
        << "search:\n  synonyms: all.yaml\n  shops:\n    demo:\n      synonyms: demo.yaml\n";
  }
  auto config = LoadAppConfig(dir.File("leafloaf.yaml"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->synonyms.rules().size(), 1u);
  ASSERT_EQ(config->shop_synonyms.count("demo"), 1u);
  EXPECT_EQ(config->shop_synonyms["demo"].rules().size(), 2u);
  EXPECT_EQ(ParseAppConfig("search:\n  synonyms: missing.yaml\n", dir.path()).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace leafloaf
