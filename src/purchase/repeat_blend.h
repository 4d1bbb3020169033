// LeafLoaf's next-basket model (issue 5): personal repeat evidence shrunk
// toward population evidence, with the blend set by how much history the
// user has.
//
// For a user with baskets b_1..b_n (oldest first), basket b_j weighs
// w_j = recency_decay^(n - j), W = sum_j w_j, and each product's personal
// evidence is R(i) = sum_j w_j [i in b_j] (its decayed basket frequency).
// Population evidence is
//   P(i) = (1 - cooccurrence_weight) x G(i) + cooccurrence_weight x C(i),
// G(i) = the share of training baskets with i, and C(i) = the mean over
// the products a of the user's last basket of P(i in basket | a in basket)
// from training baskets (each a's `max_cooccurring` most frequent partners).
// The score is the posterior mean of a Beta prior of strength
// `prior_strength` centred on P(i), updated with the decayed counts:
//   score(i) = (R(i) + prior_strength x P(i)) / (W + prior_strength),
// so the personal weight W / (W + prior_strength) grows with the length
// of the history: a one-basket shopper gets mostly population evidence,
// a long-standing one mostly their own repeats. prior_strength -> infinity
// is G-TopFreq (with no co-occurrence); 0 is a decayed P-TopFreq.
//
// The defaults are a starting point; TuneRepeatBlend (next_basket_eval.h)
// picks them per shop on a validation split.
//
// Thread-safety: as NextBasketModel; set_options() needs exclusive access.
#ifndef LEAFLOAF_PURCHASE_REPEAT_BLEND_H_
#define LEAFLOAF_PURCHASE_REPEAT_BLEND_H_

#include <utility>
#include <vector>

#include "purchase/next_basket.h"

namespace leafloaf::purchase {

struct RepeatBlendOptions {
  double recency_decay = 0.9;       // per basket back in time, in (0, 1]
  double prior_strength = 2;        // in baskets' worth of evidence, >= 0
  double cooccurrence_weight = 0;   // share of C(i) in population evidence, [0, 1]
  int max_cooccurring = 50;         // partners kept per product (at Fit)
};

class RepeatBlendModel : public NextBasketModel {
 public:
  explicit RepeatBlendModel(RepeatBlendOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "LeafLoaf"; }
  void Fit(const TrainingSet& training) override;
  std::vector<ScoredProduct> Predict(const NextBasketQuery& query, int k) const override;

  const RepeatBlendOptions& options() const { return options_; }
  // Takes effect at once, except max_cooccurring (next Fit()).
  void set_options(const RepeatBlendOptions& options) { options_ = options; }

 private:
  RepeatBlendOptions options_;
  GlobalPopularity popularity_;
  // product a -> (partner i, P(i in basket | a in basket)), most likely first.
  std::vector<std::vector<std::pair<ProductIndex, float>>> cooccurring_;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_REPEAT_BLEND_H_
