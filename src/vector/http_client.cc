#include "vector/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace leafloaf::vector {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

bool IsIpLiteral(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// "host:port", bracketing IPv6 literals, for messages and the Host header.
std::string Authority(const HttpUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return ipv6 ? absl::StrCat("[", url.host, "]:", url.port) : absl::StrCat(url.host, ":", url.port);
}

std::string HostHeader(const HttpUrl& url) {
  const bool default_port = url.port == (url.tls ? "443" : "80");
  if (!default_port) return Authority(url);
  return url.host.find(':') != std::string::npos ? absl::StrCat("[", url.host, "]") : url.host;
}

bool HasControlChar(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Runs `ioc` until the one pending asynchronous operation has completed.
// Operations are asynchronous only so that beast::tcp_stream's deadline
// applies; the caller waits for each in turn.
void RunPending(asio::io_context& ioc) {
  ioc.restart();
  ioc.run();
}

absl::Status IoError(std::string_view what, const HttpUrl& url, const beast::error_code& ec,
                     std::chrono::milliseconds limit) {
  if (ec == beast::error::timeout) {
    return absl::DeadlineExceededError(absl::StrCat(AsAbsl(what), " ", Authority(url),
                                                    ": timed out after ", limit.count(), " ms"));
  }
  if (ec == bhttp::error::body_limit) {
    return absl::ResourceExhaustedError(
        absl::StrCat(AsAbsl(what), " ", Authority(url), ": response body too large"));
  }
  return absl::UnavailableError(
      absl::StrCat(AsAbsl(what), " ", Authority(url), ": ", ec.message()));
}

}  // namespace

absl::StatusOr<HttpUrl> ParseHttpUrl(std::string_view url) {
  auto invalid = [url](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("bad URL \"", AsAbsl(url), "\": ", AsAbsl(why)));
  };
  HttpUrl out;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
    out.port = "80";
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    out.tls = true;
    out.port = "443";
  } else {
    return invalid("expected http:// or https://");
  }
  if (HasControlChar(url) || url.find(' ') != std::string_view::npos) {
    return invalid("contains spaces or control characters");
  }
  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  target = target.substr(0, target.find('#'));
  out.target = target.starts_with('/') ? std::string(target) : absl::StrCat("/", AsAbsl(target));

  if (authority.find('@') != std::string_view::npos)
    return invalid("credentials in URLs are not supported");
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid("unclosed '['");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return invalid("junk after ']'");
      port = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
    }
    out.host = std::string(authority);
  }
  if (out.host.empty()) return invalid("no host");
  if (!port.empty()) {
    int number = 0;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(port[0])) ||
        !absl::SimpleAtoi(AsAbsl(port), &number) || number < 1 || number > 65535) {
      return invalid("bad port");
    }
    out.port = std::string(port);
  }
  return out;
}

class HttpClient::Impl {
 public:
  explicit Impl(HttpClientOptions options)
      : options_(std::move(options)), tls_(ssl::context::tls_client) {}

