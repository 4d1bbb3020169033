// HttpClient: a small synchronous HTTP/1.1 client for calls to external
// services (the OpenAI-compatible embeddings endpoint). Boost.Beast and
// OpenSSL stay inside http_client.cc.
//
// Scope: one connection per request (no pooling, no keep-alive), no
// redirects, no proxies. http:// and https://; for https the peer's
// certificate chain is verified against the system trust store (or
// `ca_file`) and its name against the URL's host, with SNI.
//
// Timeouts: `connect_timeout` bounds the TCP connect plus TLS handshake;
// `timeout` bounds sending the request and reading the whole response.
// Name resolution is the system resolver's, with its own timeouts.
//
// Errors from Send: kInvalidArgument for a bad URL; kUnavailable when the
// host cannot be resolved, refuses or drops the connection, or fails TLS
// verification; kDeadlineExceeded on a timeout; kResourceExhausted for a
// body over `body_limit_bytes`. Any HTTP status, 200 or not, is a response.
//
// Thread-safety: Send may be called concurrently.
#ifndef LEAFLOAF_VECTOR_HTTP_CLIENT_H_
#define LEAFLOAF_VECTOR_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace leafloaf::vector {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds timeout{10'000};
  uint64_t body_limit_bytes = uint64_t{64} << 20;
  // PEM file of the certificates to trust instead of the system store
  // ("" = system store). For private CAs and tests.
  std::string ca_file;
};

struct HttpRequest {
  std::string method = "GET";  // any HTTP method name
  std::string url;             // absolute: http://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// An absolute http(s) URL split for connecting.
struct HttpUrl {
  bool tls = false;
  std::string host;    // without brackets for IPv6 literals
  std::string port;    // explicit or the scheme's default
  std::string target;  // path and query, at least "/"
};
absl::StatusOr<HttpUrl> ParseHttpUrl(std::string_view url);

class HttpClient {
 public:
  static absl::StatusOr<std::unique_ptr<HttpClient>> Create(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request) const;

 private:
  class Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_HTTP_CLIENT_H_
