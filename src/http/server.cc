#include "http/server.h"

// Boost 1.74 with g++ 12: <utility> must precede Asio's awaitable header.
#include <utility>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "http/errors.h"
#include "spdlog/spdlog.h"

namespace leafloaf::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// One connection's state, shared between its coroutine and the shutdown path.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};  // a request is being handled or answered
};

HttpRequest ToRequest(const bhttp::request<bhttp::string_body>& in) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  for (const auto& field : in) {
    out.headers.insert_or_assign(absl::AsciiStrToLower(std::string(field.name_string())),
                                 std::string(field.value()));
  }
  out.body = in.body();
  return out;
}

bhttp::response<bhttp::string_body> ToBeast(HttpResponse&& in, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
  out.set(bhttp::field::server, "leafloaf");
  out.set(bhttp::field::content_type, in.content_type);
  for (auto& [name, value] : in.headers) out.set(name, value);
  out.keep_alive(keep_alive);
  if (head) {
    out.content_length(in.body.size());
  } else {
    out.body() = std::move(in.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, const Router* router)
      : options_(std::move(options)),
        router_(router),
        io_(options_.threads),
        commit_pool_(static_cast<size_t>(std::max(1, options_.commit_wait_threads))),
        acceptor_(io_),
        signals_(io_) {}

  // A store callback still to come would post to io_: wait for it (the
  // store answers every write, a closing store with an error).
  ~Impl() {
    while (async_pending_.load(std::memory_order_acquire) > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  absl::Status Listen() {
    beast::error_code ec;
    auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrFormat("bad address %s", options_.address));
    tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrFormat("cannot listen on %s:%d: %s", options_.address, options_.port, ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    return absl::OkStatus();
  }

  uint16_t port() const { return port_; }

  void Run() {
    if (options_.handle_signals) {
      signals_.add(SIGTERM);
      signals_.add(SIGINT);
      signals_.async_wait([this](const beast::error_code& ec, int sig) {
        if (!ec) {
          spdlog::info("signal {}: draining and shutting down", sig);
          Shutdown();
        }
      });
    }
    asio::co_spawn(acceptor_.get_executor(), Accept(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& t : threads) t.join();
  }

  void Shutdown() {
    if (stopping_.exchange(true)) return;
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      signals_.cancel(ec);
      CloseIdle();
      asio::co_spawn(io_, Drain(), asio::detached);
    });
  }

 private:
  asio::awaitable<void> Accept() {
    while (!stopping_) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(
          asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) break;
        spdlog::warn("accept: {}", ec.message());
        continue;
      }
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(mu_);
        connections_.insert(conn);
      }
      asio::co_spawn(conn->stream.get_executor(), Serve(conn), asio::detached);
    }
  }

  // Closes connections that wait for a request; busy ones close after answering.
  void CloseIdle() {
    std::lock_guard lock(mu_);
    for (const auto& conn : connections_) {
      asio::post(conn->stream.get_executor(), [conn] {
        if (!conn->busy) {
          beast::error_code ec;
          conn->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
          conn->stream.socket().close(ec);
        }
      });
    }
  }

  asio::awaitable<void> Drain() {
    asio::steady_timer timer(io_);
    auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mu_);
        if (connections_.empty()) break;
      }
      CloseIdle();  // connections that finished a request since
      timer.expires_after(std::chrono::milliseconds(20));
      beast::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    io_.stop();
  }

  asio::awaitable<void> Serve(std::shared_ptr<Connection> conn) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    while (!stopping_) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options_.body_limit_bytes);
      parser.header_limit(16 * 1024);
      conn->stream.expires_after(options_.header_timeout);
      co_await bhttp::async_read_header(conn->stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == bhttp::error::body_limit) {  // Content-Length over the limit
          co_await Reply(conn, TooLarge(), 11, false);
          co_await LingeringClose(conn);
        } else if (ec == bhttp::error::header_limit) {
          co_await Reply(conn, ErrorResponse(431, "header_too_large", "request headers too large"),
                         11, false);
        } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                   ec != asio::error::operation_aborted && ec != asio::error::eof &&
                   ec != asio::error::connection_reset && buffer.size() > 0) {
          co_await Reply(conn, ErrorResponse(400, "bad_request", "malformed HTTP request"), 11,
                         false);
        }
        break;
      }
      conn->busy = true;
      const unsigned version = parser.get().version();
      if (!parser.is_done()) {
        auto content_length = parser.content_length();
        if (content_length && *content_length > options_.body_limit_bytes) {
          co_await Reply(conn, TooLarge(), version, false);
          co_await LingeringClose(conn);
          break;
        }
        conn->stream.expires_after(options_.body_timeout);
        co_await bhttp::async_read(conn->stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          if (ec == bhttp::error::body_limit) {
            co_await Reply(conn, TooLarge(), version, false);
            co_await LingeringClose(conn);
          } else if (ec == beast::error::timeout) {
            co_await Reply(conn, ErrorResponse(408, "request_timeout", "request body timed out"),
                           version, false);
          }
          break;
        }
      }
      conn->stream.expires_never();
      auto& message = parser.get();
      HttpRequest request = ToRequest(message);
      HttpResponse response;
      const bool parsed = ParseTarget(request.target, &request.path, &request.query);
      const Router::Kind kind = parsed ? router_->KindOf(request) : Router::Kind::kInline;
      if (!parsed) {
        response = ErrorResponse(400, "bad_request", "malformed percent-encoding in the URL");
      } else if (kind == Router::Kind::kAsync) {
        // Suspend this connection while the write becomes durable; nothing
        // waits for it. The rest of the request runs on this connection's
        // strand once the store's callback posts it.
        response = co_await asio::async_initiate<decltype(asio::use_awaitable), void(HttpResponse)>(
            [this, &request](auto handler) {
              auto executor = asio::get_associated_executor(handler, io_.get_executor());
              async_pending_.fetch_add(1, std::memory_order_relaxed);
              router_->HandleAsync(request, [this, executor, handler = std::move(handler)](
                                                Respond rest) mutable {
                {
                  // Gone before the count drops: ~Impl may then destroy io_.
                  auto strand = std::move(executor);
                  asio::post(strand, [handler = std::move(handler), rest = std::move(rest)]() mutable {
                    std::move(handler)(std::move(rest)());
                  });
                }
                async_pending_.fetch_sub(1, std::memory_order_release);
              });
            },
            asio::use_awaitable);
      } else if (kind == Router::Kind::kWaitsForCommit) {
        // Suspend this connection, not an io thread, while the write commits.
        response = co_await asio::co_spawn(
            commit_pool_,
            [this, &request]() -> asio::awaitable<HttpResponse> { co_return router_->Handle(request); },
            asio::use_awaitable);
      } else {
        response = router_->Handle(request);
      }
      bool keep_alive = message.keep_alive() && !stopping_;
      bool head = message.method() == bhttp::verb::head;
      bool ok = co_await Reply(conn, std::move(response), version, keep_alive, head);
      conn->busy = false;
      if (!ok || !keep_alive) break;
    }
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn->stream.socket().close(ec);
    std::lock_guard lock(mu_);
    connections_.erase(conn);
  }

  // After refusing a request whose body is still arriving: stop sending,
  // then read and discard for a moment, so the client's unread body does not
  // make the kernel reset the connection before the client reads our answer.
  asio::awaitable<void> LingeringClose(std::shared_ptr<Connection> conn) {
    beast::error_code ec;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16384> sink;
    size_t discarded = 0;
    while (!ec && discarded < kMaxLingerBytes) {
      conn->stream.expires_after(std::chrono::seconds(2));
      discarded += co_await conn->stream.async_read_some(
          asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  static constexpr size_t kMaxLingerBytes = 64 << 20;

  static HttpResponse TooLarge() {
    return ErrorResponse(413, "payload_too_large", "request body exceeds the size limit");
  }

  asio::awaitable<bool> Reply(std::shared_ptr<Connection> conn, HttpResponse response,
                              unsigned version, bool keep_alive, bool head = false) {
    auto out = ToBeast(std::move(response), version, keep_alive, head);
    beast::error_code ec;
    conn->stream.expires_after(options_.body_timeout);
    if (head) {
      bhttp::response_serializer<bhttp::string_body> sr{out};
      co_await bhttp::async_write_header(conn->stream, sr,
                                         asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await bhttp::async_write(conn->stream, out, asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return !ec;
  }

  const ServerOptions options_;
  const Router* router_;
  asio::io_context io_;
  // Destroyed before io_: joins handlers still waiting for a commit.
  asio::thread_pool commit_pool_;
  // Async handlers whose store callback has not posted their answer yet.
  std::atomic<int64_t> async_pending_{0};
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::set<std::shared_ptr<Connection>> connections_;  // guarded by mu_
};

HttpServer::HttpServer(ServerOptions options, const Router* router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}
HttpServer::~HttpServer() = default;
absl::Status HttpServer::Listen() { return impl_->Listen(); }
uint16_t HttpServer::bound_port() const { return impl_->port(); }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace leafloaf::http
