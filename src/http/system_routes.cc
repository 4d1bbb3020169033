#include <chrono>

#include "http/routes.h"

namespace leafloaf::http {
namespace {

// OpenAPI 3 document built from the route table, so it cannot drift.
nlohmann::json OpenApi(const Router& router, const AppContext& app) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route* route_ptr : router.routes()) {
    const Route& route = *route_ptr;
    nlohmann::json op = route.openapi;
    if (route.roles != kPublic) {
      op["security"] = {{{"apiKey", nlohmann::json::array()}},
                        {{"bearer", nlohmann::json::array()}}};
      nlohmann::json roles = nlohmann::json::array();
      if (route.roles & kShopperRole) roles.push_back("shopper");
      if (route.roles & kMerchantRole) roles.push_back("merchant");
      if (route.roles & kAdminRole) roles.push_back("admin");
      op["x-roles"] = roles;
      op["responses"]["401"] = {{"description", "missing or invalid credential"}};
      op["responses"]["403"] = {{"description", "the credential's role may not call this"}};
    }
    if (!op.contains("responses")) op["responses"] = {{"200", {{"description", "OK"}}}};
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[route.pattern][method] = std::move(op);
  }
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", "LeafLoaf API"}, {"version", app.version}}},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes",
         {{"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}},
  };
}

}  // namespace

void AddSystemRoutes(Router& router, const AppContext& app) {
  router.Add(Route{
      .method = "GET",
      .pattern = "/health",
      .roles = kPublic,
      .handler = [app](RequestContext&) -> absl::StatusOr<HttpResponse> {
        auto start = std::chrono::steady_clock::now();
        absl::Status store = app.store->Ping();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              start)
                        .count();
        nlohmann::json store_state = {{"status", store.ok() ? "ok" : "unavailable"},
                                      {"backend", app.store_backend},
                                      {"latency_ms", ms},
                                      {"schema_version", app.store->Stats().schema_version}};
        if (!store.ok()) store_state["error"] = std::string(store.message());
        nlohmann::json body = {
            {"status", store.ok() ? "ok" : "unavailable"},
            {"version", app.version},
            {"uptime_s", (app.clock->Now() - app.started_at) / kMicrosPerSecond},
            {"dependencies",
             {{"store", std::move(store_state)},
              {"cache", {{"status", "ok"}, {"backend", "none"}}},
              {"llm", {{"status", "disabled"}}}}},
        };
        return HttpResponse::Json(body, store.ok() ? 200 : 503);
      },
      .openapi = {{"summary", "Overall status and the state of each dependency"},
                  {"responses",
                   {{"200", {{"description", "healthy"}}},
                    {"503", {{"description", "a required dependency is down"}}}}}},
  });
  router.Add(Route{
      .method = "GET",
      .pattern = "/metrics",
      .roles = kPublic,
      .handler = [app](RequestContext&) -> absl::StatusOr<HttpResponse> {
        StoreStats stats = app.store->Stats();
        return HttpResponse::Text(app.metrics->Render(&stats),
                                  "text/plain; version=0.0.4; charset=utf-8");
      },
      .openapi = {{"summary", "Prometheus metrics: requests and latency per route, store stats"}},
  });
  router.Add(Route{
      .method = "GET",
      .pattern = "/openapi.json",
      .roles = kPublic,
      .handler = [app, &router](RequestContext&) -> absl::StatusOr<HttpResponse> {
        return HttpResponse::Json(OpenApi(router, app));
      },
      .openapi = {{"summary", "This OpenAPI document"}},
  });
}

void AddAllRoutes(Router& router, const AppContext& app) {
  AddSystemRoutes(router, app);
  AddCatalogRoutes(router, app);
  AddCatalogWriteRoutes(router, app);
  AddSearchRoutes(router, app);
  AddInteractionRoutes(router, app);
  AddUserRoutes(router, app);
  AddPurchaseRoutes(router, app);
  AddInsightsRoutes(router, app);
  AddCartRoutes(router, app);
  AddGraphRoutes(router, app);
  AddStaticRoutes(router, app);
}

}  // namespace leafloaf::http
