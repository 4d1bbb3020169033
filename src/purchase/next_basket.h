// Next-basket prediction (issue 5): models that rank the products a user
// is most likely to buy in their next basket, behind one interface, and
// the two popularity baselines. TIFU-KNN is in tifu_knn.h, LeafLoaf's own
// model in repeat_blend.h; docs/PURCHASE.md describes them and their
// measured accuracy.
//
// A model is fitted on every user's visible history (TrainingSet), then
// asked for the next basket of one history. Fitting again replaces the
// earlier fit.
//
// Thread-safety: Fit() needs exclusive access; Predict() is const and may
// run concurrently once fitted.
#ifndef LEAFLOAF_PURCHASE_NEXT_BASKET_H_
#define LEAFLOAF_PURCHASE_NEXT_BASKET_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

struct ScoredProduct {
  ProductIndex product = 0;
  double score = 0;
  friend bool operator==(const ScoredProduct&, const ScoredProduct&) = default;
};

// What models learn from: each user's visible baskets, chronological.
struct TrainingSet {
  size_t num_products = 0;  // product indices are < num_products
  std::vector<std::span<const Basket>> users;
};

struct NextBasketQuery {
  std::span<const Basket> history;  // chronological; may be empty
  // The user's index in the TrainingSet, so that neighbourhood models do not
  // count the user as their own neighbour; -1 = not in it.
  int64_t user = -1;
};

class NextBasketModel {
 public:
  virtual ~NextBasketModel() = default;
  virtual std::string_view name() const = 0;
  virtual void Fit(const TrainingSet& training) = 0;
  // At most k distinct products, best first (k when the training set has
  // that many products). REQUIRES: Fit() was called.
  virtual std::vector<ScoredProduct> Predict(const NextBasketQuery& query, int k) const = 0;
};

// Products by the number of training baskets that contain them, most
// frequent first (ties: lower product index first).
class GlobalPopularity {
 public:
  void Fit(const TrainingSet& training);
  // Baskets containing the product, over all training baskets (0 if none).
  double Probability(ProductIndex product) const;
  std::span<const ProductIndex> ranked() const { return ranked_; }
  const std::vector<int64_t>& basket_counts() const { return counts_; }
  int64_t num_baskets() const { return num_baskets_; }

 private:
  std::vector<int64_t> counts_;
  std::vector<ProductIndex> ranked_;  // products bought at least once
  int64_t num_baskets_ = 0;
};

// Appends global bestsellers missing from `ranked` until it holds k
// products; each gets a score below every earlier one.
void PadWithPopular(const GlobalPopularity& popularity, int k, std::vector<ScoredProduct>& ranked);

// The k best of `scored`, by score, ties by lower product index.
std::vector<ScoredProduct> TopK(std::vector<ScoredProduct> scored, int k);

// G-TopFreq: the same k global bestsellers for everyone.
class GTopFreqModel : public NextBasketModel {
 public:
  std::string_view name() const override { return "G-TopFreq"; }
  void Fit(const TrainingSet& training) override { popularity_.Fit(training); }
  std::vector<ScoredProduct> Predict(const NextBasketQuery& query, int k) const override;

 private:
  GlobalPopularity popularity_;
};

// P-TopFreq: the user's own products by the number of their baskets that
// contain them (ties: bought more recently first), padded with G-TopFreq.
class PTopFreqModel : public NextBasketModel {
 public:
  std::string_view name() const override { return "P-TopFreq"; }
  void Fit(const TrainingSet& training) override { popularity_.Fit(training); }
  std::vector<ScoredProduct> Predict(const NextBasketQuery& query, int k) const override;

 private:
  GlobalPopularity popularity_;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_NEXT_BASKET_H_
