#include "conversation/llm_fallback.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/temp_dir.h"

namespace leafloaf::conversation {
namespace {

class FakeClock final : public Clock {
 public:
  Micros Now() const override { return now; }
  Micros now = 1'000'000;
};

TEST(LlmFallbackTest, RequestNamesEveryIntentAndCarriesTheUtterance) {
  nlohmann::json body = nlohmann::json::parse(ChatRequestBody("m1", "bonjour \xff"));
  EXPECT_EQ(body["model"], "m1");
  const std::string system = body["messages"][0]["content"];
  EXPECT_NE(system.find("add_to_cart"), std::string::npos);
  EXPECT_NE(system.find("product_question"), std::string::npos);
  EXPECT_EQ(body["messages"][1]["role"], "user");
}

TEST(LlmFallbackTest, OnlyAnIntentNameIsAnAnswer) {
  auto reply = [](std::string content) {
    return nlohmann::json{{"choices", {{{"message", {{"role", "assistant"}, {"content", content}}}}}}}
        .dump();
  };
  EXPECT_EQ(IntentFromChatReply(reply("add_to_cart")), agents::Intent::kAddToCart);
  EXPECT_EQ(IntentFromChatReply(reply(" Checkout.\n")), agents::Intent::kCheckout);
  EXPECT_EQ(IntentFromChatReply(reply("\"search\"")), agents::Intent::kSearch);
  EXPECT_FALSE(IntentFromChatReply(reply("I think you want to add milk")).has_value());
  EXPECT_FALSE(IntentFromChatReply("not json").has_value());
  EXPECT_FALSE(IntentFromChatReply(R"({"choices": []})").has_value());
  EXPECT_FALSE(IntentFromChatReply(R"({"choices": [{"message": {"content": 3}}]})").has_value());
  EXPECT_FALSE(IntentFromChatReply(R"([1])").has_value());
}

TEST(LlmFallbackTest, NeedsAnEndpointAndAModel) {
  FakeClock clock;
  EXPECT_FALSE(LlmFallback::Create({.base_url = "", .model = "m"}, &clock).ok());
  EXPECT_FALSE(LlmFallback::Create({.base_url = "http://127.0.0.1:1/v1", .model = ""}, &clock).ok());
  EXPECT_FALSE(LlmFallback::Create({.base_url = "ftp://x/v1", .model = "m"}, &clock).ok());
}

TEST(LlmFallbackTest, BreakerOpensAfterFailuresAndProbesLater) {
  FakeClock clock;
  // Port 1 on loopback refuses at once: every call fails fast.
  auto llm = LlmFallback::Create({.base_url = "http://127.0.0.1:1/v1", .model = "m",
                                  .timeout_ms = 200, .failure_threshold = 2, .open_seconds = 30},
                                 &clock);
  ASSERT_TRUE(llm.ok()) << llm.status();
  EXPECT_FALSE((*llm)->Classify("add milk").has_value());
  EXPECT_FALSE((*llm)->open());
  EXPECT_FALSE((*llm)->Classify("add milk").has_value());
  EXPECT_TRUE((*llm)->open());
  EXPECT_EQ((*llm)->calls(), 2);
  EXPECT_FALSE((*llm)->Classify("add milk").has_value());  // open: not called
  EXPECT_EQ((*llm)->calls(), 2);
  clock.now += 31'000'000;
  EXPECT_FALSE((*llm)->Classify("add milk").has_value());  // the probe fails: open again
  EXPECT_EQ((*llm)->calls(), 3);
  EXPECT_TRUE((*llm)->open());
  EXPECT_EQ((*llm)->failures(), 3);
}

}  // namespace
}  // namespace leafloaf::conversation
