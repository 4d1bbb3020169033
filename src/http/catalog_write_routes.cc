// Product writes: the store first (durable), then the search index, so a
// product is searchable as soon as the write is acknowledged.
#include "absl/strings/str_format.h"
#include "catalog/dietary.h"
#include "common/status_macros.h"
#include "http/json_body.h"
#include "http/json_views.h"
#include "http/routes.h"
#include "personalize/personalization_service.h"
#include "search/search_service.h"

namespace leafloaf::http {
namespace {

constexpr size_t kMaxProductsPerRequest = 1000;

absl::StatusOr<Product> ProductFromJson(const nlohmann::json& obj, const std::string& shop) {
  if (!obj.is_object()) return absl::InvalidArgumentError("a product must be a JSON object");
  Product p;
  p.shop_id = shop;
  LL_ASSIGN_OR_RETURN(std::optional<std::string> id, OptionalString(obj, "product_id"));
  LL_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(obj, "name"));
  if (!id || id->empty()) return absl::InvalidArgumentError("product_id is required");
  if (!name || name->empty()) return absl::InvalidArgumentError("name is required");
  p.external_id = *id;
  p.name = *name;
  LL_ASSIGN_OR_RETURN(auto sku, OptionalString(obj, "sku"));
  LL_ASSIGN_OR_RETURN(auto brand, OptionalString(obj, "brand"));
  LL_ASSIGN_OR_RETURN(auto description, OptionalString(obj, "description"));
  LL_ASSIGN_OR_RETURN(auto unit, OptionalString(obj, "unit"));
  p.sku = sku.value_or("");
  p.brand = brand.value_or("");
  p.description = description.value_or("");
  p.unit = unit.value_or("");
  auto category = obj.find("category");
  if (category != obj.end() && category->is_array()) {
    for (const auto& level : *category) {
      if (!level.is_string()) return absl::InvalidArgumentError("category must be a string or a list of strings");
      if (!p.category.empty()) p.category += kCategorySeparator;
      p.category += level.get<std::string>();
    }
  } else {
    LL_ASSIGN_OR_RETURN(auto path, OptionalString(obj, "category"));
    p.category = path.value_or("");
  }
  LL_ASSIGN_OR_RETURN(auto price_cents, OptionalInteger(obj, "price_cents"));
  LL_ASSIGN_OR_RETURN(auto price, OptionalNumber(obj, "price"));
  if (price_cents) {
    p.price_cents = *price_cents;
  } else if (price) {
    if (*price < 0 || *price > 1e9) return absl::InvalidArgumentError("price must be a price like 4.99");
    p.price_cents = static_cast<Cents>(*price * 100 + 0.5);
  }
  if (p.price_cents < 0) return absl::InvalidArgumentError("price must not be negative");
  LL_ASSIGN_OR_RETURN(auto size, OptionalNumber(obj, "size"));
  p.size = size.value_or(0);
  LL_ASSIGN_OR_RETURN(auto stock, OptionalInteger(obj, "stock"));
  p.stock = stock.value_or(-1);
  LL_ASSIGN_OR_RETURN(std::vector<std::string> tags, StringList(obj, "dietary_tags"));
  std::vector<std::string> unknown;
  std::string joined;
  for (const auto& t : tags) joined += t + ",";
  p.dietary_tags = ParseDietaryTags(joined, &unknown);
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("unknown dietary tag '%s'", unknown[0]));
  }
  return p;
}

}  // namespace

void AddCatalogWriteRoutes(Router& router, const AppContext& app) {
  Store* store = app.store;
  search::SearchService* search = app.search;
  personalize::PersonalizationService* personalization = app.personalization;
  router.Add(Route{
      .method = "POST",
      .pattern = "/api/products",
      .roles = kStaffRoles,
      .handler = [store, search, personalization](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(ctx.request));
        std::vector<nlohmann::json> items;
        if (body.is_array()) {
          items.assign(body.begin(), body.end());
        } else {
          items.push_back(body);
        }
        if (items.empty() || items.size() > kMaxProductsPerRequest) {
          return absl::InvalidArgumentError("send 1 to 1000 products");
        }
        WriteBatch batch;
        batch.atomic = true;  // all or nothing
        std::vector<Product> products;
        for (size_t i = 0; i < items.size(); ++i) {
          auto p = ProductFromJson(items[i], ctx.principal.shop_id);
          if (!p.ok()) {
            return absl::InvalidArgumentError(
                items.size() > 1 ? absl::StrFormat("product %d: %s", i, p.status().message())
                                 : std::string(p.status().message()));
          }
          products.push_back(*p);
          batch.Add(std::move(*p));
        }
        WriteResult result = store->Write(std::move(batch));
        if (!result.status.ok()) return result.status;
        for (const absl::Status& s : result.results) {
          if (!s.ok() && s.code() != absl::StatusCode::kAborted) return s;
        }
        nlohmann::json out = nlohmann::json::array();
        for (const Product& p : products) {
          search->OnProductUpserted(p);
          if (personalization) personalization->OnProductUpserted(p);
          auto stored = store->GetProduct(p.shop_id, p.external_id);
          out.push_back(stored.ok() ? ProductJson(*stored) : ProductJson(p));
        }
        return HttpResponse::Json({{"products", std::move(out)}}, 201);
      },
      .openapi = {{"summary", "Create or replace products (one object or a list of up to 1000)"},
                  {"responses",
                   {{"201", {{"description", "{products: [...]}, searchable at once"}}},
                    {"400", {{"description", "invalid product; nothing written"}}}}}},
      .waits_for_commit = true,
  });
  router.Add(Route{
      .method = "DELETE",
      .pattern = "/api/products/{id}",
      .roles = kStaffRoles,
      .handler = [store, search](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        WriteBatch batch;
        batch.Add(DeleteProduct{ctx.principal.shop_id, std::string(ctx.Param("id"))});
        WriteResult result = store->Write(std::move(batch));
        if (!result.status.ok()) return result.status;
        if (!result.results[0].ok()) return result.results[0];
        search->OnProductRemoved(ctx.principal.shop_id, ctx.Param("id"));
        return HttpResponse::Json({{"deleted", ctx.Param("id")}});
      },
      .openapi = {{"summary", "Delete a product; it leaves search at once"}},
      .waits_for_commit = true,
  });
}

}  // namespace leafloaf::http
