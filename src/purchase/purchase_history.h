// Per-user purchase histories for purchase intelligence (issue 5): each
// user's orders as chronological baskets of interned product ids with
// quantities, read from a shop's store (Store::ScanOrders).
//
// Products and users are interned to dense uint32 indices in order of
// first appearance, so models keep flat arrays rather than string maps.
// A basket holds each product once (repeated lines of one order add up),
// sorted by product index. A user's baskets are sorted by placed_at;
// orders placed at the same time keep their store (insertion) order.
//
// Thread-safety: immutable once built; concurrent reads are safe. Building
// (AddOrder, Finish) needs external synchronization.
#ifndef LEAFLOAF_PURCHASE_PURCHASE_HISTORY_H_
#define LEAFLOAF_PURCHASE_PURCHASE_HISTORY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/time.h"
#include "store/store.h"

namespace leafloaf::purchase {

using ProductIndex = uint32_t;
using UserIndex = uint32_t;

struct BasketItem {
  ProductIndex product = 0;
  float quantity = 1;
};

struct Basket {
  Micros placed_at = 0;
  std::vector<BasketItem> items;  // sorted by product, each product once
};

class PurchaseHistory {
 public:
  PurchaseHistory() = default;
  PurchaseHistory(PurchaseHistory&&) = default;
  PurchaseHistory& operator=(PurchaseHistory&&) = default;
  PurchaseHistory(const PurchaseHistory&) = delete;
  PurchaseHistory& operator=(const PurchaseHistory&) = delete;

  // Every order of the shop with at least one line, as baskets.
  static absl::StatusOr<PurchaseHistory> Load(Store& store, std::string_view shop_id);

  // Adds one order of `user` (external ids). Lines with a non-positive
  // quantity are ignored; an order without lines adds no basket.
  // REQUIRES: Finish() has not been called.
  void AddOrder(std::string_view user_id, Micros placed_at,
                std::span<const std::pair<std::string_view, double>> lines);
  // Sorts every user's baskets by time. Call once, after the last AddOrder.
  void Finish();

  size_t num_users() const { return user_ids_.size(); }
  size_t num_products() const { return product_ids_.size(); }
  size_t num_baskets() const { return num_baskets_; }
  const std::string& user_id(UserIndex user) const { return user_ids_[user]; }
  const std::string& product_id(ProductIndex product) const { return product_ids_[product]; }
  // Chronological baskets of `user`.
  std::span<const Basket> baskets(UserIndex user) const { return baskets_[user]; }
  // -1 when unknown.
  int64_t FindUser(std::string_view user_id) const;
  int64_t FindProduct(std::string_view product_id) const;

 private:
  std::vector<std::string> user_ids_;
  std::vector<std::string> product_ids_;
  absl::flat_hash_map<std::string, UserIndex> user_index_;
  absl::flat_hash_map<std::string, ProductIndex> product_index_;
  std::vector<std::vector<Basket>> baskets_;  // per user
  size_t num_baskets_ = 0;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_PURCHASE_HISTORY_H_
