#include "vector/http_client.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace leafloaf::vector {
namespace {

using ::testing::HasSubstr;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// A self-signed certificate for DNS:localhost only (no IP address), valid
// until 2125, and its key: generated once with
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
//     -days 36500 -subj /CN=leafloaf-test -addext subjectAltName=DNS:localhost
constexpr char kCert[] = R"(-----BEGIN CERTIFICATE-----
MIIBnDCCAUOgAwIBAgIUB1ypHmkQHT6LmNXBpt2Zm7K2hAIwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNbGVhZmxvYWYtdGVzdDAgFw0yNjExMjIwMjQ3MzZaGA8yMTI2
MTAyOTAyNDczNlowGDEWMBQGA1UEAwwNbGVhZmxvYWYtdGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABBOfr9aGKiQGi3GEYSxwdoeXgIxXwfA8o0XLWlu2AUL1
a2JYIh08WctMoTkbJnFi3R96mvXNa8kwlWynHZMH4YajaTBnMB0GA1UdDgQWBBSB
v4M9X5Kkfz5IWeXOYBtxonwf7TAfBgNVHSMEGDAWgBSBv4M9X5Kkfz5IWeXOYBtx
onwf7TAPBgNVHRMBAf8EBTADAQH/MBQGA1UdEQQNMAuCCWxvY2FsaG9zdDAKBggq
hkjOPQQDAgNHADBEAiBGlDLJtfMbxCNlgBOHgf98U7OUisYPMtm1Tg1qW5UvlgIg
E0I9Bzmakf2wnWiIZ67cUj/Y/jiPkYBUJz0wnV1bnZY=
-----END CERTIFICATE-----
)";
constexpr char kKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgQtxpYdth4TAZv6GO
JvQoR2obbMSjjukTxPAJQQBnK5ShRANCAAQTn6/WhiokBotxhGEscHaHl4CMV8Hw
PKNFy1pbtgFC9WtiWCIdPFnLTKE5GyZxYt0fepr1zWvJMJVspx2TB+GG
-----END PRIVATE KEY-----
)";

// An https server on 127.0.0.1 answering every request with 200 "tls ok",
// one connection at a time on its own thread, until `connections` were served.
class TlsServer {
 public:
  explicit TlsServer(int connections)
      : tls_(ssl::context::tls_server),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    tls_.use_certificate_chain(asio::buffer(kCert, sizeof(kCert) - 1));
    tls_.use_private_key(asio::buffer(kKey, sizeof(kKey) - 1), ssl::context::pem);
    thread_ = std::thread([this, connections] {
      for (int served = 0; served < connections; ++served) {
        beast::error_code ec;
        tcp::socket socket(ioc_);
        acceptor_.accept(socket, ec);
        if (ec) continue;
        ssl::stream<tcp::socket> stream(std::move(socket), tls_);
        stream.handshake(ssl::stream_base::server, ec);
        if (ec) continue;
        beast::flat_buffer buffer;
        bhttp::request<bhttp::string_body> req;
        bhttp::read(stream, buffer, req, ec);
        if (ec) continue;
        bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
        res.body() = "tls ok";
        res.prepare_payload();
        bhttp::write(stream, res, ec);
        stream.shutdown(ec);
      }
    });
  }
  ~TlsServer() {
    // Unblocks an accept still waiting because the client never connected.
    asio::io_context ioc;
    tcp::socket poke(ioc);
    beast::error_code ec;
    poke.connect(acceptor_.local_endpoint(), ec);
    poke.close(ec);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context ioc_;
  ssl::context tls_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

std::unique_ptr<HttpClient> MakeClient(std::string ca_file) {
  HttpClientOptions options;
  options.ca_file = std::move(ca_file);
  options.connect_timeout = std::chrono::milliseconds(5000);
  options.timeout = std::chrono::milliseconds(5000);
  auto client = HttpClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_file_ = temp_dir_.File("ca.pem");
    std::ofstream(ca_file_) << kCert;
  }
  leafloaf::testing::TempDir temp_dir_;
  std::string ca_file_;
};

TEST_F(HttpsTest, TrustedCertificateForTheHostWorks) {
  TlsServer server(1);
  HttpRequest request;
  request.url = absl::StrCat("https://localhost:", server.port(), "/v1/models");
  absl::StatusOr<HttpResponse> response = MakeClient(ca_file_)->Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "tls ok");
}

TEST_F(HttpsTest, UntrustedCertificateIsRejected) {
  TlsServer server(1);
  HttpRequest request;
  request.url = absl::StrCat("https://localhost:", server.port(), "/");
  absl::StatusOr<HttpResponse> response = MakeClient("")->Send(request);  // system store
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(),
              HasSubstr("certificate verify failed: self-signed certificate"));
}

TEST_F(HttpsTest, CertificateForAnotherNameIsRejected) {
  TlsServer server(1);
  HttpRequest request;
  request.url = absl::StrCat("https://127.0.0.1:", server.port(), "/");  // the cert names localhost
  absl::StatusOr<HttpResponse> response = MakeClient(ca_file_)->Send(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(),
              HasSubstr("certificate verify failed: hostname mismatch"));
}

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
  for (const char* bad :
       {"", "ftp://host/", "api.openai.com/v1", "http://", "http://:80/", "http://host:0/",
        "http://host:65536/", "http://host:8o/", "http://host:+80/", "http://user:pw@host/",
        "http://[::1/", "http://host/a b", "http://host/\r\nX: y"}) {
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
