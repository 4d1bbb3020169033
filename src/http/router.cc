#include "http/router.h"

#include <cassert>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "http/errors.h"
#include "http/metrics.h"
#include "spdlog/spdlog.h"

namespace leafloaf::http {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  return absl::StrSplit(AsAbsl(path), '/', absl::SkipEmpty());
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name...}": the rest of the path, zero or more segments (last segment only).
bool IsRest(const std::string& segment) {
  return IsParam(segment) && segment.size() > 5 &&
         segment.compare(segment.size() - 4, 4, "...}") == 0;
}

}  // namespace

std::vector<const Route*> Router::routes() const {
  std::vector<const Route*> out;
  for (const Compiled& c : routes_) out.push_back(&c.route);
  return out;
}

void Router::Add(Route route) {
  assert(static_cast<bool>(route.handler) != static_cast<bool>(route.async_handler) &&
         "a route has a handler or an async handler");
  Compiled c{std::move(route), {}};
  c.segments = Segments(c.route.pattern);
  routes_.push_back(std::move(c));
}

const Router::Compiled* Router::Match(const HttpRequest& request, RequestContext& ctx,
                                      bool* path_matched) const {
  std::vector<std::string> parts = Segments(request.path);
  *path_matched = false;
  for (const Compiled& c : routes_) {
    bool rest = !c.segments.empty() && IsRest(c.segments.back());
    size_t fixed = rest ? c.segments.size() - 1 : c.segments.size();
    if (rest ? parts.size() < fixed : parts.size() != fixed) continue;
    absl::flat_hash_map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < fixed && ok; ++i) {
      if (IsParam(c.segments[i])) {
        params[c.segments[i].substr(1, c.segments[i].size() - 2)] = parts[i];
      } else {
        ok = c.segments[i] == parts[i];
      }
    }
    if (!ok) continue;
    if (rest) {
      const std::string& name = c.segments.back();
      params[name.substr(1, name.size() - 5)] = absl::StrJoin(
          std::vector<std::string>(parts.begin() + static_cast<ptrdiff_t>(fixed), parts.end()),
          "/");
    }
    bool method_ok = c.route.method == request.method ||
                     (request.method == "HEAD" && c.route.method == "GET");
    if (!method_ok) {
      // A catch-all route does not turn another method's 404 into a 405.
      if (!rest) *path_matched = true;
      continue;
    }
    ctx.params = std::move(params);
    return &c;
  }
  return nullptr;
}

Router::Kind Router::KindOf(const HttpRequest& request) const {
  RequestContext ctx{request, {}, {}};
  bool path_matched = false;
  const Compiled* c = Match(request, ctx, &path_matched);
  if (c == nullptr) return Kind::kInline;  // answered 404 or 405 at once
  if (c->route.async_handler) return Kind::kAsync;
  return c->route.waits_for_commit ? Kind::kWaitsForCommit : Kind::kInline;
}

namespace {

// Runs a handler: its error becomes the JSON error body (logged when it is
// the server's fault), an exception a 500.
template <typename Invoke>
HttpResponse Run(Invoke&& invoke, std::string_view method, std::string_view path) {
  try {
    absl::StatusOr<HttpResponse> response = invoke();
    if (!response.ok()) {
      if (HttpStatusFor(response.status().code()) >= 500) {
        spdlog::error("{} {}: {}", method, path, response.status().ToString());
      }
      return ErrorResponse(response.status());
    }
    return std::move(*response);
  } catch (const std::exception& e) {
    // Handlers convert library exceptions themselves; this is the last line.
    spdlog::error("{} {}: uncaught exception: {}", method, path, e.what());
    return ErrorResponse(absl::InternalError(e.what()));
  }
}

// An async handler's Resume: hands `done` the rest of the request exactly
// once, or a 500 when it is dropped uncalled.
class ResumeOnce {
 public:
  ResumeOnce(absl::AnyInvocable<void(Respond) &&> done, std::string method, std::string path)
      : done_(std::move(done)), method_(std::move(method)), path_(std::move(path)) {}
  ResumeOnce(ResumeOnce&& other) noexcept
      : done_(std::move(other.done_)),
        method_(std::move(other.method_)),
        path_(std::move(other.path_)),
        armed_(std::exchange(other.armed_, false)) {}
  ResumeOnce& operator=(ResumeOnce&&) = delete;
  ~ResumeOnce() {
    if (armed_) {
      Fire([]() -> absl::StatusOr<HttpResponse> {
        return absl::InternalError("the handler ended without an answer");
      });
    }
  }

