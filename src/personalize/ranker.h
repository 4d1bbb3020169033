// PersonalizedRanker: re-orders search candidates for one shopper and
// explains why (issue 4).
//
// Each candidate's score is a linear combination of bounded factors
// (weights in RankerWeights, personalization_config.h), with A the user's
// decayed affinity and s = affinity_scale:
//
//   score = text       x t    t = text_score / best text_score of the list
//         + category   x tanh(A(category path) / s)
//         + department x tanh(A(top level) / s)
//         + brand      x tanh(A(brand) / s)
//         + attribute  x tanh(sum of A over its non-dietary attributes / s)
//         + dietary    x tanh((sum of A over its dietary tags
//                              - sum of the positive A of dietary tags it lacks) / s)
//         + frequency  x (1 - exp(-purchases / frequency_scale))
//         + recency    x 2^(-days since the last purchase / recency_half_life_days)
//         + price      x clamp(band + sensitivity, -1, 1)
//         + popularity x log(1 + p) / log(1 + max p of the list)
//
// The dietary factor is the soft, inferred restriction: a user leaning to
// plant-based products sees products without the tag lowered.
// Personalization is thus a bounded additive boost on the normalized text
// score: it re-orders products of similar relevance (one click on an oat
// milk is enough to lift plant-based yogurts over dairy ones), but the
// personal factors together cannot exceed the sum of their weights.
// The price factor: `band` is -clamp((z - 1) / 2, 0, 1) where z is how many
// spreads the price lies above what the user pays in that category;
// `sensitivity` is -price_sensitivity x clamp(log(price / category
// median) / 0.5, -1, 1), so price-sensitive users see cheaper products lift.
//
// Declared dietary restrictions are a hard filter: candidates lacking one
// of the declared tags are dropped. An empty profile with no declared
// restrictions leaves the text order as is (personalization_applied =
// false).
//
// Each result carries its personalization_score (the sum of the non-text
// contributions), `reasons` ({factor, contribution, detail}, largest first)
// and `badges`: "your usual" (>= usual_min_purchases purchases), "bought N
// times" (>= bought_times_min), "matches your X preference" (the product's
// attribute X with the user's strongest affinity, when >=
// preference_badge_min).
//
// Factors() gives the unweighted value of each term above (attribute split
// into `attribute` for a sum >= 0 and `attribute_avoid` below 0), so that
// Rank()'s score is exactly sum_i weight_i x factor_i: what the offline
// trainer (ranker_training.h) fits. ranker_test checks the two agree.
//
// Thread-safety: Rank() and Factors() are const and may run concurrently.
#ifndef LEAFLOAF_PERSONALIZE_RANKER_H_
#define LEAFLOAF_PERSONALIZE_RANKER_H_

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "personalize/personalization_config.h"
#include "personalize/preference_types.h"
#include "personalize/product_features.h"

namespace leafloaf::personalize {

struct RankCandidate {
  const ProductFeatures* features = nullptr;  // not owned; REQUIRES: not null
  double text_score = 0;                      // the search engine's score, >= 0
  double popularity = 0;                      // e.g. the product's order count, >= 0
};

struct Reason {
  std::string factor;  // "text", "category", "department", "brand", "attribute",
                       // "dietary", "frequency", "recency", "price", "popularity"
  double contribution = 0;
  std::string detail;  // for people: "you often choose Oatly"
};

struct RankedItem {
  size_t candidate = 0;  // index into the candidates given to Rank()
  double score = 0;
  double text_relevance = 0;         // the normalized text score t
  double personalization_score = 0;  // score minus the text contribution
  std::vector<Reason> reasons;       // with RankOptions::explain, for the top explain_top_k
  std::vector<std::string> badges;
};

struct RankOptions {
  // Declared dietary restrictions (canonical tags): a hard filter.
  std::span<const std::string> declared_dietary;
  // Fill reasons and badges (else scores only) ...
  bool explain = true;
  // ... for the best this many results (the page shown); explaining costs
  // more than scoring.
  size_t explain_top_k = 20;
};

// The linear terms of the score, in the order of the model file's names.
enum class RankFactor {
  kText,
  kCategory,
  kDepartment,
  kBrand,
  kAttribute,
  kAttributeAvoid,
  kDietary,
  kFrequency,
  kRecency,
  kPrice,
  kPopularity,
};
inline constexpr int kNumRankFactors = 11;
// The factor's name in the model file and config ("text", "attribute_avoid", ...).
std::string_view RankFactorName(RankFactor factor);
// The RankerWeights member that weighs it.
double RankerWeights::*RankFactorWeight(RankFactor factor);

struct RankFactors {
  std::array<double, kNumRankFactors> value{};  // by RankFactor
  double operator[](RankFactor factor) const { return value[static_cast<int>(factor)]; }
  // sum_i weights.(RankFactorWeight(i)) x value[i].
  double Score(const RankerWeights& weights) const;
};

struct RankResult {
  std::vector<RankedItem> items;  // best first
  int filtered_out = 0;           // dropped by declared restrictions
  bool personalization_applied = false;
};

class PersonalizedRanker {
 public:
  explicit PersonalizedRanker(RankerWeights weights = {}) : weights_(weights) {}

  RankResult Rank(std::span<const RankCandidate> candidates, const UserProfile& profile,
                  const RankOptions& options = {}) const;

  // The unweighted factor values of each candidate (same order), for
  // training. Declared restrictions do not apply; the shape parameters
  // (affinity_scale, frequency_scale, recency_half_life_days) do.
  std::vector<RankFactors> Factors(std::span<const RankCandidate> candidates,
                                   const UserProfile& profile) const;

  const RankerWeights& weights() const { return weights_; }

 private:
  RankerWeights weights_;
};

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_RANKER_H_
