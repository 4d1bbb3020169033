#include "vector/openai_embedder_json.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leafloaf::vector {
namespace {

using ::testing::HasSubstr;

void ExpectMalformed(std::string_view body, size_t expected, std::string_view why) {
  absl::StatusOr<std::vector<Vector>> parsed = ParseEmbeddingsResponse(body, expected);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInternal) << body;
  EXPECT_THAT(parsed.status().message(), HasSubstr(std::string(why))) << body;
}

TEST(EmbeddingsJsonTest, ParsesByIndex) {
  absl::StatusOr<std::vector<Vector>> parsed = ParseEmbeddingsResponse(
      R"({"object":"list","data":[{"index":1,"embedding":[3,4]},{"index":0,"embedding":[1.5,-2e-3]}],
          "model":"m","usage":{"prompt_tokens":2,"total_tokens":2}})",
      2);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (std::vector<Vector>{{1.5f, -2e-3f}, {3.0f, 4.0f}}));
}

TEST(EmbeddingsJsonTest, ItemsWithoutIndexGoByPosition) {
  absl::StatusOr<std::vector<Vector>> parsed =
      ParseEmbeddingsResponse(R"({"data":[{"embedding":[1]},{"embedding":[2]}]})", 2);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (std::vector<Vector>{{1.0f}, {2.0f}}));
}

TEST(EmbeddingsJsonTest, RejectsMalformedResponses) {
  ExpectMalformed("", 1, "not JSON");
  ExpectMalformed("[1,2]", 1, "not a JSON object");
  ExpectMalformed(R"({"object":"list"})", 1, "no \"data\" array");
  ExpectMalformed(R"({"data":{}})", 1, "no \"data\" array");
  ExpectMalformed(R"({"data":[]})", 1, "0 embeddings for 1 inputs");
  ExpectMalformed(R"({"data":[1]})", 1, "not an object");
  ExpectMalformed(R"({"data":[{"index":1,"embedding":[1]}]})", 1, "not an integer in range");
  ExpectMalformed(R"({"data":[{"index":-1,"embedding":[1]}]})", 1, "not an integer in range");
  ExpectMalformed(R"({"data":[{"index":"0","embedding":[1]}]})", 1, "not an integer in range");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2,
                  "index 0 appears twice");
  ExpectMalformed(R"({"data":[{"index":0}]})", 1, "\"embedding\" is missing");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":[]}]})", 1, "\"embedding\" is missing");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":"AAAAAA=="}]})", 1,
                  "\"embedding\" is missing");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":[1,"2"]}]})", 1, "not a number");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":[1e300]}]})", 1, "out of range");
  ExpectMalformed(R"({"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1]}]})", 2,
                  "different lengths (2 and 1)");
}

TEST(EmbeddingsJsonTest, ErrorMessagesOfKnownServers) {
  EXPECT_EQ(
      ParseEmbeddingsError(R"({"error":{"message":"bad key","type":"invalid_request_error"}})"),
      "bad key");
  EXPECT_EQ(ParseEmbeddingsError(R"({"error":"model not found"})"), "model not found");
  EXPECT_EQ(ParseEmbeddingsError(R"({"detail":"input too long"})"), "input too long");
  EXPECT_EQ(ParseEmbeddingsError(R"({"message":"rate limited"})"), "rate limited");
  EXPECT_EQ(ParseEmbeddingsError("<html>502</html>"), "");
  EXPECT_EQ(ParseEmbeddingsError(R"({"error":{"code":1}})"), "");
}

TEST(EmbeddingsJsonTest, RequestReplacesInvalidUtf8) {
  const std::vector<std::string> texts = {"oat milk", "caf\xff"};
  const nlohmann::json request = nlohmann::json::parse(BuildEmbeddingsRequest("m", texts));
  EXPECT_EQ(request["model"], "m");
  EXPECT_EQ(request["input"][0], "oat milk");
  EXPECT_EQ(request["input"][1], "caf\xef\xbf\xbd");
}

}  // namespace
}  // namespace leafloaf::vector