  absl::Status Init() {
    beast::error_code ec;
    tls_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                     ec);
    if (!ec) {
      if (options_.ca_file.empty()) {
        tls_.set_default_verify_paths(ec);
      } else {
        tls_.load_verify_file(options_.ca_file, ec);
      }
    }
    if (!ec) tls_.set_verify_mode(ssl::verify_peer, ec);
    if (ec) return absl::FailedPreconditionError(absl::StrCat("TLS setup: ", ec.message()));
    return absl::OkStatus();
  }

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request) {
    LL_ASSIGN_OR_RETURN(HttpUrl url, ParseHttpUrl(request.url));
    bhttp::request<bhttp::string_body> req;
    const bhttp::verb verb = bhttp::string_to_verb(request.method);
    if (verb == bhttp::verb::unknown) {
      req.method_string(request.method);
    } else {
      req.method(verb);
    }
    req.target(url.target);
    req.version(11);
    req.set(bhttp::field::host, HostHeader(url));
    req.set(bhttp::field::user_agent, "leafloaf");
    for (const auto& [name, value] : request.headers) {
      // CR/LF in a header would let a value smuggle in more headers.
      if (HasControlChar(name) || HasControlChar(value)) {
        return absl::InvalidArgumentError(absl::StrCat("control character in header ", name));
      }
      req.set(name, value);
    }
    req.body() = request.body;
    req.prepare_payload();

    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    const tcp::resolver::results_type endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("resolve ", url.host, ": ", ec.message()));

    if (!url.tls) {
      beast::tcp_stream stream(ioc);
      LL_RETURN_IF_ERROR(Connect(ioc, stream, endpoints, url));
      return Exchange(ioc, stream, req, url);
    }
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls_);
    if (!IsIpLiteral(url.host) &&
        !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      return absl::InvalidArgumentError(absl::StrCat("TLS: bad server name ", url.host));
    }
    stream.set_verify_callback([host = url.host](bool preverified, ssl::verify_context& ctx) {
      if (!ssl::host_name_verification(host)(preverified, ctx)) {
        // Report the mismatch itself, not a generic verification failure.
        if (preverified)
          X509_STORE_CTX_set_error(ctx.native_handle(), X509_V_ERR_HOSTNAME_MISMATCH);
        return false;
      }
      return true;
    });
    LL_RETURN_IF_ERROR(Connect(ioc, beast::get_lowest_layer(stream), endpoints, url));
    stream.async_handshake(ssl::stream_base::client, [&ec](const beast::error_code& e) { ec = e; });
    RunPending(ioc);
    if (ec == beast::error::timeout)
      return IoError("TLS handshake with", url, ec, options_.connect_timeout);
    if (ec) {
      std::string detail = ec.message();
      const long verify = SSL_get_verify_result(stream.native_handle());
      if (verify != X509_V_OK)
        detail = absl::StrCat("certificate verify failed: ", X509_verify_cert_error_string(verify));
      return absl::UnavailableError(
          absl::StrCat("TLS handshake with ", Authority(url), ": ", detail));
    }
    return Exchange(ioc, stream, req, url);
  }

 private:
  absl::Status Connect(asio::io_context& ioc, beast::tcp_stream& stream,
                       const tcp::resolver::results_type& endpoints, const HttpUrl& url) {
    beast::error_code ec;
    // Also bounds the TLS handshake that follows.
    stream.expires_after(options_.connect_timeout);
    stream.async_connect(endpoints,
                         [&ec](const beast::error_code& e, const tcp::endpoint&) { ec = e; });
    RunPending(ioc);
    if (ec) return IoError("connect to", url, ec, options_.connect_timeout);
    return absl::OkStatus();
  }

  template <class Stream>
  absl::StatusOr<HttpResponse> Exchange(asio::io_context& ioc, Stream& stream,
                                        bhttp::request<bhttp::string_body>& req,
                                        const HttpUrl& url) {
    beast::error_code ec;
    beast::get_lowest_layer(stream).expires_after(options_.timeout);
    bhttp::async_write(stream, req, [&ec](const beast::error_code& e, size_t) { ec = e; });
    RunPending(ioc);
    if (ec) return IoError("send request to", url, ec, options_.timeout);

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options_.body_limit_bytes);
    bhttp::async_read(stream, buffer, parser,
                      [&ec](const beast::error_code& e, size_t) { ec = e; });
    RunPending(ioc);
    // A TLS peer that closes without close_notify to end an unsized body.
    if (ec == ssl::error::stream_truncated && parser.is_header_done() && parser.need_eof()) {
      ec = {};
      parser.put_eof(ec);
    }
    if (ec) return IoError("read response from", url, ec, options_.timeout);
    auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[bhttp::field::content_type]);
    out.body = std::move(res.body());
    return out;
  }

  const HttpClientOptions options_;
  ssl::context tls_;  // configured in Init(); then only used to create streams
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

absl::StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(HttpClientOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  LL_RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

absl::StatusOr<HttpResponse> HttpClient::Send(const HttpRequest& request) const {
  return impl_->Send(request);
}

}  // namespace leafloaf::vector
