// SQLite store point reads and durable writes. Peers measured in the same
// run: a raw sqlite3 prepared SELECT for reads (our overhead), and one
// fsynced transaction per write for writes (what group commit saves).
#include <sqlite3.h>

#include <thread>

#include "benchmark/benchmark.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf {
namespace {

constexpr int kProducts = 20000;

struct Fixture {
  leafloaf::testing::TempDir dir;
  std::unique_ptr<Store> store;
  Fixture() {
    store = std::move(*OpenSqliteStore({.path = dir.File("leafloaf.db")}));
    WriteBatch batch;
    for (int i = 0; i < kProducts; ++i) {
      Product p;
      p.shop_id = "bench";
      p.external_id = "P" + std::to_string(i);
      p.name = "Product " + std::to_string(i);
      p.category = "Dept > Aisle " + std::to_string(i % 50);
      p.price_cents = 100 + i % 900;
      batch.Add(std::move(p));
    }
    store->Write(std::move(batch));
  }
};

Fixture& Shared() {
  static Fixture* fixture = new Fixture();
  return *fixture;
}

void BM_StoreGetProduct(benchmark::State& state) {
  Store& store = *Shared().store;
  int i = 0;
  for (auto _ : state) {
    auto p = store.GetProduct("bench", "P" + std::to_string(i++ % kProducts));
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_StoreGetProduct)->Threads(1)->Threads(2);

// Peer: the same lookup with a raw prepared statement on one connection.
void BM_RawSqliteGetProduct(benchmark::State& state) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(Shared().dir.File("leafloaf.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT id, external_id, name, brand, category, price_cents FROM products "
                     "WHERE shop_id = ? AND external_id = ? AND deleted = 0",
                     -1, &stmt, nullptr);
  int i = 0;
  for (auto _ : state) {
    std::string id = "P" + std::to_string(i++ % kProducts);
    sqlite3_bind_text(stmt, 1, "bench", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string name(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)));
      benchmark::DoNotOptimize(name);
    }
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
BENCHMARK(BM_RawSqliteGetProduct)->Threads(1)->Threads(2);

// Durable single-event writes from many threads: group commit folds the
// waiting writers into one fsync.
void BM_StoreDurableEventWrite(benchmark::State& state) {
  Store& store = *Shared().store;
  for (auto _ : state) {
    WriteBatch batch;
    batch.Add(Event{.shop_id = "bench", .type = "click_product", .user_external_id = "U1",
                    .product_external_id = "P1"});
    auto r = store.Write(std::move(batch));
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreDurableEventWrite)->Threads(1)->Threads(16)->Threads(64)->UseRealTime();

// Peer: one fsynced transaction per write, no grouping, one connection per
// thread (what a naive writer does).
void BM_NaiveTransactionPerWrite(benchmark::State& state) {
  sqlite3* db = nullptr;
  sqlite3_open(Shared().dir.File("leafloaf.db").c_str(), &db);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_exec(db, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO events (shop_id, type, user_external_id, product_external_id, "
                     "at) VALUES ('bench', 'click_product', 'U1', 'P1', 0)",
                     -1, &stmt, nullptr);
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NaiveTransactionPerWrite)->Threads(1)->Threads(16)->UseRealTime();

// Bulk upserts as the importer issues them (2,000 products per batch).
void BM_StoreBulkProductUpsert(benchmark::State& state) {
  Store& store = *Shared().store;
  int round = 0;
  for (auto _ : state) {
    WriteBatch batch;
    for (int i = 0; i < 2000; ++i) {
      Product p;
      p.shop_id = "bulk";
      p.external_id = "B" + std::to_string((round * 2000 + i) % 100000);
      p.name = "Bulk product";
      p.price_cents = 250;
      batch.Add(std::move(p));
    }
    ++round;
    auto r = store.Write(std::move(batch));
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 2000);
}
BENCHMARK(BM_StoreBulkProductUpsert)->UseRealTime();

}  // namespace
}  // namespace leafloaf

BENCHMARK_MAIN();
