// WriteBatch: the unit of writing. Mutations are applied in order by the
// store's single writer thread; several batches share one commit (group
// commit). Each mutation is atomic on its own. A batch marked atomic is
// all-or-nothing: one failed mutation rolls the whole batch back.
#ifndef LEAFLOAF_STORE_WRITE_BATCH_H_
#define LEAFLOAF_STORE_WRITE_BATCH_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "common/time.h"
#include "catalog/product.h"
#include "store/records.h"

namespace leafloaf {

struct EnsureShop {
  std::string shop_id;
  std::string name;
};
struct DeleteProduct {
  std::string shop_id;
  std::string external_id;
};
// Erases what a user did: their events, memory-graph edges and cart, and
// their name on reviews (kept, anonymous). Orders stay: they are the shop's
// sales records. Applies to a user never seen too (nothing to erase); its
// result id is the number of events erased.
struct EraseUserActivity {
  std::string shop_id;
  std::string user_external_id;
};

// A cart holds at most kMaxCartLines products, each at most
// kMaxCartQuantity (kInvalidArgument / kFailedPrecondition beyond).
inline constexpr double kMaxCartQuantity = 1000;
inline constexpr int kMaxCartLines = 200;

// Changes one line of a user's cart. kSet puts the line at `quantity`
// (0 removes it); kAdd adds `quantity` (> 0) to it. Adding or setting
// needs a live product (kNotFound) and creates the user on first use;
// removing works for a product deleted since (and for lines that are not
// there: nothing changes). Its result id is 1 when a line changed, 0 when
// nothing did.
struct CartUpdate {
  enum class Mode { kSet, kAdd };
  std::string shop_id;
  std::string user_external_id;
  std::string product_external_id;
  double quantity = 0;
  Mode mode = Mode::kSet;
};
// Empties a user's cart; its result id is the number of lines removed.
struct ClearCart {
  std::string shop_id;
  std::string user_external_id;
};
// Turns a user's cart into the order `order_external_id`, atomically: every
// line's product must be live and in stock (stock -1 = not tracked), each
// line is priced at the product's current price, tracked stock goes down
// by the quantity (rounded up), a `purchase` event is recorded per line
// and the cart is emptied. kFailedPrecondition names the first line that
// cannot be bought, or an empty cart; nothing changes then. When the order
// already exists for this user (a retried checkout with the same
// idempotency key) nothing changes and the result id is 0, else 1; when it
// exists for another user: kAlreadyExists.
struct Checkout {
  std::string shop_id;
  std::string user_external_id;
  std::string order_external_id;
  std::string session_id;   // copied into the purchase events; may be ""
  std::string attributes;   // JSON object for the order, or ""
  Micros placed_at = 0;     // 0: the commit time
};

// Insert-or-update by (shop_id, external_id); re-applying is a no-op change.
using Mutation = std::variant<EnsureShop, Product, DeleteProduct, Household, User, Order, OrderLine,
                              Review, CompetitorPrice, Event, MemoryEdge, AuditEntry, ApiKey,
                              EraseUserActivity, CartUpdate, ClearCart, Checkout>;

struct WriteBatch {
  std::vector<Mutation> mutations;
  bool atomic = false;

  template <typename T>
  void Add(T&& m) {
    mutations.emplace_back(std::forward<T>(m));
  }
  size_t size() const { return mutations.size(); }
  bool empty() const { return mutations.empty(); }
};

struct WriteResult {
  // Not OK when nothing was written: the store is closed or the commit failed.
  absl::Status status;
  // One entry per mutation, in order: OK, or why that mutation was rejected
  // (kNotFound for an unknown referenced id, kInvalidArgument for bad fields).
  // Empty when `status` is not OK.
  std::vector<absl::Status> results;
  // Row ids for mutations that create rows with ids (Event, ApiKey), the
  // events erased for EraseUserActivity, the other counts documented at
  // each mutation, else 0.
  std::vector<int64_t> ids;

  size_t accepted() const {
    size_t n = 0;
    for (const auto& s : results) n += s.ok();
    return n;
  }
};

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_WRITE_BATCH_H_
