#include "store/sqlite/mutations.h"

#include <cmath>

#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"

namespace leafloaf::sqlite {
namespace {

absl::Status Require(bool ok, std::string_view what) {
  return ok ? absl::OkStatus() : absl::InvalidArgumentError(AsAbsl(what));
}

absl::Status RequireIds(const std::string& shop_id, const std::string& external_id,
                        std::string_view kind) {
  LL_RETURN_IF_ERROR(Require(!shop_id.empty(), "shop_id is empty"));
  return Require(!external_id.empty(), absl::StrFormat("%s id is empty", kind));
}

// Runs `body` in a savepoint so that a multi-statement mutation is atomic.
template <typename Fn>
absl::StatusOr<int64_t> InSavepoint(Database& db, Fn body) {
  LL_RETURN_IF_ERROR(db.Exec("SAVEPOINT mutation"));
  absl::StatusOr<int64_t> result = body();
  if (result.ok()) {
    LL_RETURN_IF_ERROR(db.Exec("RELEASE mutation"));
  } else {
    LL_RETURN_IF_ERROR(db.Exec("ROLLBACK TO mutation; RELEASE mutation"));
  }
  return result;
}

absl::StatusOr<int64_t> RunReturningId(Statement* stmt) {
  LL_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return absl::InternalError("insert returned no id");
  int64_t id = stmt->ColumnInt(0);
  LL_RETURN_IF_ERROR(stmt->Run());
  return id;
}

// The statement's Step error, with UNIQUE violations as kAlreadyExists.
absl::Status ConstraintAware(absl::Status status) {
  if (status.code() == absl::StatusCode::kFailedPrecondition &&
      absl::StrContains(status.message(), "UNIQUE")) {
    return absl::AlreadyExistsError(status.message());
  }
  return status;
}

absl::Status EnsureUser(Database& db, const std::string& shop, const std::string& user, Micros now) {
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
      "INSERT INTO users (shop_id, external_id, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (shop_id, external_id) DO NOTHING"));
  return s->Bind(1, shop).Bind(2, user).Bind(3, now).Run();
}

// Why a reference did not resolve: names the first missing id.
absl::Status MissingReference(Database& db, const std::string& shop, std::string_view table,
                              std::string_view kind, const std::string& id) {
  std::string sql = absl::StrFormat(
      "SELECT 1 FROM %s WHERE shop_id = ? AND external_id = ?%s", table,
      table == "products" ? " AND deleted = 0" : "");
  LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(sql));
  LL_ASSIGN_OR_RETURN(bool found, s->Bind(1, shop).Bind(2, id).Step());
  s->Reset();
  if (found) return absl::OkStatus();
  return absl::NotFoundError(absl::StrFormat("unknown %s '%s'", kind, id));
}

struct Applier {
  Database& db;
  Micros now;
  KnownRows& known;
  EventIds& event_ids;

