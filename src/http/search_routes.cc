#include "absl/strings/str_format.h"
#include "absl/strings/numbers.h"
#include "common/money.h"
#include "common/strings.h"
#include "common/status_macros.h"
#include "http/json_body.h"
#include "http/query_params.h"
#include "http/routes.h"
#include "http/search_json.h"
#include "personalize/personalization_service.h"
#include "personalize/personalized_search.h"
#include "search/hybrid.h"
#include "search/search_service.h"

namespace leafloaf::http {
namespace {

using search::SearchRequest;
using search::SearchResponse;

absl::StatusOr<std::optional<int64_t>> PriceParam(const HttpRequest& r, std::string_view name) {
  auto text = r.Query(name);
  if (!text || text->empty()) return std::nullopt;
  auto cents = ParseMoney(*text);
  if (!cents.ok() || *cents < 0) {
    return absl::InvalidArgumentError(absl::StrFormat("%s must be a price like 4.99", std::string(name)));
  }
  return *cents;
}

// The shop's default fusion, overridden by `hybrid` and `vector_weight`.
absl::Status ApplyHybrid(std::optional<std::string_view> mode, std::optional<double> weight,
                         SearchRequest& s) {
  if (mode && !mode->empty()) {
    LL_ASSIGN_OR_RETURN(s.hybrid.mode, search::ParseHybridMode(*mode));
  }
  if (weight) {
    if (!(*weight >= 0 && *weight <= 1)) {
      return absl::InvalidArgumentError("vector_weight must be a number from 0 to 1");
    }
    s.hybrid.weight = static_cast<float>(*weight);
  }
  return absl::OkStatus();
}

absl::StatusOr<SearchRequest> RequestFromQuery(const HttpRequest& r, const search::HybridOptions& hybrid) {
  SearchRequest s;
  s.hybrid = hybrid;
  std::optional<double> weight;
  if (auto w = r.Query("vector_weight"); w && !w->empty()) {
    double v;
    if (!absl::SimpleAtod(AsAbsl(*w), &v)) {
      return absl::InvalidArgumentError("vector_weight must be a number from 0 to 1");
    }
    weight = v;
  }
  LL_RETURN_IF_ERROR(ApplyHybrid(r.Query("hybrid"), weight, s));
  s.query = std::string(r.Query("q").value_or(""));
  LL_ASSIGN_OR_RETURN(s.limit, IntQueryParam(r, "limit", 20, 1, 100));
  LL_ASSIGN_OR_RETURN(s.offset, IntQueryParam(r, "offset", 0, 0, 10000));
  s.filters.category = std::string(r.Query("category").value_or(""));
  s.filters.brands = SplitCommaList(r.Query("brand").value_or(""));
  s.filters.dietary_tags = SplitCommaList(r.Query("dietary").value_or(r.Query("dietary_tags").value_or("")));
  LL_ASSIGN_OR_RETURN(s.filters.min_price_cents, PriceParam(r, "min_price"));
  LL_ASSIGN_OR_RETURN(s.filters.max_price_cents, PriceParam(r, "max_price"));
  LL_ASSIGN_OR_RETURN(s.filters.in_stock_only, BoolQueryParam(r, "in_stock", false));
  LL_ASSIGN_OR_RETURN(s.prefix, BoolQueryParam(r, "prefix", true));
  LL_ASSIGN_OR_RETURN(s.typos, BoolQueryParam(r, "typos", true));
  LL_ASSIGN_OR_RETURN(s.facets, BoolQueryParam(r, "facets", true));
  return s;
}

absl::StatusOr<std::optional<int64_t>> PriceField(const nlohmann::json& obj, std::string_view field) {
  LL_ASSIGN_OR_RETURN(std::optional<double> units, OptionalNumber(obj, field));
  if (!units) return std::nullopt;
  if (*units < 0 || *units > 1e9) {
    return absl::InvalidArgumentError(absl::StrFormat("%s must be a price like 4.99", std::string(field)));
  }
  return static_cast<int64_t>(*units * 100 + 0.5);
}

absl::StatusOr<SearchRequest> RequestFromBody(const nlohmann::json& body,
                                             const search::HybridOptions& hybrid) {
  if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  SearchRequest s;
  s.hybrid = hybrid;
  LL_ASSIGN_OR_RETURN(std::optional<std::string> mode, OptionalString(body, "hybrid"));
  LL_ASSIGN_OR_RETURN(std::optional<double> weight, OptionalNumber(body, "vector_weight"));
  LL_RETURN_IF_ERROR(ApplyHybrid(mode, weight, s));
  LL_ASSIGN_OR_RETURN(std::optional<std::string> query, OptionalString(body, "query"));
  s.query = query.value_or("");
  LL_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptionalInteger(body, "limit"));
  LL_ASSIGN_OR_RETURN(std::optional<int64_t> offset, OptionalInteger(body, "offset"));
  if (limit && (*limit < 1 || *limit > 100)) return absl::InvalidArgumentError("limit must be an integer from 1 to 100");
  if (offset && (*offset < 0 || *offset > 10000)) return absl::InvalidArgumentError("offset must be an integer from 0 to 10000");
  s.limit = static_cast<int>(limit.value_or(20));
  s.offset = static_cast<int>(offset.value_or(0));
  auto filters_it = body.find("filters");
  if (filters_it != body.end() && !filters_it->is_null()) {
    const nlohmann::json& f = *filters_it;
    if (!f.is_object()) return absl::InvalidArgumentError("filters must be an object");
    LL_ASSIGN_OR_RETURN(std::optional<std::string> category, OptionalString(f, "category"));
    s.filters.category = category.value_or("");
    LL_ASSIGN_OR_RETURN(s.filters.brands, StringList(f, f.contains("brands") ? "brands" : "brand"));
    LL_ASSIGN_OR_RETURN(s.filters.dietary_tags,
                        StringList(f, f.contains("dietary_tags") ? "dietary_tags" : "dietary"));
    LL_ASSIGN_OR_RETURN(s.filters.min_price_cents, PriceField(f, "min_price"));
    LL_ASSIGN_OR_RETURN(s.filters.max_price_cents, PriceField(f, "max_price"));
    LL_ASSIGN_OR_RETURN(std::optional<bool> in_stock, OptionalBool(f, "in_stock"));
    s.filters.in_stock_only = in_stock.value_or(false);
  }
  return s;
}

nlohmann::json Param(std::string_view name, std::string_view description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"description", description},
          {"schema", {{"type", "string"}}}};
}

}  // namespace

