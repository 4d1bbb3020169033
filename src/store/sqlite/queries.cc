#include "store/sqlite/queries.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace leafloaf::sqlite {
namespace {

constexpr std::string_view kProductColumns =
    "id, shop_id, external_id, COALESCE(sku, ''), name, brand, category, price_cents, size, unit, "
    "dietary_tags, description, stock, COALESCE(attributes, ''), updated_at";

// An order line from columns first..first+4: product external id,
// quantity, unit price, discount, attributes.
OrderLine ReadOrderLine(const Statement& s, int first, std::string_view shop_id,
                        const std::string& order_external_id) {
  OrderLine l;
  l.shop_id = std::string(shop_id);
  l.order_external_id = order_external_id;
  l.product_external_id = s.ColumnText(first);
  l.quantity = s.ColumnDouble(first + 1);
  l.unit_price_cents = s.ColumnInt(first + 2);
  l.discount_cents = s.ColumnInt(first + 3);
  l.attributes = s.ColumnText(first + 4);
  return l;
}

// Appends the order's lines, in line order.
absl::Status ReadOrderLines(Database& db, std::string_view shop_id, OrderWithLines& o) {
  LL_ASSIGN_OR_RETURN(Statement * lines, db.Prepare(
      "SELECT p.external_id, l.quantity, l.unit_price_cents, l.discount_cents, "
      "COALESCE(l.attributes, '') FROM order_lines l JOIN products p ON p.id = l.product_id "
      "WHERE l.shop_id = ? AND l.order_id = ? ORDER BY l.id"));
  lines->Bind(1, shop_id).Bind(2, o.order.id);
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, lines->Step());
    if (!row) break;
    o.lines.push_back(ReadOrderLine(*lines, 0, shop_id, o.order.external_id));
  }
  return absl::OkStatus();
}

Product ReadProduct(const Statement& s) {
  Product p;
  p.id = s.ColumnInt(0);
  p.shop_id = s.ColumnText(1);
  p.external_id = s.ColumnText(2);
  p.sku = s.ColumnText(3);
  p.name = s.ColumnText(4);
  p.brand = s.ColumnText(5);
  p.category = s.ColumnText(6);
  p.price_cents = s.ColumnInt(7);
  p.size = s.ColumnDouble(8);
  p.unit = s.ColumnText(9);
  std::string tags = s.ColumnText(10);
  if (!tags.empty()) p.dietary_tags = absl::StrSplit(tags, ',');
  p.description = s.ColumnText(11);
  p.stock = s.ColumnInt(12);
  p.attributes = s.ColumnText(13);
  p.updated_at = s.ColumnInt(14);
  return p;
}

// Escapes LIKE wildcards with '\'.
std::string EscapeLike(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

absl::StatusOr<Product> QueryProduct(Database& db, std::string_view shop_id,
                                     std::string_view external_id) {
  LL_ASSIGN_OR_RETURN(Statement * s,
                      db.Prepare(absl::StrCat("SELECT ", AsAbsl(kProductColumns),
                                              " FROM products WHERE shop_id = ? AND "
                                              "external_id = ? AND deleted = 0")));
  LL_ASSIGN_OR_RETURN(bool row, s->Bind(1, shop_id).Bind(2, external_id).Step());
  if (!row) return absl::NotFoundError(absl::StrFormat("no product '%s'", external_id));
  Product p = ReadProduct(*s);
  s->Reset();
  return p;
}

absl::StatusOr<ProductPage> QueryProducts(Database& db, std::string_view shop_id,
                                          const ProductFilter& filter) {
  if (filter.limit < 1 || filter.limit > 1000) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  std::string sql = absl::StrCat("SELECT ", AsAbsl(kProductColumns),
                                 " FROM products WHERE shop_id = ?1 AND deleted = 0 AND id > ?2");
  if (!filter.category.empty()) {
    absl::StrAppend(&sql, " AND (category = ?3 COLLATE NOCASE OR category LIKE ?4 ESCAPE '\\')");
  }
  if (!filter.brand.empty()) absl::StrAppend(&sql, " AND brand = ?5 COLLATE NOCASE");
  absl::StrAppend(&sql, " ORDER BY id LIMIT ?6");
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(sql));
  s->Bind(1, shop_id).Bind(2, filter.after_id).Bind(6, filter.limit + 1);
  if (!filter.category.empty()) {
    s->Bind(3, filter.category).Bind(4, absl::StrCat(EscapeLike(filter.category), " > %"));
  }
  if (!filter.brand.empty()) s->Bind(5, filter.brand);
  ProductPage page;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    if (static_cast<int>(page.products.size()) == filter.limit) {
      page.next_after_id = page.products.back().id;
      break;
    }
    page.products.push_back(ReadProduct(*s));
  }
  s->Reset();
  return page;
}

