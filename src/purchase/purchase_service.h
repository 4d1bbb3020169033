// PurchaseService: every shop's purchase models for the server (issue 5):
// its histories, the next-basket model, reorder cycles and the co-purchase
// index, behind one immutable snapshot per shop.
//
// A shop's snapshot is built from the store's orders on its first use
// (Shop(); about 0.9 s for the demo shop's 20,848 orders, ten times that in
// a sanitizer build), so the server starts at once and shops nobody asks
// about cost nothing; LoadShop() rebuilds one and swaps it in, so readers
// never wait. Orders written later are seen at the next LoadShop() (today:
// a restart; checkout, issue 6, will call it).
//
// The next-basket model starts with RepeatBlendOptions' defaults. Tuning it
// on the shop's own last baskets costs seconds (3.5 s for the demo shop's
// 300 tuning users), so after a shop is built a background thread tunes it
// and swaps the tuned model in. The destructor cancels and joins it.
//
// Thread-safety: every method may be called from any thread; a snapshot
// is immutable except for the swap of its tuned next-basket model.
#ifndef LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_
#define LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_

#include <atomic>
#include <memory>
#include <thread>
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
  // Builds every model from `history`.
  explicit ShopPurchases(PurchaseHistory history, RepeatBlendOptions next_basket = {});

  const PurchaseHistory& history() const { return history_; }
  // The user's baskets; empty for a user with no orders.
  std::span<const Basket> Baskets(std::string_view user_id) const;
  std::vector<NextBasketItem> NextBasket(std::string_view user_id, int k) const;
  const ReorderCycles& reorder() const { return reorder_; }
  const ComplementIndex& complements() const { return complements_; }
  RepeatBlendOptions next_basket_options() const;
  // Tunes the next-basket model on the users' last baskets (at most 300
  // users; only when at least 20 users have two baskets or more) and swaps
  // the tuned model in. Returns false when cancelled or not tuned.
  bool TuneNextBasket(const std::atomic<bool>* cancel) const;
  // What the user usually takes of the product; nullopt if never bought.
  std::optional<TypicalQuantity> Quantity(std::string_view user_id, ProductIndex product) const;

 private:
  PurchaseHistory history_;
  mutable absl::Mutex blend_mu_;
  // Replaced whole when tuned; readers keep the one they took.
  mutable std::shared_ptr<const RepeatBlendModel> blend_ ABSL_GUARDED_BY(blend_mu_);
  ReorderCycles reorder_;
  ComplementIndex complements_;
  QuantityMemory quantities_;
};

class PurchaseService {
 public:
  struct Options {
    bool tune = true;  // tune each built shop's next-basket model in the background
  };
  // `store` is not owned and must outlive the service.
  explicit PurchaseService(Store* store) : PurchaseService(store, Options()) {}
  PurchaseService(Store* store, Options options) : store_(store), options_(options) {}
  ~PurchaseService();

  // Builds every shop the store knows, now (tools and tests; the server
  // builds on first use).
  absl::Status LoadAll();
  // (Re)builds one shop's snapshot from its orders and swaps it in.
  absl::Status LoadShop(std::string_view shop_id);

  // The shop's snapshot, built on first use (concurrent first callers wait
  // for one build); a shop without orders gets an empty one. Null only when
  // the store fails (logged).
  std::shared_ptr<const ShopPurchases> Shop(std::string_view shop_id);

  // Waits until every queued tuning is done (tests).
  void WaitForTuning();

 private:
  std::shared_ptr<const ShopPurchases> Find(std::string_view shop_id) const;
  void Tune(std::string shop_id, std::shared_ptr<const ShopPurchases> shop);
  void TuneLoop();

  Store* store_;
  const Options options_;
  absl::Mutex build_mu_;  // one build at a time
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const ShopPurchases>> shops_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, std::shared_ptr<const ShopPurchases>>> to_tune_
      ABSL_GUARDED_BY(mu_);
  bool tuning_ ABSL_GUARDED_BY(mu_) = false;  // a shop is being tuned
  std::atomic<bool> cancel_{false};
  std::thread tuner_;  // started with the first tuning
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_
