#include "http/router.h"

#include <chrono>
#include <exception>

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

bool Router::WaitsForCommit(const HttpRequest& request) const {
  RequestContext ctx{request, {}, {}};
  bool path_matched = false;
  const Compiled* c = Match(request, ctx, &path_matched);
  return c != nullptr && c->route.waits_for_commit;
}

HttpResponse Router::Dispatch(const Compiled& c, RequestContext& ctx) const {
  if (c.route.roles != kPublic) {
    absl::StatusOr<Principal> who = auth_->Authenticate(ctx.request);
    if (!who.ok()) return ErrorResponse(who.status());
    if ((MaskOf(who->role) & c.route.roles) == 0) {
      return ErrorResponse(absl::PermissionDeniedError(absl::StrFormat(
          "a %s key may not call %s %s", RoleName(who->role), c.route.method, c.route.pattern)));
    }
    ctx.principal = std::move(*who);
  }
  try {
    absl::StatusOr<HttpResponse> response = c.route.handler(ctx);
    if (!response.ok()) {
      if (HttpStatusFor(response.status().code()) >= 500) {
        spdlog::error("{} {}: {}", ctx.request.method, ctx.request.path,
                      response.status().ToString());
      }
      return ErrorResponse(response.status());
    }
    return std::move(*response);
  } catch (const std::exception& e) {
    // Handlers convert library exceptions themselves; this is the last line.
    spdlog::error("{} {}: uncaught exception: {}", ctx.request.method, ctx.request.path, e.what());
    return ErrorResponse(absl::InternalError(e.what()));
  }
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  RequestContext ctx{request, {}, {}};
  bool path_matched = false;
  const Compiled* route = Match(request, ctx, &path_matched);
  HttpResponse response;
  std::string_view label = "unmatched";
  if (route == nullptr) {
    response = path_matched
                   ? ErrorResponse(405, "method_not_allowed",
                                   absl::StrFormat("%s is not allowed on %s", request.method,
                                                   request.path))
                   : ErrorResponse(404, "not_found",
                                   absl::StrFormat("no route for %s %s", request.method,
                                                   request.path));
  } else {
    label = route->route.pattern;
    response = Dispatch(*route, ctx);
  }
  if (metrics_ != nullptr) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_->ObserveRequest(route ? route->route.method : std::string_view("ANY"), label,
                             response.status, seconds);
  }
  return response;
}

}  // namespace leafloaf::http
