// JSON of search results, shared by the HTTP routes and `leafloaf search`.
#ifndef LEAFLOAF_HTTP_SEARCH_JSON_H_
#define LEAFLOAF_HTTP_SEARCH_JSON_H_

#include "nlohmann/json.hpp"
#include "search/search_types.h"

namespace leafloaf::http {

// {query, results: [{product_id, name, brand, category, price, price_cents,
// dietary_tags, in_stock, score, highlights}], total, offset, limit, facets,
// dropped_words, took_ms}. The personalized shape adds
// personalization_applied and, per result, personalization_score, reasons
// and badges.
nlohmann::json SearchResponseJson(const search::SearchRequest& request,
                                  const search::SearchResponse& response, bool personalized_shape);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_SEARCH_JSON_H_
