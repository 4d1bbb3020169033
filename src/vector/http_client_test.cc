#include "vector/http_client.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf::vector {
namespace {

using ::testing::HasSubstr;

TEST(ParseHttpUrlTest, SplitsSchemeHostPortAndTarget) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl("http://127.0.0.1:11434/v1/embeddings?x=1#frag");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "11434");
  EXPECT_EQ(url->target, "/v1/embeddings?x=1");

  url = ParseHttpUrl("https://api.openai.com");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "api.openai.com");
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/");

  url = ParseHttpUrl("http://[::1]:8080/v1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "8080");

  url = ParseHttpUrl("http://localhost?q");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->target, "/?q");
}

TEST(ParseHttpUrlTest, RejectsWhatItCannotConnectTo) {
  for (const char* bad : {"", "ftp://host/", "api.openai.com/v1", "http://", "http://:80/",
                          "http://host:0/", "http://host:65536/", "http://host:8o/",
                          "http://host:+80/", "http://user:pw@host/", "http://[::1/",
                          "http://host/a b", "http://host/\r\nX: y"}) {
    EXPECT_EQ(ParseHttpUrl(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(HttpClientTest, RejectsHeaderInjection) {
  auto client = HttpClient::Create();
  ASSERT_TRUE(client.ok()) << client.status();
  HttpRequest request;
  request.url = "http://127.0.0.1:1/";
  request.headers.emplace_back("Authorization", "Bearer x\r\nX-Evil: 1");
  absl::StatusOr<HttpResponse> response = (*client)->Send(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("control character in header Authorization"));
}

TEST(HttpClientTest, MissingCaFileFailsCreate) {
  HttpClientOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(HttpClient::Create(options).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leafloaf::vector
