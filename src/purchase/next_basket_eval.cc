#include "purchase/next_basket_eval.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "absl/strings/str_format.h"

namespace leafloaf::purchase {
namespace {

uint64_t Fnv1a(const std::string& s) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : s) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// Better on NDCG, then on recall.
bool Better(const BasketScores& a, const BasketScores& b) {
  return a.ndcg != b.ndcg ? a.ndcg > b.ndcg : a.recall > b.recall;
}

}  // namespace

BasketScores ScoreBasket(std::span<const ScoredProduct> ranked, const Basket& truth, int k) {
  BasketScores scores;
  if (truth.items.empty() || k <= 0) return scores;
  const auto in_truth = [&](ProductIndex product) {
    return std::binary_search(truth.items.begin(), truth.items.end(), BasketItem{product, 0},
                              [](const BasketItem& a, const BasketItem& b) {
                                return a.product < b.product;
                              });
  };
  int hits = 0;
  double dcg = 0;
  const size_t n = std::min(ranked.size(), static_cast<size_t>(k));
  for (size_t rank = 0; rank < n; ++rank) {
    if (!in_truth(ranked[rank].product)) continue;
    ++hits;
    dcg += 1 / std::log2(static_cast<double>(rank) + 2);
  }
  double ideal = 0;
  const size_t relevant = std::min(truth.items.size(), static_cast<size_t>(k));
  for (size_t rank = 0; rank < relevant; ++rank) ideal += 1 / std::log2(static_cast<double>(rank) + 2);
  scores.recall = static_cast<double>(hits) / static_cast<double>(truth.items.size());
  scores.ndcg = dcg / ideal;
  const double precision = static_cast<double>(hits) / k;
  if (hits > 0) scores.f1 = 2 * precision * scores.recall / (precision + scores.recall);
  return scores;
}

NextBasketSplit MakeSplit(const PurchaseHistory& history, int holdout, int64_t max_users) {
  NextBasketSplit split;
  split.training.num_products = history.num_products();
  std::vector<std::pair<uint64_t, UserIndex>> eligible;
  for (UserIndex user = 0; user < history.num_users(); ++user) {
    std::span<const Basket> baskets = history.baskets(user);
    const size_t visible = baskets.size() > static_cast<size_t>(holdout) ? baskets.size() - holdout : 0;
    split.training.users.push_back(baskets.first(visible));
    if (visible > 0) eligible.emplace_back(Fnv1a(history.user_id(user)), user);
  }
  if (max_users > 0 && static_cast<int64_t>(eligible.size()) > max_users) {
    std::nth_element(eligible.begin(), eligible.begin() + max_users, eligible.end());
    eligible.resize(max_users);
  }
  for (const auto& entry : eligible) split.users.push_back(entry.second);
  std::sort(split.users.begin(), split.users.end());
  for (UserIndex user : split.users) {
    const std::span<const Basket> baskets = history.baskets(user);
    split.targets.push_back(&baskets[baskets.size() - holdout]);
  }
  return split;
}

ModelScores ScoreModel(const NextBasketModel& model, const NextBasketSplit& split, int k) {
  ModelScores out{.model = std::string(model.name())};
  std::vector<std::vector<ScoredProduct>> predictions(split.users.size());
  const auto start = std::chrono::steady_clock::now();
  for (size_t user_idx = 0; user_idx < split.users.size(); ++user_idx) {
    const UserIndex user = split.users[user_idx];
    predictions[user_idx] = model.Predict({.history = split.training.users[user], .user = user}, k);
  }
  const double micros =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  for (size_t user_idx = 0; user_idx < split.users.size(); ++user_idx) {
    const BasketScores s = ScoreBasket(predictions[user_idx], *split.targets[user_idx], k);
    out.per_user.push_back(s);
    out.mean.recall += s.recall;
    out.mean.ndcg += s.ndcg;
    out.mean.f1 += s.f1;
  }
  out.users = static_cast<int64_t>(split.users.size());
  if (out.users > 0) {
    const double n = static_cast<double>(out.users);
    out.mean = {out.mean.recall / n, out.mean.ndcg / n, out.mean.f1 / n};
    out.micros_per_user = micros / n;
  }
  return out;
}

Difference PairedDifference(const ModelScores& a, const ModelScores& b,
                            double BasketScores::*metric) {
  Difference out;
  const size_t n = std::min(a.per_user.size(), b.per_user.size());
  if (n == 0) return out;
  double sum = 0, sum_squares = 0;
  for (size_t user_idx = 0; user_idx < n; ++user_idx) {
    const double d = a.per_user[user_idx].*metric - b.per_user[user_idx].*metric;
    sum += d;
    sum_squares += d * d;
  }
  out.mean = sum / static_cast<double>(n);
  if (n > 1) {
    const double variance =
        (sum_squares - static_cast<double>(n) * out.mean * out.mean) / static_cast<double>(n - 1);
    out.half_width = 1.96 * std::sqrt(std::max(variance, 0.0) / static_cast<double>(n));
  }
  return out;
}

ModelScores EvaluateModel(NextBasketModel& model, const NextBasketSplit& split, int k) {
  model.Fit(split.training);
  return ScoreModel(model, split, k);
}