absl::StatusOr<User> QueryUser(Database& db, std::string_view shop_id,
                               std::string_view external_id) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT id, shop_id, external_id, COALESCE(household_external_id, ''), "
      "COALESCE(attributes, ''), created_at FROM users WHERE shop_id = ? AND external_id = ?"));
  LL_ASSIGN_OR_RETURN(bool row, s->Bind(1, shop_id).Bind(2, external_id).Step());
  if (!row) return absl::NotFoundError(absl::StrFormat("no user '%s'", external_id));
  User u;
  u.id = s->ColumnInt(0);
  u.shop_id = s->ColumnText(1);
  u.external_id = s->ColumnText(2);
  u.household_external_id = s->ColumnText(3);
  u.attributes = s->ColumnText(4);
  u.created_at = s->ColumnInt(5);
  s->Reset();
  return u;
}

absl::StatusOr<std::vector<OrderWithLines>> QueryUserOrders(Database& db, std::string_view shop_id,
                                                            std::string_view user_external_id,
                                                            int limit) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT o.id, o.external_id, o.placed_at, o.status, COALESCE(o.attributes, '') "
      "FROM orders o JOIN users u ON u.id = o.user_id "
      "WHERE u.shop_id = ?1 AND u.external_id = ?2 AND o.shop_id = ?1 "
      "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?3"));
  s->Bind(1, shop_id).Bind(2, user_external_id).Bind(3, limit);
  std::vector<OrderWithLines> orders;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    OrderWithLines o;
    o.order.id = s->ColumnInt(0);
    o.order.shop_id = std::string(shop_id);
    o.order.external_id = s->ColumnText(1);
    o.order.user_external_id = std::string(user_external_id);
    o.order.placed_at = s->ColumnInt(2);
    o.order.status = s->ColumnText(3);
    o.order.attributes = s->ColumnText(4);
    orders.push_back(std::move(o));
  }
  for (OrderWithLines& o : orders) LL_RETURN_IF_ERROR(ReadOrderLines(db, shop_id, o));
  return orders;
}

absl::StatusOr<OrderWithLines> QueryOrder(Database& db, std::string_view shop_id,
                                          std::string_view order_external_id) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT o.id, o.external_id, o.placed_at, o.status, COALESCE(o.attributes, ''), "
      "u.external_id FROM orders o JOIN users u ON u.id = o.user_id "
      "WHERE o.shop_id = ? AND o.external_id = ?"));
  LL_ASSIGN_OR_RETURN(bool row, s->Bind(1, shop_id).Bind(2, order_external_id).Step());
  if (!row) return absl::NotFoundError(absl::StrFormat("no order '%s'", order_external_id));
  OrderWithLines o;
  o.order.id = s->ColumnInt(0);
  o.order.shop_id = std::string(shop_id);
  o.order.external_id = s->ColumnText(1);
  o.order.placed_at = s->ColumnInt(2);
  o.order.status = s->ColumnText(3);
  o.order.attributes = s->ColumnText(4);
  o.order.user_external_id = s->ColumnText(5);
  s->Reset();
  LL_RETURN_IF_ERROR(ReadOrderLines(db, shop_id, o));
  return o;
}

absl::StatusOr<std::vector<CartLine>> QueryCart(Database& db, std::string_view shop_id,
                                                std::string_view user_external_id) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(absl::StrCat(
      "SELECT ", AsAbsl(kProductColumns), ", cart_quantity, cart_updated_at, deleted FROM ("
      "SELECT p.*, c.quantity AS cart_quantity, c.updated_at AS cart_updated_at, "
      "c.rowid AS cart_row FROM carts c JOIN users u ON u.id = c.user_id "
      "JOIN products p ON p.id = c.product_id "
      "WHERE u.shop_id = ?1 AND u.external_id = ?2 AND c.shop_id = ?1) ORDER BY cart_row")));
  s->Bind(1, shop_id).Bind(2, user_external_id);
  std::vector<CartLine> cart;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    CartLine line;
    line.product = ReadProduct(*s);
    line.quantity = s->ColumnDouble(15);
    line.updated_at = s->ColumnInt(16);
    line.available = s->ColumnInt(17) == 0;
    cart.push_back(std::move(line));
  }
  return cart;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> QueryProductOrderCounts(
    Database& db, std::string_view shop_id) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT p.external_id, c.n FROM (SELECT product_id, COUNT(*) AS n FROM order_lines "
      "WHERE shop_id = ?1 GROUP BY product_id) c JOIN products p ON p.id = c.product_id "
      "WHERE p.deleted = 0"));
  s->Bind(1, shop_id);
  std::vector<std::pair<std::string, int64_t>> counts;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    counts.emplace_back(s->ColumnText(0), s->ColumnInt(1));
  }
  return counts;
}

absl::Status ScanBaskets(Database& db, std::string_view shop_id, int64_t max_orders,
                         const std::function<void(const std::vector<std::string>&)>& fn) {
  if (max_orders <= 0) return absl::OkStatus();
  // Lines come in (order_id) order from the UNIQUE (shop_id, order_id,
  // product_id) index.
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT l.order_id, p.external_id FROM order_lines l JOIN products p ON p.id = l.product_id "
      "WHERE l.shop_id = ?1 AND p.deleted = 0 AND l.order_id >= COALESCE((SELECT MIN(id) FROM "
      "(SELECT id FROM orders WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2)), 0) "
      "ORDER BY l.order_id"));
  s->Bind(1, shop_id).Bind(2, max_orders);
  std::vector<std::string> basket;
  int64_t current = -1;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    const int64_t order = s->ColumnInt(0);
    if (order != current && !basket.empty()) {
      fn(basket);
      basket.clear();
    }
    current = order;
    basket.push_back(s->ColumnText(1));
  }
  if (!basket.empty()) fn(basket);
  return absl::OkStatus();
}

