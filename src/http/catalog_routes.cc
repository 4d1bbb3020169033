#include <charconv>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "http/json_views.h"
#include "http/query_params.h"
#include "http/routes.h"

namespace leafloaf::http {
namespace {

// Cursors are opaque to clients: web-safe base64 of "p<last id>".
std::string EncodeCursor(int64_t after_id) {
  return absl::WebSafeBase64Escape(absl::StrCat("p", after_id));
}

absl::StatusOr<int64_t> DecodeCursor(std::string_view cursor) {
  std::string raw;
  int64_t id = 0;
  if (absl::WebSafeBase64Unescape(AsAbsl(cursor), &raw) && raw.size() > 1 && raw[0] == 'p') {
    auto [end, ec] = std::from_chars(raw.data() + 1, raw.data() + raw.size(), id);
    if (ec == std::errc() && end == raw.data() + raw.size() && id > 0) return id;
  }
  return absl::InvalidArgumentError("invalid cursor");
}

nlohmann::json QueryParam(std::string_view name, std::string_view description) {
  return {{"name", name}, {"in", "query"}, {"required", false},
          {"description", description}, {"schema", {{"type", "string"}}}};
}

}  // namespace

void AddCatalogRoutes(Router& router, const AppContext& app) {
  Store* store = app.store;
  router.Add(Route{
      .method = "GET",
      .pattern = "/api/products",
      .roles = kAnyRole,
      .handler = [store](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        ProductFilter filter;
        LL_ASSIGN_OR_RETURN(filter.limit, IntQueryParam(ctx.request, "limit", 50, 1, 1000));
        filter.category = std::string(ctx.request.Query("category").value_or(""));
        filter.brand = std::string(ctx.request.Query("brand").value_or(""));
        auto cursor = ctx.request.Query("cursor");
        if (cursor && !cursor->empty()) {
          LL_ASSIGN_OR_RETURN(filter.after_id, DecodeCursor(*cursor));
        }
        LL_ASSIGN_OR_RETURN(ProductPage page, store->ListProducts(ctx.principal.shop_id, filter));
        nlohmann::json products = nlohmann::json::array();
        for (const Product& p : page.products) products.push_back(ProductJson(p));
        nlohmann::json body = {{"products", std::move(products)}, {"limit", filter.limit}};
        body["next_cursor"] = page.next_after_id ? nlohmann::json(EncodeCursor(page.next_after_id))
                                                 : nlohmann::json(nullptr);
        return HttpResponse::Json(body);
      },
      .openapi = {{"summary", "List the shop's products, filtered and paged by cursor"},
                  {"parameters",
                   {QueryParam("category", "category path or any prefix of it, e.g. Dairy"),
                    QueryParam("brand", "brand, case-insensitive"),
                    QueryParam("limit", "1..1000, default 50"),
                    QueryParam("cursor", "next_cursor from the previous page")}},
                  {"responses", {{"200", {{"description", "{products, next_cursor, limit}"}}}}}},
  });
  router.Add(Route{
      .method = "GET",
      .pattern = "/api/products/{id}",
      .roles = kAnyRole,
      .handler = [store](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(Product p, store->GetProduct(ctx.principal.shop_id, ctx.Param("id")));
        return HttpResponse::Json(ProductJson(p));
      },
      .openapi = {{"summary", "One product by its product_id (the source's id)"},
                  {"parameters",
                   {{{"name", "id"}, {"in", "path"}, {"required", true},
                     {"schema", {{"type", "string"}}}}}},
                  {"responses",
                   {{"200", {{"description", "the product"}}},
                    {"404", {{"description", "no such product in this shop"}}}}}},
  });
}

}  // namespace leafloaf::http