void AddSearchRoutes(Router& router, const AppContext& app) {
  search::SearchService* service = app.search;
  router.Add(Route{
      .method = "GET",
      .pattern = "/api/search",
      .roles = kAnyRole,
      .handler = [service](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(SearchRequest request, RequestFromQuery(ctx.request, service->hybrid_options()));
        LL_ASSIGN_OR_RETURN(SearchResponse response, service->Search(ctx.principal.shop_id, request));
        return HttpResponse::Json(SearchResponseJson(request, response, false));
      },
      .openapi = {{"summary", "Product search: BM25F, typo tolerance, prefix, filters and facets"},
                  {"parameters",
                   {Param("q", "query text (empty browses by popularity); at most 1 KB of UTF-8"),
                    Param("limit", "1..100, default 20"), Param("offset", "0..10000"),
                    Param("category", "category path or prefix"),
                    Param("brand", "comma-separated brands"),
                    Param("dietary", "comma-separated dietary tags, all required"),
                    Param("min_price", "price in currency units"), Param("max_price", "price in currency units"),
                    Param("in_stock", "true to keep products in stock only"),
                    Param("prefix", "match the last word as a prefix (default true)"),
                    Param("typos", "typo tolerance (default true)"),
                    Param("facets", "return facet counts (default true)"),
                    Param("hybrid", "fusion with vector similarity: rrf, relative or off "
                                    "(default from the server config; needs embeddings)"),
                    Param("vector_weight", "the vector ranking's share, 0..1")}},
                  {"responses",
                   {{"200", {{"description", "{results, total, facets, took_ms}"}}},
                    {"400", {{"description", "bad query or parameter"}}}}}},
  });
  personalize::PersonalizationService* personalization = app.personalization;
  router.Add(Route{
      .method = "POST",
      .pattern = "/api/search/personalized",
      .roles = kAnyRole,
      .handler = [service, personalization](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(ctx.request));
        LL_ASSIGN_OR_RETURN(SearchRequest request, RequestFromBody(body, service->hybrid_options()));
        LL_ASSIGN_OR_RETURN(std::optional<std::string> user, OptionalString(body, "user_id"));
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared,
                            DietaryBodyField(body, "dietary_restrictions"));
        if (user && !MayActAs(ctx.principal, *user)) {
          return absl::PermissionDeniedError("a shopper key may only search as its own user");
        }
        const std::string user_id = user.value_or(ctx.principal.user_id);
        LL_ASSIGN_OR_RETURN(personalize::PersonalizedResults found,
                            personalize::PersonalizedSearch(*service, personalization,
                                                            ctx.principal.shop_id, user_id, request,
                                                            declared));
        nlohmann::json out = SearchResponseJson(request, found.response, true);
        if (personalization == nullptr || user_id.empty()) {
          out["user_id"] = user_id;
          return HttpResponse::Json(out);
        }
        nlohmann::json& results = out["results"];
        for (size_t r = 0; r < results.size(); ++r) {
          const personalize::RerankedCandidate& c = *found.hits[r].ranked;
          nlohmann::json reasons = nlohmann::json::array();
          for (const personalize::Reason& reason : c.item.reasons) {
            reasons.push_back({{"factor", reason.factor}, {"contribution", reason.contribution},
                               {"detail", reason.detail}});
          }
          results[r]["score"] = c.item.score;
          results[r]["text_relevance"] = c.item.text_relevance;
          results[r]["personalization_score"] = c.item.personalization_score;
          results[r]["reasons"] = std::move(reasons);
          results[r]["badges"] = c.item.badges;
          if (c.suggested_quantity) results[r]["suggested_quantity"] = *c.suggested_quantity;
        }
        out["personalization_applied"] = found.personalization_applied;
        out["user_id"] = user_id;
        return HttpResponse::Json(out);
      },
      .openapi = {{"summary",
                   "Search for a user: {query, user_id, limit, offset, filters, "
                   "dietary_restrictions, hybrid, vector_weight}. The text engine's best 400 "
                   "re-ranked by the user's preferences, each with personalization_score, "
                   "reasons, badges and suggested_quantity"},
                  {"responses", {{"200", {{"description", "same shape as GET /api/search"}}}}}},
  });
}

}  // namespace leafloaf::http
