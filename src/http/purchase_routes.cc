// Purchase intelligence over HTTP (issue 5; purchase/purchase_service.h):
//   GET /api/users/{id}/usual?as_of=&budget=   my usual, with a one-click basket
//   GET /api/users/{id}/reorder?k=&as_of=      items due, with cycles and bundles
//   GET /api/users/{id}/next-basket?k=         the likeliest next purchases
//   GET /api/products/{id}/complements?user_id=&k=   bought together
// Each takes dietary_restrictions=TAG,... (a hard filter: every suggested
// product carries every tag). A shopper key bound to a user reaches only
// that user; staff keys any user of their shop. `as_of` (ISO 8601, default
// now) sets the day the answer is for. A shop or user without orders gets
// empty lists, not an error.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "catalog/dietary.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "http/query_params.h"
#include "http/routes.h"
#include "purchase/purchase_service.h"
#include "purchase/suggestion_filter.h"
#include "purchase/usual_basket.h"

namespace leafloaf::http {
namespace {

using json = nlohmann::json;
using purchase::Suggested;
using purchase::SuggestionFilter;
constexpr double kMicrosPerDayD = static_cast<double>(kMicrosPerDay);

absl::StatusOr<Micros> AsOf(const RequestContext& ctx, const Clock* clock) {
  std::optional<std::string_view> text = ctx.request.Query("as_of");
  if (!text || text->empty()) return clock->Now();
  auto at = ParseIsoTime(*text);
  if (!at.ok()) {
    return absl::InvalidArgumentError("as_of must be an ISO 8601 time such as 2026-10-31");
  }
  return *at;
}

// The product's catalog fields, or only its id once it left the catalog.
json ProductJson(const Suggested& suggested, const std::string& product_id) {
  json out = {{"product_id", product_id}};
  if (suggested.product) {
    const Product* product = &*suggested.product;
    out["name"] = product->name;
    out["brand"] = product->brand;
    out["category"] = product->category;
    out["price"] = static_cast<double>(product->price_cents) / 100.0;
    out["dietary_tags"] = product->dietary_tags;
  } else {
    out["name"] = nullptr;
  }
  return out;
}

double Round(double x, double unit = 1000) { return std::round(x * unit) / unit; }

// `budget=` (in the shop's currency, > 0): the one-click basket stays within it.
absl::StatusOr<std::optional<double>> Budget(const RequestContext& ctx) {
  std::optional<std::string_view> text = ctx.request.Query("budget");
  if (!text || text->empty()) return std::optional<double>();
  double value = 0;
  if (!absl::SimpleAtod(AsAbsl(*text), &value) || !std::isfinite(value) || value <= 0) {
    return absl::InvalidArgumentError("budget must be a positive number");
  }
  return std::optional<double>(value);
}

// Quantity memory: what the user usually takes of a suggested product
// (null when they never bought it).
void AddQuantity(json& item, const purchase::ShopPurchases& shop, std::string_view user,
                 purchase::ProductIndex product) {
  auto typical = shop.Quantity(user, product);
  item["quantity"] = typical ? json(typical->quantity) : json(nullptr);
  item["quantity_confidence"] = typical ? json(Round(typical->confidence)) : json(nullptr);
}

}  // namespace

void AddPurchaseRoutes(Router& router, const AppContext& app) {
  purchase::PurchaseService* purchases = app.purchases;
  Store* store = app.store;
  const Clock* clock = app.clock;
  auto shop_of = [purchases](const RequestContext& ctx) {
    return purchases ? purchases->Shop(ctx.principal.shop_id) : nullptr;
  };

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/usual",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        LL_ASSIGN_OR_RETURN(Micros as_of, AsOf(ctx, clock));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared, DietaryQueryParam(ctx.request, "dietary_restrictions"));
        SuggestionFilter filter(store, ctx.principal.shop_id, std::move(declared));
        LL_ASSIGN_OR_RETURN(std::optional<double> budget, Budget(ctx));
        json items = json::array(), basket = json::array(), over_budget = json::array();
        json out_of_stock = json::array();
        double basket_total = 0;
        if (auto shop = shop_of(ctx)) {
          std::optional<Cents> budget_cents;
          if (budget) budget_cents = static_cast<Cents>(std::llround(*budget * 100));
          purchase::UsualBasket usual =
              purchase::BuildUsualBasket(*shop, user, as_of, filter, budget_cents);
          for (const purchase::UsualBasketItem& entry : usual.items) {
            const purchase::UsualItem& u = entry.usual;
            json item = ProductJson(entry.suggested, entry.product_id);
            item["usual_quantity"] = u.usual_quantity;
            item["frequency"] = Round(u.share);
            item["purchases"] = u.purchases;
            item["last_purchased"] = FormatIsoTime(u.last_purchased);
            item["confidence"] = Round(u.confidence);
            item["seasonal"] = u.seasonal;
            item["months"] = u.months;
            item["in_season"] = u.in_season;
            item["in_basket"] = entry.in_basket;
            items.push_back(std::move(item));
          }
          for (const auto& [id, quantity] : usual.basket) {
            basket.push_back({{"product_id", id}, {"quantity", quantity}});
          }
          over_budget = usual.left_out_for_budget;
          out_of_stock = usual.out_of_stock;
          basket_total = CentsToUnits(usual.total_cents);
        }
        return HttpResponse::Json({{"user_id", user},
                                   {"as_of", FormatIsoTime(as_of)},
                                   {"items", std::move(items)},
                                   {"basket", std::move(basket)},
                                   {"basket_total", Round(basket_total, 100)},
                                   {"budget", budget ? json(*budget) : json(nullptr)},
                                   {"left_out_for_budget", std::move(over_budget)},
                                   {"out_of_stock", std::move(out_of_stock)},
                                   {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "The user's usual items (bought in at least a quarter of their trips, twice or "
                   "more), with usual quantity, frequency, last purchase and confidence; seasonal "
                   "items flagged with their months; `basket` is the one-click basket (in-season "
                   "items at their usual quantity)"}},
  });

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/reorder",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        LL_ASSIGN_OR_RETURN(int k, IntQueryParam(ctx.request, "k", 10, 1, 100));
        LL_ASSIGN_OR_RETURN(Micros as_of, AsOf(ctx, clock));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared, DietaryQueryParam(ctx.request, "dietary_restrictions"));
        SuggestionFilter filter(store, ctx.principal.shop_id, std::move(declared));
        json items = json::array();
        std::map<int, json> bundles;
        if (auto shop = shop_of(ctx)) {
          // Bundles are computed over the due items before the filter, so
          // they keep their meaning (what falls due together).
          for (const purchase::ReorderItem& r :
               shop->reorder().Due(shop->Baskets(user), as_of, filter.Overfetch(k))) {
            if (items.size() >= static_cast<size_t>(k)) break;
            const std::string& id = shop->history().product_id(r.product);
            const std::optional<Suggested> suggested = filter.Admit(id);
            if (!suggested) continue;
            json item = ProductJson(*suggested, id);
            item["cycle_days"] = Round(r.cycle_days, 10);
            item["your_median_days"] = Round(r.user_median_days, 10);
            item["population_cycle_days"] = Round(r.population_cycle_days, 10);
            item["purchases"] = r.purchases;
            item["last_purchased"] = FormatIsoTime(r.last_purchased);
            item["due_date"] = FormatIsoTime(r.due);
            item["holiday"] = r.holiday ? json(r.holiday->name) : json(nullptr);
            item["unadjusted_due_date"] = FormatIsoTime(r.unadjusted_due);
            item["days_overdue"] = Round(static_cast<double>(as_of - r.due) / kMicrosPerDayD, 10);
            item["overdue_score"] = Round(r.overdue);
            item["confidence"] = Round(r.confidence);
            item["bundle"] = r.bundle;
            AddQuantity(item, *shop, user, r.product);
            items.push_back(std::move(item));
            json& bundle = bundles[r.bundle];
            if (bundle.is_null()) bundle = {{"bundle", r.bundle}, {"product_ids", json::array()}};
            bundle["product_ids"].push_back(id);
          }
        }
        json bundle_list = json::array();
        for (auto& [number, bundle] : bundles) bundle_list.push_back(std::move(bundle));
        return HttpResponse::Json({{"user_id", user},
                                   {"as_of", FormatIsoTime(as_of)},
                                   {"items", std::move(items)},
                                   {"bundles", std::move(bundle_list)},
                                   {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "Items due for reorder (from 80% of their cycle on), most pressing first: "
                   "cycle_days (the user's median interval shrunk toward the product's population "
                   "cycle), last_purchased, due_date, overdue_score, confidence; bundles group "
                   "items due within 3 days of each other"}},
  });

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/next-basket",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        LL_ASSIGN_OR_RETURN(int k, IntQueryParam(ctx.request, "k", 10, 1, 100));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared, DietaryQueryParam(ctx.request, "dietary_restrictions"));
        SuggestionFilter filter(store, ctx.principal.shop_id, std::move(declared));
        json items = json::array();
        if (auto shop = shop_of(ctx)) {
          for (const purchase::NextBasketItem& n :
               shop->NextBasket(user, static_cast<int>(filter.Overfetch(k)))) {
            if (items.size() >= static_cast<size_t>(k)) break;
            const std::string& id = shop->history().product_id(n.product);
            const std::optional<Suggested> suggested = filter.Admit(id);
            if (!suggested) continue;
            json item = ProductJson(*suggested, id);
            item["score"] = Round(n.score, 1e6);
            item["source"] = n.repeat ? "repeat" : "explore";
            AddQuantity(item, *shop, user, n.product);
            items.push_back(std::move(item));
          }
        }
        return HttpResponse::Json(
            {{"user_id", user}, {"items", std::move(items)}, {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "The k products the user is likeliest to buy next (docs/PURCHASE.md): each with "
                   "its score and source (repeat: bought before; explore: from the shop's "
                   "bestsellers)"}},
  });

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/products/{id}/complements",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string product(ctx.Param("id"));
        LL_ASSIGN_OR_RETURN(int k, IntQueryParam(ctx.request, "k", 10, 1, 100));
        std::string user;
        if (auto id = ctx.request.Query("user_id")) user = std::string(*id);
        if (user.empty() && ctx.principal.role == Role::kShopper) user = ctx.principal.user_id;
        if (!user.empty()) LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared, DietaryQueryParam(ctx.request, "dietary_restrictions"));
        SuggestionFilter filter(store, ctx.principal.shop_id, std::move(declared));
        json items = json::array();
        if (auto shop = shop_of(ctx)) {
          const int64_t index = shop->history().FindProduct(product);
          if (index >= 0) {
            for (const purchase::Complement& c : shop->complements().Find(
                     static_cast<purchase::ProductIndex>(index), shop->Baskets(user),
                     filter.Overfetch(k))) {
              if (items.size() >= static_cast<size_t>(k)) break;
              const std::string& id = shop->history().product_id(c.product);
              const std::optional<Suggested> suggested = filter.Admit(id);
              if (!suggested) continue;
              json item = ProductJson(*suggested, id);
              item["together"] = c.together;
              item["support"] = Round(c.support, 1e6);
              item["confidence"] = Round(c.confidence);
              item["lift"] = Round(c.lift);
              item["score"] = Round(c.score, 1e6);
              item["bought_together_by_you"] = c.user_together;
              AddQuantity(item, *shop, user, c.product);
              items.push_back(std::move(item));
            }
          }
        }
        return HttpResponse::Json({{"product_id", product},
                                   {"user_id", user.empty() ? json(nullptr) : json(user)},
                                   {"items", std::move(items)},
                                   {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "Products bought together with this one (support, confidence, lift from the "
                   "shop's baskets; lift must exceed 1), ranked by confidence x (1 - 1/lift) and, "
                   "with user_id, boosted by the baskets where that user bought both"}},
  });
}

}  // namespace leafloaf::http
