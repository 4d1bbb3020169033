// Store: the system of record behind one small interface (STYLE.md), with
// an embedded SQLite backend (store/sqlite/) and, later, PostgreSQL.
//
// Writes go through SubmitThen() (or Submit(), its future): one writer
// applies batches in arrival order and commits several at once (group
// commit). A write is acknowledged (its callback runs, its future becomes
// ready) only after its commit is durable.
// Reads run concurrently with writes and with each other.
//
// Thread-safety: all methods may be called from any thread.
// Every read and write is scoped to one shop: a read never returns another
// shop's rows.
#ifndef LEAFLOAF_STORE_STORE_H_
#define LEAFLOAF_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "catalog/product.h"
#include "store/records.h"
#include "store/write_batch.h"

namespace leafloaf {

struct ProductFilter {
  std::string category;  // matches the path or any path prefix, case-insensitive
  std::string brand;     // case-insensitive exact match
  int limit = 50;        // 1..1000
  int64_t after_id = 0;  // keyset cursor: internal id of the last row seen
};

struct ProductPage {
  std::vector<Product> products;
  int64_t next_after_id = 0;  // 0 when there is no further page
};

struct OrderWithLines {
  Order order;
  std::vector<OrderLine> lines;
};

// One line of a user's cart, with the product as it is now.
struct CartLine {
  Product product;
  double quantity = 0;
  Micros updated_at = 0;
  bool available = true;  // false once the product is deleted (checkout refuses it)
};

// Row counts of one shop, for import reports, tests and metrics.
struct ShopCounts {
  int64_t products = 0;
  int64_t users = 0;
  int64_t households = 0;
  int64_t orders = 0;
  int64_t order_lines = 0;
  int64_t reviews = 0;
  int64_t competitor_prices = 0;
  int64_t events = 0;
};

struct StoreStats {
  int64_t batches_committed = 0;   // batches acknowledged
  int64_t commits = 0;             // transactions committed (groups)
  int64_t syncs = 0;               // fsyncs making commits durable (one may cover several)
  int64_t mutations_applied = 0;
  int64_t mutations_rejected = 0;
  int64_t reads = 0;
  int64_t queue_depth = 0;         // batches waiting for the writer
  int64_t db_bytes = 0;            // size of the database file
  int64_t schema_version = 0;
  int64_t journal_syncs = 0;       // fdatasyncs of the event journal
  int64_t journal_backlog = 0;     // journaled events not yet in the database
};

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  using WriteDone = absl::AnyInvocable<void(WriteResult) &&>;
  // Queues a batch; `done` runs once it is durable (or rejected): on one of
  // the store's threads, or on the caller's when refused at once. It must be
  // quick (it holds up the acknowledgements after it) and must not wait for
  // another write. For callers that answer without a thread waiting, such
  // as an event loop: no wakeup per write beyond their own. A batch of
  // tracked events never blocks the caller (the SQLite store parks it while
  // its journal's backlog is full); one that erases a user may wait for
  // that backlog to be ingested.
  virtual void SubmitThen(WriteBatch batch, WriteDone done) = 0;
  // Queues a batch; the future is ready once it is durable (or rejected).
  std::future<WriteResult> Submit(WriteBatch batch) {
    std::promise<WriteResult> promise;
    std::future<WriteResult> future = promise.get_future();
    SubmitThen(std::move(batch), [promise = std::move(promise)](WriteResult result) mutable {
      promise.set_value(std::move(result));
    });
    return future;
  }
  // Submit and wait.
  WriteResult Write(WriteBatch batch) { return Submit(std::move(batch)).get(); }

  virtual absl::StatusOr<Product> GetProduct(std::string_view shop_id,
                                             std::string_view external_id) = 0;
  virtual absl::StatusOr<ProductPage> ListProducts(std::string_view shop_id,
                                                   const ProductFilter& filter) = 0;
  virtual absl::StatusOr<User> GetUser(std::string_view shop_id, std::string_view external_id) = 0;
  virtual absl::StatusOr<std::vector<OrderWithLines>> ListUserOrders(
      std::string_view shop_id, std::string_view user_external_id, int limit) = 0;
  // One order by its external id, with its lines; kNotFound when absent.
  virtual absl::StatusOr<OrderWithLines> GetOrder(std::string_view shop_id,
                                                  std::string_view order_external_id) = 0;
  // The user's cart, oldest line first; empty for an unknown user.
  virtual absl::StatusOr<std::vector<CartLine>> GetCart(std::string_view shop_id,
                                                        std::string_view user_external_id) = 0;
  // How many order lines reference each product of the shop (products
  // never ordered are absent), keyed by product external id.
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> ProductOrderCounts(
      std::string_view shop_id) = 0;
  // Calls `fn` with each of the shop's latest `max_orders` orders (by
  // insertion) as the external ids of its live products, oldest first.
  // Empty orders are skipped. For training models over baskets.
  virtual absl::Status ScanBaskets(std::string_view shop_id, int64_t max_orders,
                                   const std::function<void(const std::vector<std::string>&)>& fn) = 0;
  // Calls `fn` with each of the shop's orders and their lines (live and
  // deleted products alike), in insertion (id) order; orders without lines
  // are skipped. For training models over purchase history. A non-OK status
  // from `fn` stops the scan and is returned.
  virtual absl::Status ScanOrders(std::string_view shop_id,
                                  const std::function<absl::Status(const OrderWithLines&)>& fn) = 0;
  // Calls `fn` with each of the shop's events in insertion (id) order, for
  // rebuilding in-memory state such as preferences at startup. Events with
  // id <= after_id are skipped. A non-OK status from `fn` stops the scan and
  // is returned.
  virtual absl::Status ScanEvents(std::string_view shop_id, int64_t after_id,
                                  const std::function<absl::Status(const Event&)>& fn) = 0;
  // Finds a non-revoked key by hash, in any shop.
  virtual absl::StatusOr<ApiKey> FindApiKey(std::string_view key_hash) = 0;
  virtual absl::StatusOr<ShopCounts> CountRows(std::string_view shop_id) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ListShops() = 0;

  // Cheap liveness check of the backend, for /health.
  virtual absl::Status Ping() = 0;
  virtual StoreStats Stats() = 0;
  // Stops accepting writes, drains the queue and closes. Idempotent.
  virtual void Close() = 0;

 protected:
  Store() = default;
};

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_STORE_H_
