// CartService: a shopper's cart and checkout (issue 6), for the HTTP cart
// endpoints and the conversation's order agent alike.
//
// Carts live in the store (store/write_batch.h: CartUpdate, ClearCart,
// Checkout), so they survive restarts and are the same on every node. Each
// change is written together with the interaction it is (an `add_to_cart`
// or `remove_from_cart` event, atomically) and, once durable, taught to the
// preference engine; a client that uses these endpoints should not track
// the same add_to_cart events again.
//
// Checkout places the order atomically (stock check, current prices,
// purchase events, cart emptied). With an idempotency key the order id is
// derived from the shop, user and key (BLAKE2b), so a retried checkout
// finds the order it placed and returns it (`replayed`) instead of placing
// another; without a key the order id is random. A placed order then
// reaches purchase intelligence at once (PurchaseService::OnOrder) and the
// search index's in-stock filter drops what sold out.
//
// Thread-safety: every method may be called from any thread.
#ifndef LEAFLOAF_CART_CART_SERVICE_H_
#define LEAFLOAF_CART_CART_SERVICE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/money.h"
#include "common/time.h"
#include "store/store.h"

namespace leafloaf::personalize {
class PersonalizationService;
}  // namespace leafloaf::personalize
namespace leafloaf::purchase {
class PurchaseService;
}  // namespace leafloaf::purchase
namespace leafloaf::search {
class SearchService;
}  // namespace leafloaf::search

namespace leafloaf::cart {

struct Cart {
  std::string user_id;
  std::vector<CartLine> lines;  // oldest first
  Cents subtotal_cents = 0;     // available lines at current prices
  double total_quantity = 0;
  Micros updated_at = 0;        // latest line change; 0 when empty
};

struct CartChange {
  double quantity_before = 0;
  double quantity_after = 0;
  bool changed() const { return quantity_before != quantity_after; }
};

struct LineChange {
  std::string product_id;
  CartChange change;
};

struct CheckoutResult {
  OrderWithLines order;
  Cents total_cents = 0;
  bool replayed = false;  // an earlier checkout with the same idempotency key
};

// Who acts and in which session: copied into the events a change records.
struct Actor {
  std::string shop_id;
  std::string user_id;
  std::string session_id;  // may be ""
};

class CartService {
 public:
  // Everything not owned; the services may be null (nothing to tell).
  struct Services {
    Store* store = nullptr;
    const Clock* clock = nullptr;
    personalize::PersonalizationService* personalization = nullptr;
    purchase::PurchaseService* purchases = nullptr;
    search::SearchService* search = nullptr;
  };
  explicit CartService(Services services) : s_(services) {}

  absl::StatusOr<Cart> Get(std::string_view shop_id, std::string_view user_id) const;
  // Adds `quantity` (> 0) of a live product (kNotFound otherwise).
  absl::StatusOr<CartChange> Add(const Actor& who, std::string_view product_id,
                                 double quantity) const;
  // Sets the line to `quantity` (>= 0; 0 removes it).
  absl::StatusOr<CartChange> Set(const Actor& who, std::string_view product_id,
                                 double quantity) const;
  // Puts each (product id, quantity) in the cart at least at that quantity
  // (the one-click usual basket): lines already holding as much are left
  // alone, so nothing doubles. Returns the lines changed. Stops at the
  // first failure (the lines before it stay changed).
  absl::StatusOr<std::vector<LineChange>> TopUp(
      const Actor& who, std::span<const std::pair<std::string, double>> lines) const;
  // Empties the cart; returns the number of lines removed.
  absl::StatusOr<int64_t> Clear(const Actor& who) const;
  // Places the cart as an order. kFailedPrecondition for an empty cart or
  // a line that cannot be bought (out of stock, no longer sold): nothing
  // changes. `idempotency_key` may be "" (no replay protection).
  absl::StatusOr<CheckoutResult> Checkout(const Actor& who, std::string_view idempotency_key) const;

  // The order id a checkout with this key places: "co_" and 24 hex digits.
  static std::string OrderIdForKey(std::string_view shop_id, std::string_view user_id,
                                   std::string_view idempotency_key);

 private:
  // Writes the line change with its event; learns the event once durable.
  absl::StatusOr<CartChange> Change(const Actor& who, std::string_view product_id,
                                    double quantity, bool add) const;
  void Learn(const std::vector<Event>& events) const;

  Services s_;
};

}  // namespace leafloaf::cart

#endif  // LEAFLOAF_CART_CART_SERVICE_H_