absl::Status ScanOrders(Database& db, std::string_view shop_id,
                        const std::function<absl::Status(const OrderWithLines&)>& fn) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT o.id, o.external_id, u.external_id, o.placed_at, o.status, "
      "COALESCE(o.attributes, ''), p.external_id, l.quantity, l.unit_price_cents, "
      "l.discount_cents, COALESCE(l.attributes, '') "
      "FROM orders o JOIN users u ON u.id = o.user_id "
      "JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id "
      "WHERE o.shop_id = ?1 AND l.shop_id = ?1 ORDER BY o.id, l.id"));
  s->Bind(1, shop_id);
  OrderWithLines current;
  absl::Status status;
  while (status.ok()) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    const int64_t order_id = s->ColumnInt(0);
    if (order_id != current.order.id) {
      if (!current.lines.empty()) status = fn(current);
      current = OrderWithLines{};
      current.order.id = order_id;
      current.order.shop_id = std::string(shop_id);
      current.order.external_id = s->ColumnText(1);
      current.order.user_external_id = s->ColumnText(2);
      current.order.placed_at = s->ColumnInt(3);
      current.order.status = s->ColumnText(4);
      current.order.attributes = s->ColumnText(5);
    }
    current.lines.push_back(ReadOrderLine(*s, 6, shop_id, current.order.external_id));
  }
  if (status.ok() && !current.lines.empty()) status = fn(current);
  return status;
}

absl::Status ScanEvents(Database& db, std::string_view shop_id, int64_t after_id,
                        const std::function<absl::Status(const Event&)>& fn) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT id, type, user_external_id, COALESCE(product_external_id, ''), "
      "COALESCE(session_id, ''), strength, quantity, COALESCE(query, ''), position, "
      "COALESCE(context, ''), at FROM events WHERE shop_id = ? AND id > ? ORDER BY id"));
  s->Bind(1, shop_id).Bind(2, after_id);
  absl::Status status;
  while (status.ok()) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    Event e;
    e.id = s->ColumnInt(0);
    e.shop_id = std::string(shop_id);
    e.type = s->ColumnText(1);
    e.user_external_id = s->ColumnText(2);
    e.product_external_id = s->ColumnText(3);
    e.session_id = s->ColumnText(4);
    e.strength = s->ColumnDouble(5);
    e.quantity = s->ColumnDouble(6);
    e.query = s->ColumnText(7);
    e.position = static_cast<int>(s->ColumnInt(8));
    e.context = s->ColumnText(9);
    e.at = s->ColumnInt(10);
    status = fn(e);
  }
  s->Reset();
  return status;
}

absl::StatusOr<ApiKey> QueryApiKey(Database& db, std::string_view key_hash) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "SELECT id, shop_id, key_hash, role, COALESCE(user_external_id, ''), created_at "
      "FROM api_keys WHERE key_hash = ? AND revoked = 0"));
  LL_ASSIGN_OR_RETURN(bool row, s->Bind(1, key_hash).Step());
  if (!row) return absl::NotFoundError("no such API key");
  ApiKey k;
  k.id = s->ColumnInt(0);
  k.shop_id = s->ColumnText(1);
  k.key_hash = s->ColumnText(2);
  auto role = ParseRole(s->ColumnText(3));
  k.user_external_id = s->ColumnText(4);
  k.created_at = s->ColumnInt(5);
  s->Reset();
  if (!role.ok()) return role.status();
  k.role = *role;
  return k;
}

absl::StatusOr<ShopCounts> QueryCounts(Database& db, std::string_view shop_id) {
  ShopCounts c;
  const std::pair<std::string_view, int64_t*> tables[] = {
      {"products WHERE deleted = 0 AND", &c.products},
      {"users WHERE", &c.users},
      {"households WHERE", &c.households},
      {"orders WHERE", &c.orders},
      {"order_lines WHERE", &c.order_lines},
      {"reviews WHERE", &c.reviews},
      {"competitor_prices WHERE", &c.competitor_prices},
      {"events WHERE", &c.events},
  };
  for (const auto& [from, out] : tables) {
    LL_ASSIGN_OR_RETURN(Statement * s,
                        db.Prepare(absl::StrCat("SELECT COUNT(*) FROM ", AsAbsl(from), " shop_id = ?")));
    LL_ASSIGN_OR_RETURN(bool row, s->Bind(1, shop_id).Step());
    *out = row ? s->ColumnInt(0) : 0;
    s->Reset();
  }
  return c;
}

absl::StatusOr<std::vector<std::string>> QueryShops(Database& db) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare("SELECT shop_id FROM shops ORDER BY shop_id"));
  std::vector<std::string> shops;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    shops.push_back(s->ColumnText(0));
  }
  return shops;
}

}  // namespace leafloaf::sqlite