  void operator()(Finish rest) && {
    assert(armed_ && "an async handler's Resume was called twice");
    if (!armed_) return;  // answered already: a second answer has no request
    armed_ = false;
    Fire(std::move(rest));
  }

 private:
  void Fire(Finish rest) {
    std::move(done_)([rest = std::move(rest), method = std::move(method_),
                      path = std::move(path_)]() mutable {
      return Run([&] { return std::move(rest)(); }, method, path);
    });
  }

  absl::AnyInvocable<void(Respond) &&> done_;
  std::string method_;
  std::string path_;
  bool armed_ = true;
};

}  // namespace

absl::Status Router::Authorize(const Compiled& c, RequestContext& ctx) const {
  if (c.route.roles == kPublic) return absl::OkStatus();
  absl::StatusOr<Principal> who = auth_->Authenticate(ctx.request);
  if (!who.ok()) return who.status();
  if ((MaskOf(who->role) & c.route.roles) == 0) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "a %s key may not call %s %s", RoleName(who->role), c.route.method, c.route.pattern));
  }
  ctx.principal = std::move(*who);
  return absl::OkStatus();
}

HttpResponse Router::Dispatch(const Compiled& c, RequestContext& ctx) const {
  if (absl::Status allowed = Authorize(c, ctx); !allowed.ok()) return ErrorResponse(allowed);
  if (c.route.async_handler) {  // this thread waits for the write
    auto rest = std::make_shared<std::promise<Respond>>();
    std::future<Respond> answered = rest->get_future();
    DispatchAsync(c, ctx, [rest](Respond r) mutable { rest->set_value(std::move(r)); });
    return answered.get()();
  }
  return Run([&] { return c.route.handler(ctx); }, ctx.request.method, ctx.request.path);
}

void Router::DispatchAsync(const Compiled& c, RequestContext& ctx,
                           absl::AnyInvocable<void(Respond) &&> done) const {
  try {
    c.route.async_handler(ctx, ResumeOnce(std::move(done), ctx.request.method, ctx.request.path));
  } catch (const std::exception& e) {
    // The handler's Resume, unless it was called, answered 500 as it went.
    spdlog::error("{} {}: uncaught exception: {}", ctx.request.method, ctx.request.path, e.what());
  }
}

void Router::Observe(const Compiled* route, std::chrono::steady_clock::time_point start,
                     int status) const {
  if (metrics_ == nullptr) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->ObserveRequest(route ? route->route.method : std::string_view("ANY"),
                           route ? std::string_view(route->route.pattern) : "unmatched", status,
                           seconds);
}

void Router::HandleAsync(const HttpRequest& request,
                         absl::AnyInvocable<void(Respond) &&> done) const {
  const auto start = std::chrono::steady_clock::now();
  RequestContext ctx{request, {}, {}};
  bool path_matched = false;
  const Compiled* route = Match(request, ctx, &path_matched);
  if (route == nullptr || !route->route.async_handler) {
    std::move(done)([r = Handle(request)]() mutable { return std::move(r); });
    return;
  }
  if (absl::Status allowed = Authorize(*route, ctx); !allowed.ok()) {
    HttpResponse r = ErrorResponse(allowed);
    Observe(route, start, r.status);
    std::move(done)([r = std::move(r)]() mutable { return std::move(r); });
    return;
  }
  DispatchAsync(*route, ctx, [this, route, start, done = std::move(done)](Respond rest) mutable {
    std::move(done)([this, route, start, rest = std::move(rest)]() mutable {
      HttpResponse r = std::move(rest)();
      Observe(route, start, r.status);
      return r;
    });
  });
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  RequestContext ctx{request, {}, {}};
  bool path_matched = false;
  const Compiled* route = Match(request, ctx, &path_matched);
  HttpResponse response;
  if (route == nullptr) {
    response = path_matched
                   ? ErrorResponse(405, "method_not_allowed",
                                   absl::StrFormat("%s is not allowed on %s", request.method,
                                                   request.path))
                   : ErrorResponse(404, "not_found",
                                   absl::StrFormat("no route for %s %s", request.method,
                                                   request.path));
  } else {
    response = Dispatch(*route, ctx);
  }
  Observe(route, start, response.status);
  return response;
}

}  // namespace leafloaf::http
