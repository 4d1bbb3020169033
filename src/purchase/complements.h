// Complementary products (issue 5): what is bought together with a product,
// from the shop's baskets, and what this user pairs with it.
//
// For a product A bought in n_A of N baskets and B in n_B, with n_AB
// baskets holding both: support = n_AB / N, confidence = n_AB / n_A,
// lift = confidence / (n_B / N). Partners need at least `min_together`
// shared baskets and a lift above 1 (a bestseller in every basket is not a
// complement). They rank by confidence x (1 - 1 / lift): the share of A's
// baskets with B, discounted by how much of it B's popularity explains.
// For a user, each partner's score is multiplied by (1 + the number of the
// user's own baskets holding both), so the pairs they make come first.
//
// The most recent `max_baskets` baskets holding A are counted (a bound on
// the work per query for bestsellers).
//
// Thread-safety: immutable once built; `history` must outlive the index.
#ifndef LEAFLOAF_PURCHASE_COMPLEMENTS_H_
#define LEAFLOAF_PURCHASE_COMPLEMENTS_H_

#include <span>
#include <vector>

#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

struct ComplementOptions {
  int min_together = 2;
  size_t max_baskets = 20000;
};

struct Complement {
  ProductIndex product = 0;
  int together = 0;         // n_AB
  double support = 0;
  double confidence = 0;
  double lift = 0;
  int user_together = 0;    // the user's baskets with both
  double score = 0;
};

class ComplementIndex {
 public:
  explicit ComplementIndex(const PurchaseHistory* history, ComplementOptions options = {});

  // The k best partners of `product`; `user_baskets` (may be empty)
  // personalizes them.
  std::vector<Complement> Find(ProductIndex product, std::span<const Basket> user_baskets,
                               size_t k) const;

 private:
  struct Ref {
    UserIndex user;
    uint32_t basket;
    Micros at;
  };
  const PurchaseHistory* history_;
  ComplementOptions options_;
  std::vector<std::vector<Ref>> baskets_of_;  // per product, oldest first
  int64_t num_baskets_ = 0;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_COMPLEMENTS_H_
