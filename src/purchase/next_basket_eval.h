// Offline evaluation of next-basket models (issue 5; `leafloaf eval
// next-basket`, bench/purchase/next_basket_eval).
//
// Temporal split, leave-last-basket-out per user: every user's last basket
// is hidden (holdout = 1); users with at least two baskets are evaluated,
// each predicted from their earlier baskets. The models are fitted on every
// user's visible baskets (so never on a hidden one). Parameters are tuned
// on the validation split (holdout = 2: the second-to-last basket is the
// target, the last one is dropped; users with at least three baskets), never
// on the test baskets.
//
// Metrics, per evaluated user, averaged over users; the truth is the set of
// distinct products of the hidden basket, the prediction the model's top k:
//   Recall@k = hits / |truth|;
//   NDCG@k   = sum over hits at rank r (1-based) of 1 / log2(r + 1), over
//              the ideal sum_{r <= min(|truth|, k)} 1 / log2(r + 1);
//   F1@k     = 2 P R / (P + R), P = hits / k (k fixed: every model fills
//              all k slots), 0 when there is no hit.
//
// Thread-safety: stateless functions.
#ifndef LEAFLOAF_PURCHASE_NEXT_BASKET_EVAL_H_
#define LEAFLOAF_PURCHASE_NEXT_BASKET_EVAL_H_

#include <cstdint>
#include <span>
#include <atomic>
#include <string>
#include <vector>

#include "purchase/next_basket.h"
#include "purchase/purchase_history.h"
#include "purchase/repeat_blend.h"
#include "purchase/tifu_knn.h"

namespace leafloaf::purchase {

struct BasketScores {
  double recall = 0;
  double ndcg = 0;
  double f1 = 0;
};

// The scores of one ranked list (its first k entries) against `truth`.
BasketScores ScoreBasket(std::span<const ScoredProduct> ranked, const Basket& truth, int k);

struct NextBasketSplit {
  TrainingSet training;               // per user (all users): baskets but the last `holdout`
  std::vector<UserIndex> users;       // evaluated, ascending
  std::vector<const Basket*> targets; // per evaluated user: its basket n - holdout
};
// Users with at least holdout + 1 baskets are evaluated; when max_users > 0,
// only the max_users of them with the lowest FNV-1a hash of their id
// (deterministic). REQUIRES: holdout >= 1; `history` outlives the split.
NextBasketSplit MakeSplit(const PurchaseHistory& history, int holdout, int64_t max_users);

struct ModelScores {
  std::string model;
  BasketScores mean;
  int64_t users = 0;
  double micros_per_user = 0;  // Predict() alone, wall clock
  std::vector<BasketScores> per_user;  // in NextBasketSplit::users order
};

// The mean over users of a's metric minus b's, and the half-width of its
// normal 95% interval (1.96 standard errors of the paired differences).
// REQUIRES: a and b were scored on the same split.
struct Difference {
  double mean = 0;
  double half_width = 0;
};
Difference PairedDifference(const ModelScores& a, const ModelScores& b,
                            double BasketScores::*metric);
// Scores an already fitted model (fitted on split.training).
ModelScores ScoreModel(const NextBasketModel& model, const NextBasketSplit& split, int k);
// Fits the model on split.training, then scores it.
ModelScores EvaluateModel(NextBasketModel& model, const NextBasketSplit& split, int k);

template <typename Options>
struct Tuned {
  Options options;
  BasketScores validation;  // of the chosen options
  int candidates = 0;       // option sets tried
};
// The options with the best NDCG@k (ties: Recall@k) on `validation`, over a
// grid of recency_decay x prior_strength x cooccurrence_weight. When
// `cancel` becomes true the search stops and returns the best so far.
Tuned<RepeatBlendOptions> TuneRepeatBlend(const NextBasketSplit& validation, int k,
                                          const std::atomic<bool>* cancel = nullptr);
// The same for TIFU-KNN over alpha x neighbors; the group size and decays
// keep the paper's values.
Tuned<TifuKnnOptions> TuneTifuKnn(const NextBasketSplit& validation, int k);

struct NextBasketEvalOptions {
  int k = 10;
  int64_t max_users = 0;  // evaluated users per split, 0 = all
};

struct NextBasketReport {
  int k = 10;
  size_t users = 0, products = 0, baskets = 0;
  int64_t validation_users = 0;
  Tuned<RepeatBlendOptions> blend;
  Tuned<TifuKnnOptions> tifu;
  std::vector<ModelScores> test;  // LeafLoaf, TIFU-KNN, P-TopFreq, G-TopFreq
};
// Tunes on the validation split, refits on the test split, scores every model.
NextBasketReport RunNextBasketEvaluation(const PurchaseHistory& history,
                                         const NextBasketEvalOptions& options);
// The report as a text table with the tuned parameters.
std::string FormatNextBasketReport(const NextBasketReport& report);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_NEXT_BASKET_EVAL_H_
