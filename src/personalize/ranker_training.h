// Offline training and evaluation of the personalized ranker's weights
// from a shop's own history (issue 4; `leafloaf train ranker` and
// bench/personalize/personalize_eval).
//
// The history is the shop's events in time order: every order line as a
// `purchase` event at the order's time, plus the tracked events (clicks,
// add_to_cart, scroll-pasts, ...). A time split at `cutoff` separates:
//
//  * profiles: a PreferenceEngine fed the events before the cutoff, each
//    user's profile read at the cutoff (decayed to it);
//  * queries: for each user with a profile, each distinct category search
//    (CategorySearch::QueryFor) of a product they purchased at or after the
//    cutoff. Its candidates are the search's results; a candidate is
//    relevant (1) when the user purchased it at or after the cutoff, else 0.
//    Queries with no relevant candidate, or only relevant ones, carry no
//    ranking signal and are dropped (counted in QuerySetStats).
//
// Each candidate keeps the ranker's unweighted factors
// (PersonalizedRanker::Factors), so any weights can be scored on the same
// queries: score = sum_i w_i x factor_i, ties kept in search order, exactly
// as Rank() orders them.
//
// FitWeights() learns the weights by pairwise logistic regression (a
// linear RankNet): for each query, each (relevant, irrelevant) pair should
// score higher on the relevant one, loss = log(1 + exp(-margin)), each
// query weighing the same. The text weight stays fixed (base.text), which
// pins the scale, so trained weights read like the defaults; the others are
// learned with an L2 pull towards the base (config) weights, so a factor the
// history never exercises (no dietary tags in the catalog, say) keeps its
// default instead of dropping to 0, and clamped to
// [-max_abs_weight, max_abs_weight]. Plain full-batch gradient descent:
// the model is linear in ten factors, so no library is needed, and a linear
// model keeps each reason's contribution exact.
//
// Thread-safety: stateless functions; a CategorySearch is used from the
// calling thread only.
#ifndef LEAFLOAF_PERSONALIZE_RANKER_TRAINING_H_
#define LEAFLOAF_PERSONALIZE_RANKER_TRAINING_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "catalog/product.h"
#include "nlohmann/json.hpp"
#include "personalize/personalization_config.h"
#include "personalize/product_features.h"
#include "personalize/ranker.h"
#include "store/records.h"
#include "store/store.h"

