// PurchaseService: every shop's purchase models for the server (issue 5):
// its histories, the next-basket model (tuned on the shop's own last
// baskets), reorder cycles and the co-purchase index, behind one snapshot
// per shop.
//
// LoadAll() builds them from the store's orders at start; LoadShop()
// rebuilds one shop and swaps the snapshot in, so readers never wait.
// Orders written later are seen at the next LoadShop() (today: a restart;
// checkout, issue 6, will call it).
//
// Thread-safety: every method may be called from any thread; a snapshot
// is immutable.
#ifndef LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_
#define LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "purchase/complements.h"
#include "purchase/purchase_history.h"
#include "purchase/quantity_memory.h"
#include "purchase/reorder.h"
#include "purchase/repeat_blend.h"
#include "store/store.h"

namespace leafloaf::purchase {

struct NextBasketItem {
  ProductIndex product = 0;
  double score = 0;
  bool repeat = false;  // in the user's history (else: explore)
};

class ShopPurchases {
 public:
  // Builds every model from `history`. The next-basket model's options are
  // tuned on the users' last baskets (at most 300 users) when at least
  // 20 users have two baskets or more; else RepeatBlendOptions' defaults.
  explicit ShopPurchases(PurchaseHistory history);

  const PurchaseHistory& history() const { return history_; }
  // The user's baskets; empty for a user with no orders.
  std::span<const Basket> Baskets(std::string_view user_id) const;
  std::vector<NextBasketItem> NextBasket(std::string_view user_id, int k) const;
  const ReorderCycles& reorder() const { return reorder_; }
  const ComplementIndex& complements() const { return complements_; }
  const RepeatBlendOptions& next_basket_options() const { return blend_.options(); }
  // What the user usually takes of the product; nullopt if never bought.
  std::optional<TypicalQuantity> Quantity(std::string_view user_id, ProductIndex product) const;

 private:
  PurchaseHistory history_;
  RepeatBlendModel blend_;
  ReorderCycles reorder_;
  ComplementIndex complements_;
  QuantityMemory quantities_;
};

class PurchaseService {
 public:
  // `store` is not owned and must outlive the service.
  explicit PurchaseService(Store* store) : store_(store) {}

  absl::Status LoadAll();
  absl::Status LoadShop(std::string_view shop_id);

  // The shop's snapshot; null when it has no orders loaded.
  std::shared_ptr<const ShopPurchases> Shop(std::string_view shop_id) const;

 private:
  Store* store_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const ShopPurchases>> shops_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_
