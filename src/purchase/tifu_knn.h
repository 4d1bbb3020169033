// TIFU-KNN (Hu, Chen, Li, Ren, Liu; "Modeling Personalized Item Frequency
// Information for Next-basket Recommendation", SIGIR 2020): a baseline for
// next-basket prediction (issue 5).
//
// A user's history becomes a time-decayed item-frequency vector. The
// baskets, oldest first, are cut into groups of `group_size` consecutive
// baskets counted back from the latest, so only the oldest group may be
// short. Inside a group of s baskets the j-th basket (1 = oldest) weighs
// within_decay^(s - j) and the group vector is their sum over s; the user
// vector is the sum over the G groups of group_decay^(G - i) x group i,
// over G. A basket counts a product once (multi-hot), as in the paper.
//
// Prediction: the `neighbors` training users with the highest cosine
// similarity to the query's vector (the user themself excluded), and
//   p = alpha x own vector + (1 - alpha) x mean of the neighbours' vectors;
// the k products with the highest p, padded with global bestsellers when
// fewer than k have p > 0.
//
// Thread-safety: as NextBasketModel; set_options() needs exclusive access.
#ifndef LEAFLOAF_PURCHASE_TIFU_KNN_H_
#define LEAFLOAF_PURCHASE_TIFU_KNN_H_

#include <utility>
#include <vector>

#include "purchase/next_basket.h"

namespace leafloaf::purchase {

struct TifuKnnOptions {
  // The paper's defaults (its Table 3 ranges; r_b = 0.9, r_g = 0.7, m = 7).
  int group_size = 7;        // m
  double within_decay = 0.9;  // r_b
  double group_decay = 0.7;   // r_g
  double alpha = 0.7;         // weight of the user's own vector
  int neighbors = 300;        // k nearest users
};

class TifuKnnModel : public NextBasketModel {
 public:
  explicit TifuKnnModel(TifuKnnOptions options = {}) : options_(options) {}
  std::string_view name() const override { return "TIFU-KNN"; }
  void Fit(const TrainingSet& training) override;
  std::vector<ScoredProduct> Predict(const NextBasketQuery& query, int k) const override;

  const TifuKnnOptions& options() const { return options_; }
  // alpha and neighbors take effect at once; the decays and group size at
  // the next Fit().
  void set_options(const TifuKnnOptions& options) { options_ = options; }

  using SparseVector = std::vector<std::pair<ProductIndex, float>>;  // sorted by product
  // The user vector of a history (empty history: empty vector).
  static SparseVector UserVector(std::span<const Basket> history, const TifuKnnOptions& options);

 private:
  TifuKnnOptions options_;
  GlobalPopularity popularity_;
  std::vector<SparseVector> users_;
  std::vector<float> norms_;
  // product -> (user, weight) for the users whose vector has the product.
  std::vector<std::vector<std::pair<uint32_t, float>>> postings_;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_TIFU_KNN_H_
