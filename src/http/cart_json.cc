#include "http/cart_json.h"

#include <cmath>

namespace leafloaf::http {
namespace {

using json = nlohmann::json;

double Round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

json CartJson(const cart::Cart& cart) {
  json items = json::array();
  for (const CartLine& l : cart.lines) {
    const Product& p = l.product;
    items.push_back({
        {"product_id", p.external_id},
        {"name", p.name},
        {"brand", p.brand},
        {"category", p.category},
        {"price", CentsToUnits(p.price_cents)},
        {"quantity", l.quantity},
        {"unit", p.unit},
        {"line_total", Round2(l.quantity * CentsToUnits(p.price_cents))},
        {"dietary_tags", p.dietary_tags},
        {"available", l.available},
        {"in_stock", l.available && p.in_stock() &&
                         (p.stock < 0 || static_cast<double>(p.stock) >= std::ceil(l.quantity))},
        {"stock", p.stock},
        {"updated_at", FormatIsoTime(l.updated_at)},
    });
  }
  return {{"user_id", cart.user_id},
          {"items", std::move(items)},
          {"item_count", cart.lines.size()},
          {"total_quantity", cart.total_quantity},
          {"subtotal", CentsToUnits(cart.subtotal_cents)},
          {"subtotal_cents", cart.subtotal_cents},
          {"updated_at", cart.updated_at ? json(FormatIsoTime(cart.updated_at)) : json(nullptr)}};
}

json OrderJson(const cart::CheckoutResult& placed) {
  const Order& o = placed.order.order;
  json lines = json::array();
  for (const OrderLine& l : placed.order.lines) {
    lines.push_back({{"product_id", l.product_external_id},
                     {"quantity", l.quantity},
                     {"unit_price", CentsToUnits(l.unit_price_cents)},
                     {"line_total", Round2(l.quantity * CentsToUnits(l.unit_price_cents) -
                                           CentsToUnits(l.discount_cents))}});
  }
  return {{"order_id", o.external_id},
          {"user_id", o.user_external_id},
          {"placed_at", FormatIsoTime(o.placed_at)},
          {"status", o.status},
          {"lines", std::move(lines)},
          {"item_count", placed.order.lines.size()},
          {"total", CentsToUnits(placed.total_cents)},
          {"total_cents", placed.total_cents},
          {"replayed", placed.replayed}};
}

}  // namespace leafloaf::http
