// HttpServer: HTTP/1.1 over Boost.Beast with C++20 coroutines. Each
// connection is a coroutine on its own strand; requests on it are handled
// one at a time by the Router. Handlers run on the io threads, except those
// of routes that wait for a durable commit (Route::waits_for_commit): they
// run on commit-wait threads while the connection's coroutine is suspended,
// so a waiting write never holds an io thread, and as many writes as there
// are commit-wait threads can share one group commit. Routes with an async
// handler (Route::async_handler, tracking) hold no thread at all: the
// connection's coroutine is suspended until the store's callback posts the
// rest of the request back to its strand; the server's destructor waits for
// callbacks still to come.
//
// Limits: a body larger than body_limit_bytes gets 413; a header not
// complete within header_timeout (including keep-alive idle time) closes
// the connection; a body not read within body_timeout gets 408.
//
// Shutdown (SIGTERM/SIGINT when handle_signals, or Shutdown()): stop
// accepting, close idle connections, let requests in flight finish and
// answer (with Connection: close), then return from Run(). Connections still
// busy after shutdown_grace are dropped.
#ifndef LEAFLOAF_HTTP_SERVER_H_
#define LEAFLOAF_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "http/router.h"

namespace leafloaf::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;              // 0 = any free port (see bound_port())
  int threads = 8;                   // io threads
  int commit_wait_threads = 64;      // threads for handlers that wait for a commit
  uint64_t body_limit_bytes = 1 << 20;
  std::chrono::milliseconds header_timeout{30'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  bool handle_signals = true;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(ServerOptions options, const Router* router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. After success, bound_port() is the real port.
  absl::Status Listen();
  uint16_t bound_port() const;
  // Serves until shutdown; returns after draining. REQUIRES: Listen() ok.
  void Run();
  // Asks a running server to shut down. Thread-safe; idempotent.
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_SERVER_H_
