#include "cart/cart_service.h"

#include <sodium.h>

#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "personalize/personalization_service.h"
#include "purchase/purchase_service.h"
#include "search/search_service.h"

namespace leafloaf::cart {
namespace {

constexpr size_t kOrderIdBytes = 12;  // 24 hex digits, 96 bits

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string hex(2 * n + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

std::string RandomOrderId() {
  std::array<unsigned char, kOrderIdBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return "co_" + Hex(bytes.data(), bytes.size());
}

// The one write of a mutation: its result, or why the batch failed.
absl::StatusOr<int64_t> WriteOne(Store& store, WriteBatch batch) {
  WriteResult result = store.Write(std::move(batch));
  if (!result.status.ok()) return result.status;
  for (const absl::Status& s : result.results) {
    if (!s.ok() && s.code() != absl::StatusCode::kAborted) return s;
  }
  return result.ids.at(0);
}

}  // namespace

std::string CartService::OrderIdForKey(std::string_view shop_id, std::string_view user_id,
                                       std::string_view idempotency_key) {
  if (sodium_init() < 0) return RandomOrderId();  // not reached: init is idempotent
  // Lengths first, so ("ab", "c") and ("a", "bc") differ.
  const std::string material = absl::StrCat(shop_id.size(), ":", AsAbsl(shop_id), user_id.size(),
                                            ":", AsAbsl(user_id), AsAbsl(idempotency_key));
  std::array<unsigned char, kOrderIdBytes> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                     nullptr, 0);
  return "co_" + Hex(digest.data(), digest.size());
}

absl::StatusOr<Cart> CartService::Get(std::string_view shop_id, std::string_view user_id) const {
  LL_ASSIGN_OR_RETURN(std::vector<CartLine> lines, s_.store->GetCart(shop_id, user_id));
  Cart cart;
  cart.user_id = std::string(user_id);
  for (const CartLine& l : lines) {
    if (l.available) {
      cart.subtotal_cents += static_cast<Cents>(
          std::llround(l.quantity * static_cast<double>(l.product.price_cents)));
    }
    cart.total_quantity += l.quantity;
    cart.updated_at = std::max(cart.updated_at, l.updated_at);
  }
  cart.lines = std::move(lines);
  return cart;
}

absl::StatusOr<CartChange> CartService::Add(const Actor& who, std::string_view product_id,
                                            double quantity) const {
  return Change(who, product_id, quantity, /*add=*/true);
}

absl::StatusOr<CartChange> CartService::Set(const Actor& who, std::string_view product_id,
                                            double quantity) const {
  return Change(who, product_id, quantity, /*add=*/false);
}

absl::StatusOr<CartChange> CartService::Change(const Actor& who, std::string_view product_id,
                                               double quantity, bool add) const {
  CartChange change;
  LL_ASSIGN_OR_RETURN(std::vector<CartLine> lines, s_.store->GetCart(who.shop_id, who.user_id));
  bool live = true;  // a line of a deleted product is removed without an event
  for (const CartLine& l : lines) {
    if (l.product.external_id == product_id) {
      change.quantity_before = l.quantity;
      live = l.available;
    }
  }
  change.quantity_after = add ? change.quantity_before + quantity : quantity;
  WriteBatch batch;
  batch.atomic = true;  // the line and its event, or neither
  batch.Add(CartUpdate{who.shop_id, who.user_id, std::string(product_id), quantity,
                       add ? CartUpdate::Mode::kAdd : CartUpdate::Mode::kSet});
  // The event says what changed as this request saw the cart; a concurrent
  // change of the same line in between makes it approximate, not wrong.
  std::vector<Event> events;
  const double delta = change.quantity_after - change.quantity_before;
  if (live && std::isfinite(delta) && delta != 0) {
    Event e;
    e.shop_id = who.shop_id;
    e.type = delta > 0 ? "add_to_cart" : "remove_from_cart";
    e.user_external_id = who.user_id;
    e.product_external_id = std::string(product_id);
    e.session_id = who.session_id;
    e.quantity = std::abs(delta);
    e.context = R"({"source":"cart"})";
    e.at = s_.clock->Now();
    events.push_back(e);
    batch.Add(std::move(e));
  }
  LL_ASSIGN_OR_RETURN(int64_t changed, WriteOne(*s_.store, std::move(batch)));
  if (changed == 0) change.quantity_after = change.quantity_before;
  Learn(events);
  return change;
}

absl::StatusOr<std::vector<LineChange>> CartService::TopUp(
    const Actor& who, std::span<const std::pair<std::string, double>> lines) const {
  LL_ASSIGN_OR_RETURN(std::vector<CartLine> before, s_.store->GetCart(who.shop_id, who.user_id));
  std::vector<LineChange> changed;
  for (const auto& [product, quantity] : lines) {
    double have = 0;
    for (const CartLine& l : before) {
      if (l.product.external_id == product) have = l.quantity;
    }
    if (have >= quantity) continue;
    LL_ASSIGN_OR_RETURN(CartChange change, Set(who, product, quantity));
    changed.push_back({product, change});
  }
  return changed;
}

absl::StatusOr<int64_t> CartService::Clear(const Actor& who) const {
  WriteBatch batch;
  batch.Add(ClearCart{who.shop_id, who.user_id});
  return WriteOne(*s_.store, std::move(batch));
}

absl::StatusOr<CheckoutResult> CartService::Checkout(const Actor& who,
                                                     std::string_view idempotency_key) const {
  const std::string order_id = idempotency_key.empty()
                                   ? RandomOrderId()
                                   : OrderIdForKey(who.shop_id, who.user_id, idempotency_key);
  WriteBatch batch;
  batch.Add(leafloaf::Checkout{.shop_id = who.shop_id,
                               .user_external_id = who.user_id,
                               .order_external_id = order_id,
                               .session_id = who.session_id,
                               .attributes = R"({"source":"checkout"})",
                               .placed_at = 0});
  LL_ASSIGN_OR_RETURN(int64_t placed, WriteOne(*s_.store, std::move(batch)));
  CheckoutResult result;
  result.replayed = placed == 0;
  LL_ASSIGN_OR_RETURN(result.order, s_.store->GetOrder(who.shop_id, order_id));
  for (const OrderLine& l : result.order.lines) {
    result.total_cents += static_cast<Cents>(
        std::llround(l.quantity * static_cast<double>(l.unit_price_cents))) - l.discount_cents;
  }
  if (result.replayed) return result;
  // Durable: teach the purchase events, give the order to purchase
  // intelligence, and let search see the new stock.
  std::vector<Event> events;
  purchase::PlacedOrder placed_order{who.user_id, result.order.order.placed_at, {}};
  for (const OrderLine& l : result.order.lines) {
    Event e;
    e.shop_id = who.shop_id;
    e.type = "purchase";
    e.user_external_id = who.user_id;
    e.product_external_id = l.product_external_id;
    e.session_id = who.session_id;
    e.quantity = l.quantity;
    e.at = result.order.order.placed_at;
    events.push_back(std::move(e));
    placed_order.lines.emplace_back(l.product_external_id, l.quantity);
  }
  Learn(events);
  if (s_.purchases) s_.purchases->OnOrder(who.shop_id, placed_order);
  if (s_.search) {  // sold out now: search's in-stock filter drops it
    for (const OrderLine& l : result.order.lines) {
      auto product = s_.store->GetProduct(who.shop_id, l.product_external_id);
      if (product.ok() && !product->in_stock()) {
        s_.search->OnStockChanged(who.shop_id, l.product_external_id, false);
      }
    }
  }
  return result;
}

void CartService::Learn(const std::vector<Event>& events) const {
  if (s_.personalization && !events.empty()) s_.personalization->OnEvents(events);
}

}  // namespace leafloaf::cart