Tuned<RepeatBlendOptions> TuneRepeatBlend(const NextBasketSplit& validation, int k,
                                          const std::atomic<bool>* cancel) {
  RepeatBlendModel model;
  model.Fit(validation.training);
  Tuned<RepeatBlendOptions> best{.options = model.options()};
  bool first = true;
  for (double decay : {0.5, 0.6, 0.75, 0.9, 1.0}) {
    for (double prior : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 1024.0}) {
      for (double cooccurrence : {0.0, 0.2, 0.5}) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return best;
        RepeatBlendOptions options = model.options();
        options.recency_decay = decay;
        options.prior_strength = prior;
        options.cooccurrence_weight = cooccurrence;
        model.set_options(options);
        const ModelScores scores = ScoreModel(model, validation, k);
        ++best.candidates;
        if (first || Better(scores.mean, best.validation)) {
          best.options = options;
          best.validation = scores.mean;
          first = false;
        }
      }
    }
  }
  return best;
}

Tuned<TifuKnnOptions> TuneTifuKnn(const NextBasketSplit& validation, int k) {
  TifuKnnModel model;
  model.Fit(validation.training);
  Tuned<TifuKnnOptions> best{.options = model.options()};
  bool first = true;
  for (double alpha : {0.5, 0.7, 0.9}) {
    for (int neighbors : {100, 300, 900}) {
      TifuKnnOptions options = model.options();
      options.alpha = alpha;
      options.neighbors = neighbors;
      model.set_options(options);
      const ModelScores scores = ScoreModel(model, validation, k);
      ++best.candidates;
      if (first || Better(scores.mean, best.validation)) {
        best.options = options;
        best.validation = scores.mean;
        first = false;
      }
    }
  }
  return best;
}

NextBasketReport RunNextBasketEvaluation(const PurchaseHistory& history,
                                         const NextBasketEvalOptions& options) {
  NextBasketReport report{.k = options.k,
                          .users = history.num_users(),
                          .products = history.num_products(),
                          .baskets = history.num_baskets()};
  {
    const NextBasketSplit validation = MakeSplit(history, 2, options.max_users);
    report.validation_users = static_cast<int64_t>(validation.users.size());
    report.blend = TuneRepeatBlend(validation, options.k);
    report.tifu = TuneTifuKnn(validation, options.k);
  }
  const NextBasketSplit test = MakeSplit(history, 1, options.max_users);
  RepeatBlendModel blend(report.blend.options);
  TifuKnnModel tifu(report.tifu.options);
  PTopFreqModel personal;
  GTopFreqModel global;
  for (NextBasketModel* model : std::initializer_list<NextBasketModel*>{&blend, &tifu, &personal, &global}) {
    report.test.push_back(EvaluateModel(*model, test, options.k));
  }
  return report;
}

std::string FormatNextBasketReport(const NextBasketReport& report) {
  std::string out = absl::StrFormat(
      "history: %d users, %d products, %d baskets\n"
      "tuned on the validation split (second-to-last basket, %d users):\n"
      "  LeafLoaf: recency_decay %.2f, prior_strength %.2f, cooccurrence_weight %.2f "
      "(%d tried; validation NDCG@%d %.4f)\n"
      "  TIFU-KNN: alpha %.2f, neighbors %d, group_size %d, r_b %.2f, r_g %.2f "
      "(%d tried; validation NDCG@%d %.4f)\n"
      "test split (last basket):\n",
      report.users, report.products, report.baskets, report.validation_users,
      report.blend.options.recency_decay, report.blend.options.prior_strength,
      report.blend.options.cooccurrence_weight, report.blend.candidates, report.k,
      report.blend.validation.ndcg, report.tifu.options.alpha, report.tifu.options.neighbors,
      report.tifu.options.group_size, report.tifu.options.within_decay,
      report.tifu.options.group_decay, report.tifu.candidates, report.k,
      report.tifu.validation.ndcg);
  const std::string recall = absl::StrFormat("Recall@%d", report.k);
  const std::string ndcg = absl::StrFormat("NDCG@%d", report.k);
  const std::string f1 = absl::StrFormat("F1@%d", report.k);
  absl::StrAppendFormat(&out, "%-10s %9s %9s %9s %7s %12s\n", "model", recall, ndcg, f1, "users",
                        "us/user");
  for (const ModelScores& row : report.test) {
    absl::StrAppendFormat(&out, "%-10s %9.4f %9.4f %9.4f %7d %12.1f\n", row.model,
                          row.mean.recall, row.mean.ndcg, row.mean.f1, row.users,
                          row.micros_per_user);
  }
  for (size_t row = 1; row < report.test.size(); ++row) {
    const Difference recall_diff =
        PairedDifference(report.test[0], report.test[row], &BasketScores::recall);
    const Difference ndcg_diff =
        PairedDifference(report.test[0], report.test[row], &BasketScores::ndcg);
    absl::StrAppendFormat(&out, "%s - %s: %s %+.4f +- %.4f, %s %+.4f +- %.4f (95%%, paired)\n",
                          report.test[0].model, report.test[row].model, recall, recall_diff.mean,
                          recall_diff.half_width, ndcg, ndcg_diff.mean, ndcg_diff.half_width);
  }
  return out;
}

}  // namespace leafloaf::purchase
