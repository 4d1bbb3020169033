// What purchase histories say about a user, over HTTP (issue 5;
// purchase/inference/insights_service.h):
//   GET /api/users/{id}/insights               budget, household, dietary
//   GET /api/products/{id}/alternatives?k=     cheaper alternatives
// A shopper key bound to a user reaches only that user. A user or product
// the shop's orders never mention gets empty answers, not an error.
#include <cmath>

#include "common/status_macros.h"
#include "http/query_params.h"
#include "http/routes.h"
#include "purchase/inference/insights_service.h"
#include "purchase/suggestion_filter.h"

namespace leafloaf::http {
namespace {

using json = nlohmann::json;

double Round(double x, double unit = 1000) { return std::round(x * unit) / unit; }

json BudgetJson(const purchase::ShopInsights& s, int64_t user) {
  json tiers = json::array();
  std::optional<Cents> spend;
  if (user >= 0) {
    const auto u = static_cast<purchase::UserIndex>(user);
    spend = s.budget().TypicalBasketSpend(u);
    for (const purchase::CategoryTier& t : s.budget().PreferredTiers(u)) {
      tiers.push_back({{"category", t.category},
                       {"tier", purchase::PriceTierName(t.tier)},
                       {"mean_percentile", Round(t.mean_percentile)},
                       {"purchases", t.purchases}});
    }
  }
  return {{"typical_basket_spend", spend ? json(CentsToUnits(*spend)) : json(nullptr)},
          {"preferred_tiers", std::move(tiers)}};
}

json HouseholdJson(const purchase::ShopInsights& s, int64_t user) {
  if (user < 0) return nullptr;
  const purchase::HouseholdEstimate& e =
      s.household().Estimate(static_cast<purchase::UserIndex>(user));
  return {{"size", e.size_bucket >= 3 ? json("3+") : json(std::to_string(e.size_bucket))},
          {"size_confidence", Round(e.size_confidence)},
          {"has_kids", e.has_kids},
          {"kids_confidence", Round(e.kids_confidence)},
          {"signals",
           {{"baskets", e.signals.baskets},
            {"items_per_week", Round(e.signals.items_per_week)},
            {"quantity_per_item", Round(e.signals.quantity_per_item)},
            {"variety", Round(e.signals.variety)},
            {"kids_share", Round(e.signals.kids_share)}}}};
}

json DietaryJson(const purchase::ShopInsights& s, int64_t user) {
  json inferred = json::array();
  double plant_based = 0;
  if (user >= 0) {
    const purchase::DietaryProfile p = s.dietary().Profile(static_cast<purchase::UserIndex>(user));
    plant_based = p.plant_based_share;
    for (const purchase::InferredRestriction& r : p.restrictions) {
      if (!r.inferred) continue;
      inferred.push_back({{"restriction", purchase::RestrictionName(r.restriction)},
                          {"confidence", Round(r.confidence)},
                          {"baskets", r.baskets}});
    }
  }
  return {{"inferred", std::move(inferred)}, {"plant_based_share", Round(plant_based)}};
}

}  // namespace

void AddInsightsRoutes(Router& router, const AppContext& app) {
  purchase::InsightsService* insights = app.insights;
  Store* store = app.store;
  if (insights == nullptr) return;

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/insights",
      .roles = kAnyRole,
      .handler = [insights](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        std::shared_ptr<const purchase::ShopInsights> shop = insights->Shop(ctx.principal.shop_id);
        if (shop == nullptr) return absl::UnavailableError("purchase insights are not available");
        const int64_t index = shop->purchases().history().FindUser(user);
        const int orders = index < 0 ? 0
                                     : static_cast<int>(shop->purchases().history().baskets(
                                           static_cast<purchase::UserIndex>(index)).size());
        return HttpResponse::Json({{"user_id", user},
                                   {"orders", orders},
                                   {"budget", BudgetJson(*shop, index)},
                                   {"household", HouseholdJson(*shop, index)},
                                   {"dietary", DietaryJson(*shop, index)}});
      },
      .openapi = {{"summary",
                   "What the user's orders say (docs/PURCHASE.md, Inference): budget "
                   "{typical_basket_spend, preferred_tiers per category}, household {size 1|2|3+, "
                   "has_kids, confidences, signals}, dietary {inferred restrictions with "
                   "confidence, plant_based_share}"}},
  });

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/products/{id}/alternatives",
      .roles = kAnyRole,
      .handler = [insights, store](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string product(ctx.Param("id"));
        LL_ASSIGN_OR_RETURN(int k, IntQueryParam(ctx.request, "k", 5, 1, 50));
        // With a user (a bound shopper key's own by default): quantity memory.
        std::string user(ctx.request.Query("user_id").value_or(""));
        if (user.empty() && ctx.principal.role == Role::kShopper) user = ctx.principal.user_id;
        if (!user.empty()) LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared,
                            DietaryQueryParam(ctx.request, "dietary_restrictions"));
        purchase::SuggestionFilter filter(store, ctx.principal.shop_id, std::move(declared));
        std::shared_ptr<const purchase::ShopInsights> shop = insights->Shop(ctx.principal.shop_id);
        if (shop == nullptr) return absl::UnavailableError("purchase insights are not available");
        json items = json::array();
        const int64_t index = shop->purchases().history().FindProduct(product);
        if (index >= 0) {
          for (const purchase::CheaperAlternative& a : shop->budget().CheaperAlternatives(
                   static_cast<purchase::ProductIndex>(index), filter.Overfetch(k))) {
            if (items.size() >= static_cast<size_t>(k)) break;
            const std::string& id = shop->purchases().history().product_id(a.product);
            std::optional<purchase::Suggested> s = filter.Admit(id);
            if (!s || !s->product) continue;
            items.push_back({{"product_id", id},
                             {"name", s->product->name},
                             {"brand", s->product->brand},
                             {"category", s->product->category},
                             {"price", CentsToUnits(s->product->price_cents)},
                             {"savings", CentsToUnits(a.savings_cents)},
                             {"name_similarity", Round(a.name_similarity)},
                             {"dietary_tags", s->product->dietary_tags},
                             {"in_stock", s->product->in_stock()}});
            auto typical = user.empty() ? std::nullopt
                                        : shop->purchases().Quantity(user, a.product);
            items.back()["quantity"] = typical ? json(typical->quantity) : json(nullptr);
          }
        }
        return HttpResponse::Json({{"product_id", product},
                                   {"user_id", user.empty() ? json(nullptr) : json(user)},
                                   {"items", std::move(items)},
                                   {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "Cheaper products of the same category, most similar name first: price, "
                   "savings, name_similarity, quantity (the user's usual quantity of it, with "
                   "user_id); takes k (1..50) and dietary_restrictions"}},
  });
}

}  // namespace leafloaf::http