namespace leafloaf::personalize {

// A shop's products and history, as read from its store.
struct ShopHistory {
  std::vector<Product> products;
  std::vector<Event> events;  // sorted by time (stable); order lines as "purchase"
  int64_t order_lines = 0;
  int64_t tracked_events = 0;
};
// Reads the shop's products, orders (Store::ScanOrders) and events.
absl::StatusOr<ShopHistory> LoadShopHistory(Store& store, std::string_view shop_id);

// First + (1 - later_fraction) x (last - first) over the events' times;
// 0 when there are none.
Micros TimeSplit(std::span<const Event> events, double later_fraction);

// Purchases (events of type "purchase") per product before `cutoff`.
absl::flat_hash_map<std::string, int64_t> PurchaseCounts(std::span<const Event> events,
                                                         Micros cutoff);

struct TrainingCandidate {
  std::string product_id;
  double text_score = 0;  // >= 0
  double popularity = 0;  // >= 0
};

// The category search a shopper would run to find a product again.
class CategorySearch {
 public:
  virtual ~CategorySearch() = default;
  // The query for `product` ("" = none); products with the same query
  // share it.
  virtual std::string QueryFor(const ProductFeatures& product) const = 0;
  // Its candidates, best text match first.
  virtual absl::StatusOr<std::vector<TrainingCandidate>> Candidates(
      const std::string& query) const = 0;
};
// Builds the search over the shop's products, with the given purchase
// counts as popularity (counts from before the split only: later ones
// would leak the answer into the text order).
using CategorySearchFactory = std::function<absl::StatusOr<std::unique_ptr<CategorySearch>>(
    const absl::flat_hash_map<std::string, int64_t>& popularity)>;

struct RankingQuery {
  std::string user_id;
  std::string query;
  std::vector<RankFactors> factors;  // per candidate, in search order
  std::vector<double> relevance;     // per candidate: 1 = purchased later
};

struct QuerySetStats {
  int64_t users_with_later_purchases = 0;
  int64_t users_without_profile = 0;  // of those: nothing before the cutoff
  int64_t users_sampled = 0;          // with a profile, after max_users
  int64_t users_scored = 0;           // with at least one query kept
  int64_t queries = 0;                // kept
  int64_t queries_without_relevant = 0;
  int64_t queries_all_relevant = 0;
  int64_t queries_without_search = 0;  // QueryFor gave ""
  double mean_candidates = 0;          // of the kept queries
};

struct QuerySet {
  std::vector<RankingQuery> queries;
  QuerySetStats stats;
};

struct QueryOptions {
  std::string shop_id;
  // Events of this shop at or after the cutoff label the queries.
  Micros cutoff = 0;
  // Events at or after this time are ignored (0 = none); for an inner
  // split of a training period.
  Micros end = 0;
  // At most this many users with a profile, chosen by a hash of their id
  // (deterministic); 0 = all.
  int64_t max_users = 0;
  // How events become profiles.
  SignalConfig signals;
  // Shape parameters of the factors (affinity_scale, ...).
  RankerWeights shape;
};

// Builds the profiles and the queries of one time split (see above).
absl::StatusOr<QuerySet> BuildQueries(std::span<const Event> events, const FeatureTable& features,
                                      const CategorySearch& search, const QueryOptions& options);

// `base` with every factor weight 0 but text: the search's own order.
RankerWeights TextOnlyWeights(const RankerWeights& base);

// NDCG@k of one ranking: relevance in ranked order.
double NdcgAt(std::span<const double> ranked_relevance, int k);
// Mean NDCG@k over the queries when ranked by `weights` (0 without queries).
double MeanNdcg(std::span<const RankingQuery> queries, const RankerWeights& weights, int k = 10);

struct FitOptions {
  double l2 = 0.01;             // pull towards the base weights
  double learning_rate = 0.5;
  int max_iterations = 500;
  double tolerance = 1e-7;      // stop when the gradient's norm falls below
  double max_abs_weight = 2.0;  // learned weights are clamped to +-this
};

struct FitReport {
  RankerWeights weights;
  int64_t pairs = 0;
  int iterations = 0;
  double initial_loss = 0;  // at the base weights
  double final_loss = 0;
};

// Learns every factor weight but `text` (kept at base.text) by pairwise
// logistic regression over the queries; the other fields of `base` are
// kept. Deterministic.
FitReport FitWeights(std::span<const RankingQuery> queries, const RankerWeights& base,
                     const FitOptions& options = {});

struct TrainOptions {
  std::string shop_id;
  // The later part of the history's time range whose purchases label the
  // queries; profiles come from the rest.
  double later_fraction = 0.2;
  int64_t max_users = 0;  // QueryOptions::max_users
  SignalConfig signals;
  RankerWeights base;  // shape parameters, the text weight and the L2 prior
  FitOptions fit;
};

struct TrainReport {
  RankerWeights weights;
  Micros first = 0, cutoff = 0, last = 0;
  QuerySetStats queries;
  FitReport fit;
  // On the training queries themselves (in-sample).
  double ndcg_text = 0, ndcg_base = 0, ndcg_trained = 0;
  // For the model file's "training" object.
  nlohmann::json Json() const;
};

// The whole offline training over `events` (time-sorted): split, build the
// search with the earlier period's purchase counts, build queries, fit.
// kFailedPrecondition when the split leaves no query to learn from.
absl::StatusOr<TrainReport> TrainRanker(std::span<const Event> events, const FeatureTable& features,
                                        const CategorySearchFactory& make_search,
                                        const TrainOptions& options);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_RANKER_TRAINING_H_
