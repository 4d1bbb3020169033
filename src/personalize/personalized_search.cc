#include "personalize/personalized_search.h"

#include <algorithm>
#include <chrono>

#include "common/status_macros.h"

namespace leafloaf::personalize {

absl::StatusOr<PersonalizedResults> PersonalizedSearch(
    search::SearchService& search, PersonalizationService* personalization,
    std::string_view shop_id, std::string_view user_id, const search::SearchRequest& request,
    std::span<const std::string> declared_dietary) {
  PersonalizedResults out;
  auto start = std::chrono::steady_clock::now();
  if (personalization == nullptr || user_id.empty()) {
    LL_ASSIGN_OR_RETURN(out.response, search.Search(shop_id, request));
    out.search_ms = MillisSince(start);
    for (const search::SearchHit& h : out.response.hits) out.hits.push_back({h, std::nullopt});
    return out;
  }
  search::SearchRequest candidates_request = request;
  candidates_request.offset = 0;
  candidates_request.limit = kPersonalizationCandidates;
  LL_ASSIGN_OR_RETURN(search::SearchResponse candidates, search.Search(shop_id, candidates_request));
  out.search_ms = MillisSince(start);
  start = std::chrono::steady_clock::now();
  std::vector<SearchCandidate> input;
  input.reserve(candidates.hits.size());
  for (const search::SearchHit& h : candidates.hits) {
    input.push_back({.product_id = h.product_id, .text_score = h.score,
                     .popularity = static_cast<double>(h.orders)});
  }
  const size_t page_end = static_cast<size_t>(request.offset + request.limit);
  RerankResult ranked =
      personalization->Rerank(shop_id, user_id, input, declared_dietary, page_end);
  out.response = candidates;
  out.response.hits.clear();
  for (size_t i = static_cast<size_t>(request.offset); i < page_end && i < ranked.items.size(); ++i) {
    const search::SearchHit& hit = candidates.hits[ranked.items[i].item.candidate];
    out.response.hits.push_back(hit);
    out.hits.push_back({hit, ranked.items[i]});
  }
  out.response.total = std::max<int64_t>(0, candidates.total - ranked.filtered_out);
  out.personalization_applied = ranked.personalization_applied;
  out.personalization_ms = MillisSince(start);
  return out;
}

}  // namespace leafloaf::personalize
