// PurchaseService: every shop's purchase models for the server (issue 5):
// its histories, the next-basket model, reorder cycles and the co-purchase
// index, behind one immutable snapshot per shop.
//
// A shop's snapshot is built from the store's orders on its first use
// (Shop(); about 0.9 s for the demo shop's 20,848 orders, ten times that in
// a sanitizer build), so the server starts at once and shops nobody asks
// about cost nothing; LoadShop() rebuilds one and swaps it in, so readers
// never wait.
//
// Orders placed later (checkout) reach the models at once through
// OnOrder(): the user's baskets, and with them their usual items, reorder
// cycles, next basket, quantities and personal complements, include the
// order from the next request on. Population statistics (bestsellers,
// population cycles, co-purchase counts) and products the snapshot has
// never seen wait for a rebuild, which OnOrder schedules on the background
// thread once `rebuild_after_orders` orders have come in or an order names
// an unknown product (at most one rebuild per `min_rebuild_interval`).
// Recent orders not yet in the rebuilt snapshot's scan are carried over.
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
#include "absl/time/time.h"
#include "purchase/complements.h"
#include "purchase/purchase_history.h"
#include "purchase/quantity_memory.h"
#include "purchase/reorder.h"
#include "purchase/repeat_blend.h"
#include "store/store.h"

namespace leafloaf::purchase {

// The baskets of one user: the snapshot's, or a merged copy once the user
// placed orders after it was built. Converts to a span that lives as long
// as this object.
class UserBaskets {
 public:
  UserBaskets() = default;
  explicit UserBaskets(std::span<const Basket> baskets) : span_(baskets) {}
  explicit UserBaskets(std::shared_ptr<const std::vector<Basket>> merged)
      : span_(*merged), merged_(std::move(merged)) {}
  std::span<const Basket> span() const { return span_; }
  operator std::span<const Basket>() const { return span_; }  // NOLINT: a view
  auto begin() const { return span_.begin(); }
  auto end() const { return span_.end(); }
  size_t size() const { return span_.size(); }
  bool empty() const { return span_.empty(); }

 private:
  std::span<const Basket> span_;
  std::shared_ptr<const std::vector<Basket>> merged_;
};

// An order as OnOrder() receives it.
struct PlacedOrder {
  std::string user_id;
  Micros placed_at = 0;
  std::vector<std::pair<std::string, double>> lines;  // product id, quantity
};

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
  // The user's baskets, with orders added since the build; empty for a user
  // with no orders.
  UserBaskets Baskets(std::string_view user_id) const;
  // Adds an order placed after the build to its user's baskets. Lines of
  // products the snapshot does not know are left out (and counted);
  // returns how many were. An order the user already has (same time) is
  // skipped.
  size_t AddRecentOrder(const PlacedOrder& order) const;
  // Orders added since the build, oldest first.
  std::vector<PlacedOrder> RecentOrders() const;
  size_t num_recent_orders() const;
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
  mutable absl::Mutex recent_mu_;
  mutable std::vector<PlacedOrder> recent_ ABSL_GUARDED_BY(recent_mu_);
  // Users with recent orders: their merged baskets.
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const std::vector<Basket>>> merged_
      ABSL_GUARDED_BY(recent_mu_);
};

class PurchaseService {
 public:
  struct Options {
    bool tune = true;  // tune each built shop's next-basket model in the background
    // OnOrder schedules a rebuild after this many orders since the build ...
    size_t rebuild_after_orders = 1000;
    // ... or after an order with a product the snapshot does not know, but
    // not sooner than this after the previous rebuild.
    absl::Duration min_rebuild_interval = absl::Seconds(30);
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

  // A durable new order of the shop (checkout): its user's features see it
  // at once; see the class comment for what waits for a rebuild. A shop not
  // built yet reads it from the store when it is.
  void OnOrder(std::string_view shop_id, const PlacedOrder& order);

  // Waits until every queued tuning and rebuild is done (tests).
  void WaitForTuning();
  // Rebuilds done by OnOrder so far (tests, logs).
  int64_t rebuilds() const { return rebuilds_.load(); }

 private:
  std::shared_ptr<const ShopPurchases> Find(std::string_view shop_id) const;
  void Tune(std::string shop_id, std::shared_ptr<const ShopPurchases> shop);
  void TuneLoop();
  // On the background thread: rebuilds the shop, carries over its recent
  // orders that the rebuild's scan missed, and swaps it in.
  void Rebuild(const std::string& shop_id);

  Store* store_;
  const Options options_;
  absl::Mutex build_mu_;  // one build at a time
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const ShopPurchases>> shops_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, std::shared_ptr<const ShopPurchases>>> to_tune_
      ABSL_GUARDED_BY(mu_);
  std::vector<std::string> to_rebuild_ ABSL_GUARDED_BY(mu_);  // shops, each once
  // Shops being built, with the orders OnOrder saw meanwhile.
  absl::flat_hash_map<std::string, std::vector<PlacedOrder>> building_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::Time> last_rebuild_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> rebuilds_{0};
  bool tuning_ ABSL_GUARDED_BY(mu_) = false;  // a shop is being tuned
  std::atomic<bool> cancel_{false};
  std::thread tuner_;  // started with the first tuning
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_PURCHASE_SERVICE_H_
