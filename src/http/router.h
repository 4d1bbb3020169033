// Router: the one route table. Each route names its method, a path pattern
// with {params}, the roles allowed to call it, and OpenAPI documentation.
//
// Handle() matches, authenticates, checks the role, runs the handler and
// turns any error into the JSON error body; it also records metrics per
// route pattern. HandleAsync() does the same without waiting for a route
// whose handler is asynchronous (AsyncHandler). Unknown paths get 404, a
// known path with another method 405, a missing or bad credential 401, the
// wrong role 403.
//
// Thread-safety: Add() before serving; Handle(), HandleAsync() and the
// other accessors are safe from any thread.
#ifndef LEAFLOAF_HTTP_ROUTER_H_
#define LEAFLOAF_HTTP_ROUTER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "common/strings.h"
#include "http/http_types.h"
#include "http/principal.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

class Metrics;

// Resolves a request's credential (X-API-Key or Authorization: Bearer).
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // kUnauthenticated when the credential is missing or invalid.
  virtual absl::StatusOr<Principal> Authenticate(const HttpRequest& request) = 0;
};

struct RequestContext {
  const HttpRequest& request;
  absl::flat_hash_map<std::string, std::string> params;  // from {name} segments
  Principal principal;  // empty shop for public routes

  std::string_view Param(std::string_view name) const {
    auto it = params.find(AsAbsl(name));
    return it == params.end() ? std::string_view() : std::string_view(it->second);
  }
};

using Handler = std::function<absl::StatusOr<HttpResponse>(RequestContext&)>;

// A handler that starts a durable store write and returns at once, so that
// no thread waits for the write (Route::async_handler). It hands `Resume`
// to the write's callback (Store::SubmitThen); the callback calls it once,
// from any thread, with the rest of the request (`Finish`), which the
// server then runs on an io thread. A handler that fails before writing
// calls it at once with the error. Dropping it uncalled (an exception, a
// bug) answers 500 rather than leaving the request hanging.
using Finish = absl::AnyInvocable<absl::StatusOr<HttpResponse>() &&>;
using Resume = absl::AnyInvocable<void(Finish) &&>;
using AsyncHandler = std::function<void(RequestContext&, Resume)>;
// What the router hands back for an async route: the rest of the request,
// errors mapped to JSON and metrics recorded when it runs.
using Respond = absl::AnyInvocable<HttpResponse() &&>;

struct Route {
  std::string method;
  // "/api/products/{id}"; a last segment "{name...}" takes the rest of the
  // path (zero or more segments, joined by '/'). Routes match in the order
  // added, and a catch-all answers 404 (not 405) to other methods.
  std::string pattern;
  uint8_t roles = kPublic;
  Handler handler;
  // Instead of `handler`: see AsyncHandler.
  AsyncHandler async_handler;
  // OpenAPI operation object (summary, parameters, responses, ...).
  nlohmann::json openapi = nlohmann::json::object();
  // The handler blocks until a store write is durable. The server runs such
  // handlers on its commit-wait threads, so io threads keep reading and
  // answering other requests, and concurrent writes share a commit.
  bool waits_for_commit = false;
};

class Router {
 public:
  // `auth` and `metrics` must outlive the router; metrics may be null.
  Router(Authenticator* auth, Metrics* metrics) : auth_(auth), metrics_(metrics) {}

  // REQUIRES: exactly one of route.handler and route.async_handler.
  void Add(Route route);
  // Answers the request on this thread (an async route's too: this thread
  // waits for its write).
  HttpResponse Handle(const HttpRequest& request) const;
  // How the request's route (by method and path) is answered: on the
  // caller's thread, by a handler that waits for a commit, or async. One
  // match, so the server pays two per request (this, then the handling).
  enum class Kind { kInline, kWaitsForCommit, kAsync };
  Kind KindOf(const HttpRequest& request) const;
  // Matches, authenticates and starts the request without waiting: `done`
  // gets, once and from any thread, the rest of the request to run where
  // the caller wants (the server: on the connection's io thread). Works for
  // every route; a synchronous one is answered before `done` is called.
  void HandleAsync(const HttpRequest& request, absl::AnyInvocable<void(Respond) &&> done) const;
  std::vector<const Route*> routes() const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;  // "{id}" marks a parameter
  };
  // Returns the matching route and fills params; sets *path_matched when
  // some route matched the path with another method.
  const Compiled* Match(const HttpRequest& request, RequestContext& ctx,
                        bool* path_matched) const;
  HttpResponse Dispatch(const Compiled& route, RequestContext& ctx) const;
  // Authenticates and checks the role; fills ctx.principal.
  absl::Status Authorize(const Compiled& route, RequestContext& ctx) const;
  // Starts an async route; `done` gets the rest (errors mapped to JSON).
  void DispatchAsync(const Compiled& route, RequestContext& ctx,
                     absl::AnyInvocable<void(Respond) &&> done) const;
  void Observe(const Compiled* route, std::chrono::steady_clock::time_point start,
               int status) const;

  Authenticator* auth_;
  Metrics* metrics_;
  std::vector<Compiled> routes_;
};

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_ROUTER_H_
