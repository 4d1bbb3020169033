#include "personalize/ranker_training.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "personalize/preference_engine.h"

namespace leafloaf::personalize {
namespace {

constexpr int kText = static_cast<int>(RankFactor::kText);

// FNV-1a: a hash that is the same in every run and on every platform, for
// sampling users deterministically.
uint64_t StableHash(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Candidate indexes in the order Rank() gives them under `weights`.
std::vector<size_t> RankedOrder(const RankingQuery& query, const RankerWeights& weights) {
  std::vector<double> scores(query.factors.size());
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = query.factors[i].Score(weights);
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

// log(1 + exp(x)) without overflow.
double Softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

struct LossAndGradient {
  double loss = 0;
  std::array<double, kNumRankFactors> gradient{};
};

// Mean pairwise logistic loss (each query weighing the same) plus the L2
// pull towards `base`, and its gradient over the learned factors.
LossAndGradient Evaluate(std::span<const RankingQuery> queries,
                         const std::array<double, kNumRankFactors>& w,
                         const std::array<double, kNumRankFactors>& base, double l2) {
  LossAndGradient out;
  std::vector<double> scores, coefficient;
  const double per_query = 1.0 / static_cast<double>(queries.size());
  for (const RankingQuery& q : queries) {
    const size_t n = q.factors.size();
    scores.assign(n, 0);
    coefficient.assign(n, 0);
    std::vector<size_t> positives, negatives;
    for (size_t i = 0; i < n; ++i) {
      for (int f = 0; f < kNumRankFactors; ++f) scores[i] += w[f] * q.factors[i].value[f];
      (q.relevance[i] > 0 ? positives : negatives).push_back(i);
    }
    const double pair_weight =
        per_query / static_cast<double>(positives.size() * negatives.size());
    for (size_t p : positives) {
      for (size_t m : negatives) {
        const double margin = scores[p] - scores[m];
        out.loss += pair_weight * Softplus(-margin);
        // d/dmargin of log(1 + exp(-margin)) = -1 / (1 + exp(margin)).
        const double d = -pair_weight / (1 + std::exp(margin));
        coefficient[p] += d;
        coefficient[m] -= d;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (coefficient[i] == 0) continue;
      for (int f = 0; f < kNumRankFactors; ++f) {
        out.gradient[f] += coefficient[i] * q.factors[i].value[f];
      }
    }
  }
  for (int f = 0; f < kNumRankFactors; ++f) {
    if (f == kText) {
      out.gradient[f] = 0;  // fixed: it pins the scale
      continue;
    }
    out.loss += 0.5 * l2 * (w[f] - base[f]) * (w[f] - base[f]);
    out.gradient[f] += l2 * (w[f] - base[f]);
  }
  return out;
}

std::array<double, kNumRankFactors> ToArray(const RankerWeights& weights) {
  std::array<double, kNumRankFactors> out;
  for (int f = 0; f < kNumRankFactors; ++f) out[f] = weights.*RankFactorWeight(static_cast<RankFactor>(f));
  return out;
}

}  // namespace

absl::StatusOr<ShopHistory> LoadShopHistory(Store& store, std::string_view shop_id) {
  ShopHistory history;
  ProductFilter filter{.limit = 1000};
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store.ListProducts(shop_id, filter));
    for (Product& p : page.products) history.products.push_back(std::move(p));
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  LL_RETURN_IF_ERROR(store.ScanOrders(shop_id, [&](const OrderWithLines& order) {
    for (const OrderLine& line : order.lines) {
      Event e;
      e.shop_id = std::string(shop_id);
      e.type = "purchase";
      e.user_external_id = order.order.user_external_id;
      e.product_external_id = line.product_external_id;
      e.quantity = line.quantity;
      e.at = order.order.placed_at;
      history.events.push_back(std::move(e));
      ++history.order_lines;
    }
    return absl::OkStatus();
  }));
  LL_RETURN_IF_ERROR(store.ScanEvents(shop_id, 0, [&](const Event& e) {
    history.events.push_back(e);
    ++history.tracked_events;
    return absl::OkStatus();
  }));
  std::stable_sort(history.events.begin(), history.events.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  return history;
}

Micros TimeSplit(std::span<const Event> events, double later_fraction) {
  if (events.empty()) return 0;
  Micros first = events.front().at, last = events.front().at;
  for (const Event& e : events) {
    first = std::min(first, e.at);
    last = std::max(last, e.at);
  }
  return first + static_cast<Micros>(std::llround((1 - later_fraction) *
                                                  static_cast<double>(last - first)));
}

absl::flat_hash_map<std::string, int64_t> PurchaseCounts(std::span<const Event> events,
                                                         Micros cutoff) {
  absl::flat_hash_map<std::string, int64_t> counts;
  for (const Event& e : events) {
    if (e.at < cutoff && e.type == "purchase" && !e.product_external_id.empty()) {
      ++counts[e.product_external_id];
    }
  }
  return counts;
}

absl::StatusOr<QuerySet> BuildQueries(std::span<const Event> events, const FeatureTable& features,
                                      const CategorySearch& search, const QueryOptions& options) {
  PersonalizationConfig config;
  config.signals = options.signals;
  StaticConfigSource source(config);
  PreferenceEngine engine(&source);
  // user -> products purchased in [cutoff, end).
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> later;
  for (const Event& e : events) {
    if (e.shop_id != options.shop_id || (options.end != 0 && e.at >= options.end)) continue;
    const ProductFeatures* f =
        e.product_external_id.empty() ? nullptr : features.Find(e.product_external_id);
    if (e.at < options.cutoff) {
      if (e.product_external_id.empty()) {
        engine.Apply(e);
      } else if (f != nullptr) {
        engine.Apply(e, *f);
      }
    } else if (e.type == "purchase" && f != nullptr) {
      later[e.user_external_id].insert(e.product_external_id);
    }
  }

  QuerySet set;
  QuerySetStats& stats = set.stats;
  stats.users_with_later_purchases = static_cast<int64_t>(later.size());
  std::vector<std::pair<uint64_t, std::string>> users;
  for (const auto& [user, products] : later) {
    if (engine.Profile(options.shop_id, user, options.cutoff).empty()) {
      ++stats.users_without_profile;
    } else {
      users.emplace_back(StableHash(user), user);
    }
  }
  std::sort(users.begin(), users.end());
  if (options.max_users > 0 && static_cast<int64_t>(users.size()) > options.max_users) {
    users.resize(static_cast<size_t>(options.max_users));
  }
  stats.users_sampled = static_cast<int64_t>(users.size());

  PersonalizedRanker ranker(options.shape);
  absl::flat_hash_map<std::string, std::vector<TrainingCandidate>> cache;
  double candidates_total = 0;
  for (const auto& [hash, user] : users) {
    const UserProfile profile = engine.Profile(options.shop_id, user, options.cutoff);
    const absl::flat_hash_set<std::string>& bought = later[user];
    std::vector<std::string> products(bought.begin(), bought.end());
    std::sort(products.begin(), products.end());
    std::vector<std::string> queries;
    for (const std::string& id : products) {
      std::string query = search.QueryFor(*features.Find(id));
      if (query.empty()) {
        ++stats.queries_without_search;
      } else if (std::find(queries.begin(), queries.end(), query) == queries.end()) {
        queries.push_back(std::move(query));
      }
    }
    bool scored = false;
    for (const std::string& query : queries) {
      auto it = cache.find(query);
      if (it == cache.end()) {
        LL_ASSIGN_OR_RETURN(std::vector<TrainingCandidate> found, search.Candidates(query));
        it = cache.emplace(query, std::move(found)).first;
      }
      std::vector<RankCandidate> candidates;
      RankingQuery q{.user_id = user, .query = query};
      for (const TrainingCandidate& c : it->second) {
        const ProductFeatures* f = features.Find(c.product_id);
        if (f == nullptr) continue;
        candidates.push_back({f, c.text_score, c.popularity});
        q.relevance.push_back(bought.contains(c.product_id) ? 1 : 0);
      }
      const double relevant = std::accumulate(q.relevance.begin(), q.relevance.end(), 0.0);
      if (relevant == 0) {
        ++stats.queries_without_relevant;
        continue;
      }
      if (relevant == static_cast<double>(q.relevance.size())) {
        ++stats.queries_all_relevant;
        continue;
      }
      q.factors = ranker.Factors(candidates, profile);
      candidates_total += static_cast<double>(candidates.size());
      set.queries.push_back(std::move(q));
      scored = true;
    }
    if (scored) ++stats.users_scored;
  }
  stats.queries = static_cast<int64_t>(set.queries.size());
  if (stats.queries > 0) stats.mean_candidates = candidates_total / static_cast<double>(stats.queries);
  return set;
}

RankerWeights TextOnlyWeights(const RankerWeights& base) {
  RankerWeights out = base;
  for (int f = 0; f < kNumRankFactors; ++f) {
    if (f != kText) out.*RankFactorWeight(static_cast<RankFactor>(f)) = 0;
  }
  return out;
}

double NdcgAt(std::span<const double> ranked_relevance, int k) {
  auto dcg = [k](std::span<const double> relevance) {
    double sum = 0;
    for (size_t i = 0; i < relevance.size() && i < static_cast<size_t>(k); ++i) {
      sum += relevance[i] / std::log2(static_cast<double>(i) + 2);
    }
    return sum;
  };
  std::vector<double> ideal(ranked_relevance.begin(), ranked_relevance.end());
  std::sort(ideal.begin(), ideal.end(), std::greater<>());
  const double best = dcg(ideal);
  return best > 0 ? dcg(ranked_relevance) / best : 0;
}

double MeanNdcg(std::span<const RankingQuery> queries, const RankerWeights& weights, int k) {
  if (queries.empty()) return 0;
  double sum = 0;
  std::vector<double> ranked;
  for (const RankingQuery& q : queries) {
    ranked.clear();
    for (size_t idx : RankedOrder(q, weights)) ranked.push_back(q.relevance[idx]);
    sum += NdcgAt(ranked, k);
  }
  return sum / static_cast<double>(queries.size());
}

FitReport FitWeights(std::span<const RankingQuery> queries, const RankerWeights& base,
                     const FitOptions& options) {
  FitReport report;
  report.weights = base;
  for (const RankingQuery& q : queries) {
    const double positives = std::accumulate(q.relevance.begin(), q.relevance.end(), 0.0);
    report.pairs += static_cast<int64_t>(positives) *
                    static_cast<int64_t>(static_cast<double>(q.relevance.size()) - positives);
  }
  if (queries.empty()) return report;
  const std::array<double, kNumRankFactors> prior = ToArray(base);
  std::array<double, kNumRankFactors> w = prior;
  LossAndGradient current = Evaluate(queries, w, prior, options.l2);
  report.initial_loss = current.loss;
  double rate = options.learning_rate;
  for (report.iterations = 0; report.iterations < options.max_iterations; ++report.iterations) {
    std::array<double, kNumRankFactors> next = w;
    double step = 0;
    for (int f = 0; f < kNumRankFactors; ++f) {
      if (f == kText) continue;
      next[f] = std::clamp(w[f] - rate * current.gradient[f], -options.max_abs_weight,
                           options.max_abs_weight);
      step += (next[f] - w[f]) * (next[f] - w[f]);
    }
    if (std::sqrt(step) < options.tolerance) break;
    LossAndGradient proposed = Evaluate(queries, next, prior, options.l2);
    if (proposed.loss > current.loss) {
      rate *= 0.5;  // overshot: a smaller step from the same point
      continue;
    }
    w = next;
    current = proposed;
  }
  report.final_loss = current.loss;
  for (int f = 0; f < kNumRankFactors; ++f) {
    report.weights.*RankFactorWeight(static_cast<RankFactor>(f)) = w[f];
  }
  return report;
}

nlohmann::json TrainReport::Json() const {
  return {
      {"method", "pairwise logistic regression over the ranker's factors (text weight fixed)"},
      {"history", {{"first", FormatIsoTime(first)}, {"cutoff", FormatIsoTime(cutoff)},
                   {"last", FormatIsoTime(last)}}},
      {"users_scored", queries.users_scored},
      {"queries", queries.queries},
      {"pairs", fit.pairs},
      {"iterations", fit.iterations},
      {"loss", {{"base", fit.initial_loss}, {"trained", fit.final_loss}}},
      {"ndcg_at_10_in_sample",
       {{"text", ndcg_text}, {"base", ndcg_base}, {"trained", ndcg_trained}}},
  };
}

absl::StatusOr<TrainReport> TrainRanker(std::span<const Event> events, const FeatureTable& features,
                                        const CategorySearchFactory& make_search,
                                        const TrainOptions& options) {
  TrainReport report;
  if (events.empty()) return absl::FailedPreconditionError("no history to learn from");
  report.first = events.front().at;
  report.last = events.front().at;
  for (const Event& e : events) {
    report.first = std::min(report.first, e.at);
    report.last = std::max(report.last, e.at);
  }
  report.cutoff = TimeSplit(events, options.later_fraction);
  LL_ASSIGN_OR_RETURN(std::unique_ptr<CategorySearch> search,
                      make_search(PurchaseCounts(events, report.cutoff)));
  QueryOptions query_options{.shop_id = options.shop_id,
                             .cutoff = report.cutoff,
                             .max_users = options.max_users,
                             .signals = options.signals,
                             .shape = options.base};
  LL_ASSIGN_OR_RETURN(QuerySet set, BuildQueries(events, features, *search, query_options));
  report.queries = set.stats;
  if (set.queries.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no query to learn from: ", set.stats.users_with_later_purchases,
        " users purchased after ", FormatIsoTime(report.cutoff), ", ",
        set.stats.users_without_profile, " of them with no history before"));
  }
  report.fit = FitWeights(set.queries, options.base, options.fit);
  report.weights = report.fit.weights;
  report.ndcg_text = MeanNdcg(set.queries, TextOnlyWeights(options.base));
  report.ndcg_base = MeanNdcg(set.queries, options.base);
  report.ndcg_trained = MeanNdcg(set.queries, report.weights);
  return report;
}

}  // namespace leafloaf::personalize
