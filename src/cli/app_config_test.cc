#include "cli/app_config.h"

#include "gtest/gtest.h"

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
      "server:\n  port: 9000\n  threads: 4\n  body_limit_bytes: 2048\n  header_timeout_ms: 500\n"
      "store:\n  synchronous_full: false\n");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.port, 9000);
  EXPECT_EQ(config->server.threads, 4);
  EXPECT_EQ(config->server.body_limit_bytes, 2048u);
  EXPECT_EQ(config->server.header_timeout.count(), 500);
  EXPECT_FALSE(config->store.synchronous_full);
}

TEST(AppConfigTest, BadValuesAreInvalidArgumentNotExceptions) {
  EXPECT_EQ(ParseAppConfig("server:\n  port: not-a-number\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("server:\n  port: 70000\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("[1, 2").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAppConfig("- a\n- b\n").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf
