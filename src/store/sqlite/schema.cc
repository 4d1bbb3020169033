#include "store/sqlite/schema.h"

#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace leafloaf::sqlite {
namespace {

// Every table carries shop_id. Money is integer cents, time UTC micros.
// External ids are the source's ids, unique per shop.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE shops (
  shop_id TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL REFERENCES shops(shop_id),
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('shopper','merchant','admin')),
  user_external_id TEXT,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  kids INTEGER NOT NULL DEFAULT -1,
  attributes TEXT,
  UNIQUE (shop_id, external_id)
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  household_external_id TEXT,
  attributes TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, external_id)
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  sku TEXT,
  name TEXT NOT NULL,
  brand TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  price_cents INTEGER NOT NULL DEFAULT 0,
  size REAL NOT NULL DEFAULT 0,
  unit TEXT NOT NULL DEFAULT '',
  dietary_tags TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  stock INTEGER NOT NULL DEFAULT -1,
  attributes TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  UNIQUE (shop_id, external_id)
);
CREATE INDEX products_category ON products (shop_id, category COLLATE NOCASE, id);
CREATE INDEX products_brand ON products (shop_id, brand COLLATE NOCASE, id);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  placed_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'placed',
  attributes TEXT,
  UNIQUE (shop_id, external_id)
);
CREATE INDEX orders_user ON orders (shop_id, user_id, placed_at);
CREATE TABLE order_lines (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity REAL NOT NULL,
  unit_price_cents INTEGER NOT NULL DEFAULT 0,
  discount_cents INTEGER NOT NULL DEFAULT 0,
  attributes TEXT,
  UNIQUE (shop_id, order_id, product_id)
);
CREATE INDEX order_lines_product ON order_lines (shop_id, product_id);
CREATE TABLE carts (
  shop_id TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (shop_id, user_id, product_id)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  type TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  product_external_id TEXT,
  session_id TEXT,
  strength REAL NOT NULL DEFAULT 0,
  quantity REAL NOT NULL DEFAULT 0,
  query TEXT,
  position INTEGER NOT NULL DEFAULT -1,
  context TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX events_user ON events (shop_id, user_external_id, at);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  user_external_id TEXT,
  rating INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, external_id)
);
CREATE TABLE competitor_prices (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  competitor TEXT NOT NULL,
  competitor_sku TEXT NOT NULL,
  product_external_id TEXT,
  name TEXT NOT NULL DEFAULT '',
  price_cents INTEGER NOT NULL,
  observed_at INTEGER NOT NULL,
  UNIQUE (shop_id, competitor, competitor_sku, observed_at)
);
CREATE TABLE memory_edges (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  dst_kind TEXT NOT NULL,
  dst_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  weight REAL NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL DEFAULT 0,
  UNIQUE (shop_id, user_external_id, dst_kind, dst_id, relation, valid_from)
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  shop_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT,
  at INTEGER NOT NULL
);
)sql";

// The event journal's ingestion watermark (sqlite/event_journal.h): the
// sequence of the last journal record whose events are in `events`.
constexpr char kV2[] = R"sql(
CREATE TABLE event_journal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  ingested_through INTEGER NOT NULL
);
INSERT INTO event_journal (id, ingested_through) VALUES (1, 0);
)sql";

// Memory-graph edges keyed by their unique key alone (WITHOUT ROWID): an
// upsert, four per tracked event, then changes one B-tree instead of the
// rowid table and its unique index.
constexpr char kV3[] = R"sql(
CREATE TABLE memory_edges_v3 (
  shop_id TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  dst_kind TEXT NOT NULL,
  dst_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  weight REAL NOT NULL,
  valid_to INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shop_id, user_external_id, dst_kind, dst_id, relation, valid_from)
) WITHOUT ROWID;
INSERT INTO memory_edges_v3 (shop_id, user_external_id, dst_kind, dst_id, relation, valid_from,
                             weight, valid_to)
  SELECT shop_id, user_external_id, dst_kind, dst_id, relation, valid_from, weight, valid_to
  FROM memory_edges;
DROP TABLE memory_edges;
ALTER TABLE memory_edges_v3 RENAME TO memory_edges;
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial data model", kV1},
    {2, "event journal watermark", kV2},
    {3, "memory edges without rowid", kV3},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

absl::StatusOr<int> Migrate(Database& db) {
  LL_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "description TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
  LL_ASSIGN_OR_RETURN(Statement * current,
                      db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  LL_ASSIGN_OR_RETURN(bool has_row, current->Step());
  int version = has_row ? static_cast<int>(current->ColumnInt(0)) : 0;
  current->Reset();
  const int newest = kMigrations[std::size(kMigrations) - 1].version;
  if (version > newest) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "database schema version %d is newer than this binary's %d", version, newest));
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    LL_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    absl::Status status = db.Exec(m.sql);
    if (status.ok()) {
      auto insert = db.Prepare(
          "INSERT INTO schema_migrations (version, description, applied_at) "
          "VALUES (?, ?, CAST(strftime('%s','now') AS INTEGER) * 1000000)");
      status = insert.ok() ? (*insert)->Bind(1, m.version).Bind(2, m.description).Run()
                           : insert.status();
    }
    if (!status.ok()) {
      (void)db.Exec("ROLLBACK");
      return absl::Status(status.code(), absl::StrFormat("migration %d (%s): %s", m.version,
                                                         m.description, status.message()));
    }
    LL_RETURN_IF_ERROR(db.Exec("COMMIT"));
    version = m.version;
  }
  return version;
}

}  // namespace leafloaf::sqlite
