#include "cli/app_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "search/hybrid.h"
#include "yaml-cpp/yaml.h"

namespace leafloaf {
namespace {

template <typename T>
void Read(const YAML::Node& node, const char* key, T* out) {
  if (node && node[key]) *out = node[key].as<T>();
}

void ReadMs(const YAML::Node& node, const char* key, std::chrono::milliseconds* out) {
  if (node && node[key]) *out = std::chrono::milliseconds(node[key].as<int64_t>());
}

}  // namespace

absl::StatusOr<AppConfig> ParseAppConfig(const std::string& yaml_text,
                                         const std::string& base_dir) {
  AppConfig config;
  std::string synonyms_path;
  std::vector<std::pair<std::string, std::string>> shop_synonym_paths;
  auto resolve = [&base_dir](const std::string& name) {
    std::filesystem::path path(name);
    if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
    return path.string();
  };
  try {  // yaml-cpp throws; nothing escapes this function
    YAML::Node root = YAML::Load(yaml_text);
    if (root && !root.IsNull() && !root.IsMap()) {
      return absl::InvalidArgumentError("config: the top level must be a mapping");
    }
    YAML::Node server = root["server"];
    Read(server, "address", &config.server.address);
    int port = config.server.port;
    Read(server, "port", &port);
    if (port < 0 || port > 65535) return absl::InvalidArgumentError("config: server.port out of range");
    config.server.port = static_cast<uint16_t>(port);
    Read(server, "threads", &config.server.threads);
    if (config.server.threads < 1 || config.server.threads > 256) {
      return absl::InvalidArgumentError("config: server.threads must be 1..256");
    }
    Read(server, "commit_wait_threads", &config.server.commit_wait_threads);
    if (config.server.commit_wait_threads < 1 || config.server.commit_wait_threads > 1024) {
      return absl::InvalidArgumentError("config: server.commit_wait_threads must be 1..1024");
    }
    Read(server, "body_limit_bytes", &config.server.body_limit_bytes);
    ReadMs(server, "header_timeout_ms", &config.server.header_timeout);
    ReadMs(server, "body_timeout_ms", &config.server.body_timeout);
    ReadMs(server, "shutdown_grace_ms", &config.server.shutdown_grace);
    YAML::Node store = root["store"];
    Read(store, "synchronous_full", &config.store.synchronous_full);
    Read(store, "reader_connections", &config.store.reader_connections);
    if (config.store.reader_connections < 1) {
      return absl::InvalidArgumentError("config: store.reader_connections must be at least 1");
    }
    Read(store, "event_journal", &config.store.event_journal);
    Read(store, "journal_ingest_interval_ms", &config.store.journal_ingest_interval_ms);
    if (config.store.journal_ingest_interval_ms < 1 ||
        config.store.journal_ingest_interval_ms > 60000) {
      return absl::InvalidArgumentError(
          "config: store.journal_ingest_interval_ms must be 1..60000");
    }
    YAML::Node search = root["search"];
    Read(search, "synonyms", &synonyms_path);
    if (search && search["shops"]) {
      if (!search["shops"].IsMap()) return absl::InvalidArgumentError("config: search.shops must be a mapping");
      for (const auto& shop : search["shops"]) {
        std::string file;
        Read(shop.second, "synonyms", &file);
        if (!file.empty()) shop_synonym_paths.emplace_back(shop.first.as<std::string>(), file);
      }
    }
    YAML::Node hybrid = search ? search["hybrid"] : YAML::Node();
    std::string mode = search::HybridModeName(config.hybrid.mode);
    Read(hybrid, "mode", &mode);
    auto parsed = search::ParseHybridMode(mode);
    if (!parsed.ok()) return absl::InvalidArgumentError("config: search.hybrid.mode must be rrf, relative or off");
    config.hybrid.mode = *parsed;
    Read(hybrid, "vector_weight", &config.hybrid.weight);
    if (!(config.hybrid.weight >= 0 && config.hybrid.weight <= 1)) {
      return absl::InvalidArgumentError("config: search.hybrid.vector_weight must be 0..1");
    }
    Read(hybrid, "neighbours", &config.hybrid.neighbours);
    if (config.hybrid.neighbours < 1 || config.hybrid.neighbours > 1000) {
      return absl::InvalidArgumentError("config: search.hybrid.neighbours must be 1..1000");
    }
    Read(hybrid, "min_similarity", &config.hybrid.min_similarity);
    Read(hybrid, "rrf_k", &config.hybrid.rrf_k);
    Read(hybrid, "text_confident_hits", &config.hybrid.text_confident_hits);
    if (config.hybrid.text_confident_hits < 0) {
      return absl::InvalidArgumentError("config: search.hybrid.text_confident_hits must be >= 0");
    }
    std::string vector_index = vector::VectorStructureName(config.vector_index);
    Read(search, "vector_index", &vector_index);
    auto structure = vector::ParseVectorStructure(vector_index);
    if (!structure.ok()) return absl::InvalidArgumentError("config: search.vector_index must be ivf-pq or hnsw");
    config.vector_index = *structure;
    YAML::Node embeddings = search ? search["embeddings"] : YAML::Node();
    Read(embeddings, "provider", &config.embeddings.provider);
    Read(embeddings, "base_url", &config.embeddings.base_url);
    Read(embeddings, "model", &config.embeddings.model);
    Read(embeddings, "api_key_env", &config.embeddings.api_key_env);
    Read(embeddings, "dim", &config.embeddings.dim);
    const std::string& provider = config.embeddings.provider;
    if (provider != "fasttext" && provider != "openai" && provider != "none") {
      return absl::InvalidArgumentError("config: search.embeddings.provider must be fasttext, openai or none");
    }
    if (provider == "openai" && (config.embeddings.base_url.empty() || config.embeddings.model.empty())) {
      return absl::InvalidArgumentError(
          "config: search.embeddings.provider openai needs base_url and model");
    }
    std::string personalization_file;
    Read(root["personalization"], "config", &personalization_file);
    Read(root["personalization"], "edge_flush_ms", &config.edge_flush_ms);
    if (config.edge_flush_ms < 0 || config.edge_flush_ms > 60000) {
      return absl::InvalidArgumentError("config: personalization.edge_flush_ms must be 0..60000");
    }
    if (!personalization_file.empty()) config.personalization_config = resolve(personalization_file);
    YAML::Node conversation = root["conversation"];
    YAML::Node llm = conversation ? conversation["llm"] : YAML::Node();
    ConversationConfig& c = config.conversation;
    Read(llm, "base_url", &c.llm_base_url);
    Read(llm, "model", &c.llm_model);
    Read(llm, "api_key_env", &c.llm_api_key_env);
    Read(llm, "timeout_ms", &c.llm_timeout_ms);
    if (c.llm_base_url.empty() != c.llm_model.empty()) {
      return absl::InvalidArgumentError("config: conversation.llm needs both base_url and model");
    }
    if (c.llm_timeout_ms < 1 || c.llm_timeout_ms > 60000) {
      return absl::InvalidArgumentError("config: conversation.llm.timeout_ms must be 1..60000");
    }
    YAML::Node voice = conversation ? conversation["elevenlabs"] : YAML::Node();
    Read(voice, "shop", &c.voice_shop);
    Read(voice, "secret_env", &c.voice_secret_env);
    if (!c.voice_shop.empty() && c.voice_secret_env.empty()) {
      return absl::InvalidArgumentError(
          "config: conversation.elevenlabs needs secret_env, the variable holding the signing secret");
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrFormat("config: %s", e.what()));
  }
  if (!synonyms_path.empty()) {
    auto synonyms = text::Synonyms::Load(resolve(synonyms_path));
    if (!synonyms.ok()) return synonyms.status();
    config.synonyms = std::move(*synonyms);
  }
  for (const auto& [shop, file] : shop_synonym_paths) {
    auto own = text::Synonyms::Load(resolve(file));
    if (!own.ok()) return own.status();
    text::Synonyms merged = config.synonyms;
    if (absl::Status s = merged.Merge(*own); !s.ok()) return s;
    config.shop_synonyms[shop] = std::move(merged);
  }
  return config;
}

absl::StatusOr<AppConfig> LoadAppConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot read config %s", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseAppConfig(text.str(), std::filesystem::path(path).parent_path().string());
}

}  // namespace leafloaf
