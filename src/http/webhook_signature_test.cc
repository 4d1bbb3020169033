#include "http/webhook_signature.h"

#include "gtest/gtest.h"

namespace leafloaf::http {
namespace {

constexpr int64_t kNow = 1'764'000'000;

TEST(WebhookSignatureTest, AcceptsWhatTheSecretSignedRecently) {
  const std::string body = R"({"transcript":"add milk"})";
  const std::string header = SignWebhook(body, "s3cret", kNow - 60);
  EXPECT_EQ(header.rfind("t=1763999940,v0=", 0), 0u) << header;
  EXPECT_TRUE(VerifyWebhookSignature(header, body, "s3cret", kNow).ok());
  // Several signatures (a secret being rotated): one match is enough.
  const std::string two = "t=" + std::to_string(kNow) + ",v0=" + std::string(64, 'a') + "," +
                          SignWebhook(body, "s3cret", kNow).substr(std::string("t=1764000000,").size());
  EXPECT_TRUE(VerifyWebhookSignature(two, body, "s3cret", kNow).ok()) << two;
}

TEST(WebhookSignatureTest, RejectsEverythingElse) {
  const std::string body = R"({"transcript":"add milk"})";
  const std::string header = SignWebhook(body, "s3cret", kNow);
  auto code = [&](std::string_view h, std::string_view b, std::string_view secret, int64_t now) {
    return VerifyWebhookSignature(h, b, secret, now).code();
  };
  const auto kUnauth = absl::StatusCode::kUnauthenticated;
  EXPECT_EQ(code(header, body + " ", "s3cret", kNow), kUnauth);      // body changed
  EXPECT_EQ(code(header, body, "other", kNow), kUnauth);             // wrong secret
  EXPECT_EQ(code(header, body, "s3cret", kNow + 31 * 60), kUnauth);  // too old
  EXPECT_EQ(code(header, body, "s3cret", kNow - 31 * 60), kUnauth);  // from the future
  EXPECT_EQ(code("", body, "s3cret", kNow), kUnauth);
  EXPECT_EQ(code("v0=abc", body, "s3cret", kNow), kUnauth);
  EXPECT_EQ(code("t=abc,v0=00", body, "s3cret", kNow), kUnauth);
  EXPECT_EQ(code("t=1764000000", body, "s3cret", kNow), kUnauth);
  EXPECT_EQ(code("t=1764000000,v0=zz", body, "s3cret", kNow), kUnauth);
  EXPECT_EQ(code("t=-9223372036854775808,v0=00", body, "s3cret", kNow), kUnauth);  // no overflow
  EXPECT_EQ(code("t=9223372036854775807,v0=00", body, "s3cret", kNow), kUnauth);
  // The timestamp is signed too: moving it breaks the signature.
  std::string moved = header;
  moved.replace(2, 10, std::to_string(kNow - 1));
  EXPECT_EQ(code(moved, body, "s3cret", kNow), kUnauth);
}

}  // namespace
}  // namespace leafloaf::http
