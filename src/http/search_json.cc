#include "http/search_json.h"

#include "common/money.h"

namespace leafloaf::http {
namespace {

nlohmann::json FacetJson(const std::vector<search::FacetCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}

}  // namespace

nlohmann::json SearchResponseJson(const search::SearchRequest& request,
                                  const search::SearchResponse& response, bool personalized_shape) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : response.hits) {
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto& hl : h.highlights) {
      highlights.push_back(
          {{"field", hl.field}, {"snippet", hl.snippet}, {"matched_tokens", hl.matched_tokens}});
    }
    nlohmann::json item = {{"product_id", h.product_id}, {"name", h.name},
                           {"brand", h.brand},           {"category", h.category},
                           {"price", CentsToUnits(h.price_cents)},
                           {"price_cents", h.price_cents},
                           {"dietary_tags", h.dietary_tags},
                           {"in_stock", h.in_stock},
                           {"score", h.score},
                           {"highlights", std::move(highlights)}};
    if (h.vector_similarity) item["vector_similarity"] = *h.vector_similarity;
    if (personalized_shape) {
      item["personalization_score"] = 0.0;
      item["reasons"] = nlohmann::json::array();
      item["badges"] = nlohmann::json::array();
    }
    results.push_back(std::move(item));
  }
  const auto& f = response.facets;
  nlohmann::json body = {
      {"query", request.query},
      {"results", std::move(results)},
      {"total", response.total},
      {"offset", request.offset},
      {"limit", request.limit},
      {"facets",
       {{"brand", FacetJson(f.brand)},
        {"category", FacetJson(f.category)},
        {"department", FacetJson(f.department)},
        {"dietary_tags", FacetJson(f.dietary_tags)},
        {"price_range", FacetJson(f.price_range)},
        {"in_stock", f.in_stock}}},
      {"dropped_words", response.dropped_words},
      {"took_ms", response.took_ms},
      {"hybrid_applied", response.hybrid_applied},
  };
  if (personalized_shape) body["personalization_applied"] = false;
  return body;
}


}  // namespace leafloaf::http
