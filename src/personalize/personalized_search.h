// Personalized search: the text engine's best candidates (400: in the demo
// shop the 99 plant-based yogurts sit at text ranks 100-200 for "yogurt",
// and one click must be able to lift them) re-ranked for a user by the
// PersonalizationService, then paged. POST /api/search/personalized and the
// conversation's product search agent share it.
//
// Thread-safety: a function of thread-safe services.
#ifndef LEAFLOAF_PERSONALIZE_PERSONALIZED_SEARCH_H_
#define LEAFLOAF_PERSONALIZE_PERSONALIZED_SEARCH_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "personalize/personalization_service.h"
#include "search/search_service.h"

namespace leafloaf::personalize {

inline constexpr int kPersonalizationCandidates = 400;

struct PersonalizedHit {
  search::SearchHit hit;
  // Set when the ranker ran (a user and a personalization service).
  std::optional<RerankedCandidate> ranked;
};

struct PersonalizedResults {
  search::SearchResponse response;   // hits: the page, in personalized order
  std::vector<PersonalizedHit> hits;  // the same page, with the ranker's output
  bool personalization_applied = false;
  double search_ms = 0;           // the text engine
  double personalization_ms = 0;  // the re-ranking
};

// `personalization` may be null and `user_id` empty: the text ranking,
// paged as asked. `declared_dietary` are canonical tags, a hard filter.
absl::StatusOr<PersonalizedResults> PersonalizedSearch(
    search::SearchService& search, PersonalizationService* personalization,
    std::string_view shop_id, std::string_view user_id, const search::SearchRequest& request,
    std::span<const std::string> declared_dietary);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PERSONALIZED_SEARCH_H_