  // The row id of a live product; kNotFound names it.
  absl::StatusOr<int64_t> LiveProductId(const std::string& shop, const std::string& product) {
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "SELECT id FROM products WHERE shop_id = ? AND external_id = ? AND deleted = 0"));
    LL_ASSIGN_OR_RETURN(bool found, s->Bind(1, shop).Bind(2, product).Step());
    const int64_t id = found ? s->ColumnInt(0) : 0;
    s->Reset();
    if (!found) return absl::NotFoundError(absl::StrFormat("unknown product '%s'", product));
    return id;
  }

  // The row id of a user; 0 when the user does not exist.
  absl::StatusOr<int64_t> UserId(const std::string& shop, const std::string& user) {
    LL_ASSIGN_OR_RETURN(Statement * s,
                        db.Prepare("SELECT id FROM users WHERE shop_id = ? AND external_id = ?"));
    LL_ASSIGN_OR_RETURN(bool found, s->Bind(1, shop).Bind(2, user).Step());
    const int64_t id = found ? s->ColumnInt(0) : 0;
    s->Reset();
    return id;
  }

  struct CheckoutLine {
    int64_t product = 0;
    std::string product_external_id;
    double quantity = 0;
    Cents price_cents = 0;
    int64_t stock = -1;
    bool deleted = false;
  };

  // Checkout's body, inside its savepoint (see write_batch.h).
  absl::StatusOr<int64_t> PlaceOrder(const Checkout& m) {
    LL_ASSIGN_OR_RETURN(Statement * existing, db.Prepare(
        "SELECT u.external_id FROM orders o JOIN users u ON u.id = o.user_id "
        "WHERE o.shop_id = ? AND o.external_id = ?"));
    LL_ASSIGN_OR_RETURN(bool placed, existing->Bind(1, m.shop_id).Bind(2, m.order_external_id).Step());
    const std::string owner = placed ? existing->ColumnText(0) : "";
    existing->Reset();
    if (placed) {
      if (owner == m.user_external_id) return 0;  // a retry: the order stands
      return absl::AlreadyExistsError(
          absl::StrFormat("order '%s' belongs to another user", m.order_external_id));
    }
    LL_ASSIGN_OR_RETURN(int64_t user, UserId(m.shop_id, m.user_external_id));
    std::vector<CheckoutLine> lines;
    if (user != 0) {
      LL_ASSIGN_OR_RETURN(Statement * cart, db.Prepare(
          "SELECT p.id, p.external_id, c.quantity, p.price_cents, p.stock, p.deleted "
          "FROM carts c JOIN products p ON p.id = c.product_id "
          "WHERE c.shop_id = ? AND c.user_id = ? ORDER BY c.rowid"));
      cart->Bind(1, m.shop_id).Bind(2, user);
      while (true) {
        LL_ASSIGN_OR_RETURN(bool row, cart->Step());
        if (!row) break;
        lines.push_back({cart->ColumnInt(0), cart->ColumnText(1), cart->ColumnDouble(2),
                         cart->ColumnInt(3), cart->ColumnInt(4), cart->ColumnInt(5) != 0});
      }
      cart->Reset();
    }
    if (lines.empty()) return absl::FailedPreconditionError("the cart is empty");
    for (const CheckoutLine& l : lines) {
      if (l.deleted) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "product '%s' is no longer sold; remove it from the cart", l.product_external_id));
      }
      if (l.stock >= 0 && std::ceil(l.quantity) > static_cast<double>(l.stock)) {
        return absl::FailedPreconditionError(
            absl::StrFormat("only %d of product '%s' in stock; the cart holds %g", l.stock,
                            l.product_external_id, l.quantity));
      }
    }
    const Micros at = m.placed_at ? m.placed_at : now;
    LL_ASSIGN_OR_RETURN(Statement * order, db.Prepare(
        "INSERT INTO orders (shop_id, external_id, user_id, placed_at, status, attributes) "
        "VALUES (?, ?, ?, ?, 'placed', ?) RETURNING id"));
    order->Bind(1, m.shop_id).Bind(2, m.order_external_id).Bind(3, user).Bind(4, at);
    order->BindTextOrNull(5, m.attributes);
    LL_ASSIGN_OR_RETURN(int64_t order_id, RunReturningId(order));
    LL_ASSIGN_OR_RETURN(Statement * insert_line, db.Prepare(
        "INSERT INTO order_lines (shop_id, order_id, product_id, quantity, unit_price_cents) "
        "VALUES (?, ?, ?, ?, ?)"));
    LL_ASSIGN_OR_RETURN(Statement * stock, db.Prepare(
        "UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND stock >= 0"));
    LL_ASSIGN_OR_RETURN(Statement * event, db.Prepare(
        "INSERT INTO events (shop_id, type, user_external_id, product_external_id, session_id, "
        "quantity, context, at, id) "
        "VALUES (?, 'purchase', ?, ?, ?, ?, json_object('order_id', ?), ?, ?)"));
    for (const CheckoutLine& l : lines) {
      insert_line->Reset();
      stock->Reset();
      event->Reset();
      insert_line->Bind(1, m.shop_id).Bind(2, order_id).Bind(3, l.product).Bind(4, l.quantity);
      LL_RETURN_IF_ERROR(insert_line->Bind(5, l.price_cents).Run());
      if (l.stock >= 0) {
        stock->Bind(1, static_cast<int64_t>(std::ceil(l.quantity))).Bind(2, now).Bind(3, l.product);
        LL_RETURN_IF_ERROR(stock->Run());
      }
      event->Bind(1, m.shop_id).Bind(2, m.user_external_id).Bind(3, l.product_external_id);
      event->BindTextOrNull(4, m.session_id).Bind(5, l.quantity);
      event->Bind(6, m.order_external_id).Bind(7, at);
      absl::Status inserted = ConstraintAware(event->Bind(8, event_ids.Take()).Run());
      if (absl::IsAlreadyExists(inserted)) {
        // Another process took the id (docs/STORE.md): a free one instead.
        event->Reset();
        event->Bind(1, m.shop_id).Bind(2, m.user_external_id).Bind(3, l.product_external_id);
        event->BindTextOrNull(4, m.session_id).Bind(5, l.quantity);
        event->Bind(6, m.order_external_id).Bind(7, at).BindNull(8);
        inserted = event->Run();
      }
      LL_RETURN_IF_ERROR(inserted);
    }
    LL_ASSIGN_OR_RETURN(Statement * empty,
                        db.Prepare("DELETE FROM carts WHERE shop_id = ? AND user_id = ?"));
    LL_RETURN_IF_ERROR(empty->Bind(1, m.shop_id).Bind(2, user).Run());
    return 1;
  }

  absl::StatusOr<int64_t> operator()(const EnsureShop& m) {
    LL_RETURN_IF_ERROR(Require(!m.shop_id.empty(), "shop_id is empty"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO shops (shop_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (shop_id) "
        "DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END"));
    LL_RETURN_IF_ERROR(s->Bind(1, m.shop_id).Bind(2, m.name).Bind(3, now).Run());
    return 0;
  }

  absl::StatusOr<int64_t> operator()(const Product& p) {
    LL_RETURN_IF_ERROR(RequireIds(p.shop_id, p.external_id, "product"));
    LL_RETURN_IF_ERROR(Require(!p.name.empty(), "product name is empty"));
    LL_RETURN_IF_ERROR(Require(p.price_cents >= 0, "price is negative"));
    LL_RETURN_IF_ERROR(Require(std::isfinite(p.size) && p.size >= 0, "size is not a positive number"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO products (shop_id, external_id, sku, name, brand, category, price_cents, "
        "size, unit, dietary_tags, description, stock, attributes, updated_at, deleted) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
        "ON CONFLICT (shop_id, external_id) DO UPDATE SET sku = excluded.sku, "
        "name = excluded.name, brand = excluded.brand, category = excluded.category, "
        "price_cents = excluded.price_cents, size = excluded.size, unit = excluded.unit, "
        "dietary_tags = excluded.dietary_tags, description = excluded.description, "
        "stock = excluded.stock, attributes = excluded.attributes, "
        "updated_at = excluded.updated_at, deleted = 0 RETURNING id"));
    s->Bind(1, p.shop_id).Bind(2, p.external_id).BindTextOrNull(3, p.sku).Bind(4, p.name);
    s->Bind(5, p.brand).Bind(6, p.category).Bind(7, p.price_cents).Bind(8, p.size).Bind(9, p.unit);
    s->Bind(10, absl::StrJoin(p.dietary_tags, ",")).Bind(11, p.description).Bind(12, p.stock);
    s->BindTextOrNull(13, p.attributes).Bind(14, p.updated_at ? p.updated_at : now);
    LL_ASSIGN_OR_RETURN(int64_t id, RunReturningId(s));
    known.AddProduct(p.shop_id, p.external_id);
    return id;
  }

  absl::StatusOr<int64_t> operator()(const DeleteProduct& m) {
    LL_RETURN_IF_ERROR(RequireIds(m.shop_id, m.external_id, "product"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "UPDATE products SET deleted = 1, updated_at = ? "
        "WHERE shop_id = ? AND external_id = ? AND deleted = 0"));
    LL_RETURN_IF_ERROR(s->Bind(1, now).Bind(2, m.shop_id).Bind(3, m.external_id).Run());
    known.RemoveProduct(m.shop_id, m.external_id);
    if (db.Changes() == 0) {
      return absl::NotFoundError(absl::StrFormat("unknown product '%s'", m.external_id));
    }
    return 0;
  }

  absl::StatusOr<int64_t> operator()(const Household& h) {
    LL_RETURN_IF_ERROR(RequireIds(h.shop_id, h.external_id, "household"));
    LL_RETURN_IF_ERROR(Require(h.size >= 0, "household size is negative"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO households (shop_id, external_id, size, kids, attributes) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop_id, external_id) DO UPDATE SET "
        "size = excluded.size, kids = excluded.kids, attributes = excluded.attributes "
        "RETURNING id"));
    s->Bind(1, h.shop_id).Bind(2, h.external_id).Bind(3, h.size).Bind(4, h.kids);
    s->BindTextOrNull(5, h.attributes);
    return RunReturningId(s);
  }

  absl::StatusOr<int64_t> operator()(const User& u) {
    LL_RETURN_IF_ERROR(RequireIds(u.shop_id, u.external_id, "user"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO users (shop_id, external_id, household_external_id, attributes, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop_id, external_id) DO UPDATE SET "
        "household_external_id = COALESCE(excluded.household_external_id, household_external_id), "
        "attributes = COALESCE(excluded.attributes, attributes) RETURNING id"));
    s->Bind(1, u.shop_id).Bind(2, u.external_id).BindTextOrNull(3, u.household_external_id);
    s->BindTextOrNull(4, u.attributes).Bind(5, u.created_at ? u.created_at : now);
    return RunReturningId(s);
  }

  absl::StatusOr<int64_t> operator()(const Order& o) {
    LL_RETURN_IF_ERROR(RequireIds(o.shop_id, o.external_id, "order"));
    LL_RETURN_IF_ERROR(Require(!o.user_external_id.empty(), "order has no user id"));
    LL_RETURN_IF_ERROR(Require(o.placed_at != 0, "order has no time"));
    return InSavepoint(db, [&]() -> absl::StatusOr<int64_t> {
      LL_RETURN_IF_ERROR(EnsureUser(db, o.shop_id, o.user_external_id, now));
      LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
          "INSERT INTO orders (shop_id, external_id, user_id, placed_at, status, attributes) "
          "SELECT ?1, ?2, u.id, ?3, ?4, ?5 FROM users u WHERE u.shop_id = ?1 AND u.external_id = ?6 "
          "ON CONFLICT (shop_id, external_id) DO UPDATE SET user_id = excluded.user_id, "
          "placed_at = excluded.placed_at, status = excluded.status, "
          "attributes = excluded.attributes RETURNING id"));
      s->Bind(1, o.shop_id).Bind(2, o.external_id).Bind(3, o.placed_at).Bind(4, o.status);
      s->BindTextOrNull(5, o.attributes).Bind(6, o.user_external_id);
      return RunReturningId(s);
    });
  }

  absl::StatusOr<int64_t> operator()(const OrderLine& l) {
    LL_RETURN_IF_ERROR(Require(!l.shop_id.empty(), "shop_id is empty"));
    LL_RETURN_IF_ERROR(Require(!l.order_external_id.empty(), "order id is empty"));
    LL_RETURN_IF_ERROR(Require(!l.product_external_id.empty(), "product id is empty"));
    LL_RETURN_IF_ERROR(Require(std::isfinite(l.quantity) && l.quantity > 0,
                               "quantity is not a positive number"));
    LL_RETURN_IF_ERROR(Require(l.unit_price_cents >= 0, "price is negative"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO order_lines (shop_id, order_id, product_id, quantity, unit_price_cents, "
        "discount_cents, attributes) SELECT ?1, o.id, p.id, ?2, ?3, ?4, ?5 "
        "FROM orders o, products p WHERE o.shop_id = ?1 AND o.external_id = ?6 "
        "AND p.shop_id = ?1 AND p.external_id = ?7 AND p.deleted = 0 "
        "ON CONFLICT (shop_id, order_id, product_id) DO UPDATE SET quantity = excluded.quantity, "
        "unit_price_cents = excluded.unit_price_cents, discount_cents = excluded.discount_cents, "
        "attributes = excluded.attributes RETURNING id"));
    s->Bind(1, l.shop_id).Bind(2, l.quantity).Bind(3, l.unit_price_cents);
    s->Bind(4, l.discount_cents).BindTextOrNull(5, l.attributes).Bind(6, l.order_external_id);
    s->Bind(7, l.product_external_id);
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      int64_t id = s->ColumnInt(0);
      LL_RETURN_IF_ERROR(s->Run());
      return id;
    }
    LL_RETURN_IF_ERROR(MissingReference(db, l.shop_id, "orders", "order", l.order_external_id));
    LL_RETURN_IF_ERROR(
        MissingReference(db, l.shop_id, "products", "product", l.product_external_id));
    return absl::InternalError("order line was not written");
  }

  absl::StatusOr<int64_t> operator()(const Review& r) {
    LL_RETURN_IF_ERROR(RequireIds(r.shop_id, r.external_id, "review"));
    LL_RETURN_IF_ERROR(Require(r.rating >= 0 && r.rating <= 5, "rating is not between 1 and 5"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO reviews (shop_id, external_id, product_id, user_external_id, rating, title, "
        "text, created_at) SELECT ?1, ?2, p.id, ?3, ?4, ?5, ?6, ?7 FROM products p "
        "WHERE p.shop_id = ?1 AND p.external_id = ?8 AND p.deleted = 0 "
        "ON CONFLICT (shop_id, external_id) DO UPDATE SET product_id = excluded.product_id, "
        "user_external_id = excluded.user_external_id, rating = excluded.rating, "
        "title = excluded.title, text = excluded.text, created_at = excluded.created_at "
        "RETURNING id"));
    s->Bind(1, r.shop_id).Bind(2, r.external_id).BindTextOrNull(3, r.user_external_id);
    s->Bind(4, r.rating).Bind(5, r.title).Bind(6, r.text).Bind(7, r.created_at ? r.created_at : now);
    s->Bind(8, r.product_external_id);
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return absl::NotFoundError(absl::StrFormat("unknown product '%s'", r.product_external_id));
    }
    int64_t id = s->ColumnInt(0);
    LL_RETURN_IF_ERROR(s->Run());
    return id;
  }

  absl::StatusOr<int64_t> operator()(const CompetitorPrice& c) {
    LL_RETURN_IF_ERROR(Require(!c.shop_id.empty(), "shop_id is empty"));
    LL_RETURN_IF_ERROR(Require(!c.competitor.empty(), "competitor is empty"));
    LL_RETURN_IF_ERROR(Require(!c.competitor_sku.empty(), "competitor sku is empty"));
    LL_RETURN_IF_ERROR(Require(c.price_cents >= 0, "price is negative"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO competitor_prices (shop_id, competitor, competitor_sku, product_external_id, "
        "name, price_cents, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (shop_id, competitor, competitor_sku, observed_at) DO UPDATE SET "
        "product_external_id = excluded.product_external_id, name = excluded.name, "
        "price_cents = excluded.price_cents RETURNING id"));
    s->Bind(1, c.shop_id).Bind(2, c.competitor).Bind(3, c.competitor_sku);
    s->BindTextOrNull(4, c.product_external_id).Bind(5, c.name).Bind(6, c.price_cents);
    s->Bind(7, c.observed_at ? c.observed_at : now);
    return RunReturningId(s);
  }

  absl::StatusOr<int64_t> operator()(const Event& e) {
    LL_RETURN_IF_ERROR(Require(!e.shop_id.empty(), "shop_id is empty"));
    LL_RETURN_IF_ERROR(Require(!e.type.empty(), "event type is empty"));
    LL_RETURN_IF_ERROR(Require(!e.user_external_id.empty(), "event has no user id"));
    // A named product must exist; checked before anything is written (a
    // journaled event was checked when it was acknowledged).
    const bool journaled = e.id != 0;
    if (!journaled && !e.product_external_id.empty() &&
        !known.HasProduct(e.shop_id, e.product_external_id)) {
      LL_ASSIGN_OR_RETURN(Statement * product, db.Prepare(
          "SELECT 1 FROM products WHERE shop_id = ? AND external_id = ? AND deleted = 0"));
      LL_ASSIGN_OR_RETURN(bool found,
                          product->Bind(1, e.shop_id).Bind(2, e.product_external_id).Step());
      product->Reset();
      if (!found) {
        return absl::NotFoundError(absl::StrFormat("unknown product '%s'", e.product_external_id));
      }
      known.AddProduct(e.shop_id, e.product_external_id);
    }
    // The user is created on first use, at the event's time. No savepoint:
    // a statement journal per event cost 20-30% of batched tracking
    // throughput (events_benchmark). The user row is the only write before
    // the insert and is idempotent; the insert fails only on an I/O error
    // (disk full, ...), where SQLite may roll the whole transaction back and
    // at worst a user without events remains.
    if (!known.HasUser(e.shop_id, e.user_external_id)) {
      LL_RETURN_IF_ERROR(EnsureUser(db, e.shop_id, e.user_external_id, e.at ? e.at : now));
      known.AddUser(e.shop_id, e.user_external_id);
    }
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO events (shop_id, type, user_external_id, product_external_id, session_id, "
        "strength, quantity, query, position, context, at, id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    auto bind = [&](Statement* s) {
      s->Bind(1, e.shop_id).Bind(2, e.type).Bind(3, e.user_external_id);
      s->BindTextOrNull(4, e.product_external_id).BindTextOrNull(5, e.session_id);
      s->Bind(6, e.strength).Bind(7, e.quantity).BindTextOrNull(8, e.query).Bind(9, e.position);
      s->BindTextOrNull(10, e.context).Bind(11, e.at ? e.at : now);
    };
    const int64_t id = journaled ? e.id : event_ids.Take();
    bind(s);
    absl::Status inserted = ConstraintAware(s->Bind(12, id).Run());
    if (journaled && absl::IsAlreadyExists(inserted)) {
      // The same event, written by an earlier attempt, is not written twice.
      LL_ASSIGN_OR_RETURN(Statement * same, db.Prepare(
          "SELECT 1 FROM events WHERE id = ? AND shop_id = ? AND user_external_id = ? AND "
          "type = ? AND at = ?"));
      same->Bind(1, id).Bind(2, e.shop_id).Bind(3, e.user_external_id).Bind(4, e.type);
      LL_ASSIGN_OR_RETURN(bool found, same->Bind(5, e.at ? e.at : now).Step());
      same->Reset();
      if (found) return id;
    }
    if (absl::IsAlreadyExists(inserted)) {
      // Another process wrote a row with this id (a CLI command beside the
      // server: processes do not share the id counter, and only the server
      // has the journal). Keep the event under a free id.
      s->Reset();
      bind(s);
      LL_RETURN_IF_ERROR(s->BindNull(12).Run());
      return db.LastInsertRowId();
    }
    LL_RETURN_IF_ERROR(inserted);
    return id;
  }

  absl::StatusOr<int64_t> operator()(const MemoryEdge& m) {
    LL_RETURN_IF_ERROR(Require(!m.shop_id.empty(), "shop_id is empty"));
    LL_RETURN_IF_ERROR(Require(!m.user_external_id.empty() && !m.dst_id.empty() &&
                                   !m.dst_kind.empty() && !m.relation.empty(),
                               "memory edge is missing user, destination or relation"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO memory_edges (shop_id, user_external_id, dst_kind, dst_id, relation, weight, "
        "valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, "
        "user_external_id, dst_kind, dst_id, relation, valid_from) DO UPDATE SET "
        "weight = excluded.weight, valid_to = excluded.valid_to"));
    s->Bind(1, m.shop_id).Bind(2, m.user_external_id).Bind(3, m.dst_kind).Bind(4, m.dst_id);
    s->Bind(5, m.relation).Bind(6, m.weight).Bind(7, m.valid_from ? m.valid_from : now);
    s->Bind(8, m.valid_to);
    LL_RETURN_IF_ERROR(s->Run());
    return 0;  // edges have no row id
  }

  absl::StatusOr<int64_t> operator()(const AuditEntry& a) {
    LL_RETURN_IF_ERROR(Require(!a.shop_id.empty() && !a.action.empty(), "audit entry is incomplete"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO audit_log (shop_id, actor, action, subject, detail, at) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    s->Bind(1, a.shop_id).Bind(2, a.actor).Bind(3, a.action).Bind(4, a.subject);
    s->BindTextOrNull(5, a.detail).Bind(6, a.at ? a.at : now);
    LL_RETURN_IF_ERROR(s->Run());
    return db.LastInsertRowId();
  }

  absl::StatusOr<int64_t> operator()(const EraseUserActivity& m) {
    LL_RETURN_IF_ERROR(RequireIds(m.shop_id, m.user_external_id, "user"));
    LL_ASSIGN_OR_RETURN(Statement * events,
                        db.Prepare("DELETE FROM events WHERE shop_id = ? AND user_external_id = ?"));
    LL_RETURN_IF_ERROR(events->Bind(1, m.shop_id).Bind(2, m.user_external_id).Run());
    const int64_t erased = db.Changes();
    LL_ASSIGN_OR_RETURN(Statement * edges, db.Prepare(
        "DELETE FROM memory_edges WHERE shop_id = ? AND user_external_id = ?"));
    LL_RETURN_IF_ERROR(edges->Bind(1, m.shop_id).Bind(2, m.user_external_id).Run());
    LL_ASSIGN_OR_RETURN(Statement * cart, db.Prepare(
        "DELETE FROM carts WHERE shop_id = ?1 AND user_id IN "
        "(SELECT id FROM users WHERE shop_id = ?1 AND external_id = ?2)"));
    LL_RETURN_IF_ERROR(cart->Bind(1, m.shop_id).Bind(2, m.user_external_id).Run());
    LL_ASSIGN_OR_RETURN(Statement * reviews, db.Prepare(
        "UPDATE reviews SET user_external_id = NULL WHERE shop_id = ? AND user_external_id = ?"));
    LL_RETURN_IF_ERROR(reviews->Bind(1, m.shop_id).Bind(2, m.user_external_id).Run());
    return erased;
  }

  absl::StatusOr<int64_t> operator()(const CartUpdate& m) {
    LL_RETURN_IF_ERROR(RequireIds(m.shop_id, m.user_external_id, "user"));
    LL_RETURN_IF_ERROR(Require(!m.product_external_id.empty(), "product id is empty"));
    const bool add = m.mode == CartUpdate::Mode::kAdd;
    LL_RETURN_IF_ERROR(Require(std::isfinite(m.quantity) && m.quantity <= kMaxCartQuantity &&
                                   (add ? m.quantity > 0 : m.quantity >= 0),
                               absl::StrFormat("quantity must be %s and at most %g",
                                               add ? "above 0" : "0 or more", kMaxCartQuantity)));
    if (!add && m.quantity == 0) {
      // A removal: also of a product deleted since it was put in the cart
      // (checkout refuses those lines); creates no user.
      LL_ASSIGN_OR_RETURN(Statement * erase, db.Prepare(
          "DELETE FROM carts WHERE shop_id = ?1 "
          "AND user_id IN (SELECT id FROM users WHERE shop_id = ?1 AND external_id = ?2) "
          "AND product_id IN (SELECT id FROM products WHERE shop_id = ?1 AND external_id = ?3)"));
      LL_RETURN_IF_ERROR(
          erase->Bind(1, m.shop_id).Bind(2, m.user_external_id).Bind(3, m.product_external_id).Run());
      return db.Changes() > 0 ? 1 : 0;
    }
    return InSavepoint(db, [&]() -> absl::StatusOr<int64_t> {
      LL_ASSIGN_OR_RETURN(int64_t product, LiveProductId(m.shop_id, m.product_external_id));
      // Not remembered in `known`: this savepoint may still roll back.
      LL_RETURN_IF_ERROR(EnsureUser(db, m.shop_id, m.user_external_id, now));
      LL_ASSIGN_OR_RETURN(int64_t user, UserId(m.shop_id, m.user_external_id));
      LL_ASSIGN_OR_RETURN(Statement * line, db.Prepare(
          "SELECT quantity, (SELECT COUNT(*) FROM carts WHERE shop_id = ?1 AND user_id = ?2) "
          "FROM carts WHERE shop_id = ?1 AND user_id = ?2 AND product_id = ?3"));
      LL_ASSIGN_OR_RETURN(bool exists, line->Bind(1, m.shop_id).Bind(2, user).Bind(3, product).Step());
      const double current = exists ? line->ColumnDouble(0) : 0;
      line->Reset();
      const double quantity = add ? current + m.quantity : m.quantity;
      if (quantity == current) return 0;
      if (quantity > kMaxCartQuantity) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "the cart would hold %g of '%s'; at most %g", quantity, m.product_external_id,
            kMaxCartQuantity));
      }
      if (!exists) {
        LL_ASSIGN_OR_RETURN(Statement * count, db.Prepare(
            "SELECT COUNT(*) FROM carts WHERE shop_id = ? AND user_id = ?"));
        LL_ASSIGN_OR_RETURN(bool row, count->Bind(1, m.shop_id).Bind(2, user).Step());
        const int64_t lines = row ? count->ColumnInt(0) : 0;
        count->Reset();
        if (lines >= kMaxCartLines) {
          return absl::FailedPreconditionError(
              absl::StrFormat("the cart is full: at most %d products", kMaxCartLines));
        }
      }
      LL_ASSIGN_OR_RETURN(Statement * upsert, db.Prepare(
          "INSERT INTO carts (shop_id, user_id, product_id, quantity, updated_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop_id, user_id, product_id) DO UPDATE SET "
          "quantity = excluded.quantity, updated_at = excluded.updated_at"));
      upsert->Bind(1, m.shop_id).Bind(2, user).Bind(3, product).Bind(4, quantity).Bind(5, now);
      LL_RETURN_IF_ERROR(upsert->Run());
      return 1;
    });
  }

  absl::StatusOr<int64_t> operator()(const ClearCart& m) {
    LL_RETURN_IF_ERROR(RequireIds(m.shop_id, m.user_external_id, "user"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "DELETE FROM carts WHERE shop_id = ?1 AND user_id IN "
        "(SELECT id FROM users WHERE shop_id = ?1 AND external_id = ?2)"));
    LL_RETURN_IF_ERROR(s->Bind(1, m.shop_id).Bind(2, m.user_external_id).Run());
    return db.Changes();
  }

  absl::StatusOr<int64_t> operator()(const Checkout& m) {
    LL_RETURN_IF_ERROR(RequireIds(m.shop_id, m.user_external_id, "user"));
    LL_RETURN_IF_ERROR(Require(!m.order_external_id.empty(), "order id is empty"));
    return InSavepoint(db, [&]() -> absl::StatusOr<int64_t> { return PlaceOrder(m); });
  }

  absl::StatusOr<int64_t> operator()(const ApiKey& k) {
    LL_RETURN_IF_ERROR(Require(!k.shop_id.empty(), "shop_id is empty"));
    LL_RETURN_IF_ERROR(Require(k.key_hash.size() >= 32, "key hash is too short"));
    LL_ASSIGN_OR_RETURN(Statement * s, db.Prepare(
        "INSERT INTO api_keys (shop_id, key_hash, role, user_external_id, created_at, revoked) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    s->Bind(1, k.shop_id).Bind(2, k.key_hash).Bind(3, RoleName(k.role));
    s->BindTextOrNull(4, k.user_external_id).Bind(5, k.created_at ? k.created_at : now);
    s->Bind(6, k.revoked ? 1 : 0);
    LL_RETURN_IF_ERROR(ConstraintAware(s->Run()));
    return db.LastInsertRowId();
  }
};

struct ShopOf {
  template <typename T>
  const std::string& operator()(const T& m) const {
    return m.shop_id;
  }
};

}  // namespace

std::string KnownRows::Key(std::string_view shop, std::string_view id) {
  std::string key;
  key.reserve(shop.size() + 1 + id.size());
  key.append(shop).push_back('\0');  // ids may hold any other byte
  key.append(id);
  return key;
}

bool KnownRows::HasProduct(std::string_view shop, std::string_view id) const {
  return products_.contains(Key(shop, id));
}

void KnownRows::AddProduct(std::string_view shop, std::string_view id) {
  if (products_.size() >= kMaxEntries) products_.clear();
  products_.insert(Key(shop, id));
}

void KnownRows::RemoveProduct(std::string_view shop, std::string_view id) {
  products_.erase(Key(shop, id));
}

bool KnownRows::HasUser(std::string_view shop, std::string_view id) const {
  return users_.contains(Key(shop, id));
}

void KnownRows::AddUser(std::string_view shop, std::string_view id) {
  if (users_.size() >= kMaxEntries) users_.clear();
  users_.insert(Key(shop, id));
}

void KnownRows::Clear() {
  products_.clear();
  users_.clear();
}

void EventIds::AtLeast(int64_t next) {
  int64_t current = next_.load(std::memory_order_relaxed);
  while (current < next && !next_.compare_exchange_weak(current, next, std::memory_order_relaxed)) {
  }
}

absl::StatusOr<int64_t> ApplyMutation(Database& db, const Mutation& mutation, Micros now,
                                      KnownRows& known, EventIds& event_ids) {
  return std::visit(Applier{db, now, known, event_ids}, mutation);
}

const std::string& MutationShop(const Mutation& mutation) { return std::visit(ShopOf{}, mutation); }

}  // namespace leafloaf::sqlite
