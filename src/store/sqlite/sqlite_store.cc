#include "store/sqlite/sqlite_store.h"

#include <atomic>
#include <deque>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "store/sqlite/mutations.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/wal_syncer.h"

namespace leafloaf {
namespace {

using sqlite::Database;

// Read connections handed out one thread at a time.
class ReaderPool {
 public:
  ReaderPool(std::string path, int max, int busy_timeout_ms)
      : path_(std::move(path)), max_(max), busy_timeout_ms_(busy_timeout_ms) {}

  // RAII lease of one connection.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (db_) pool_->Release(std::move(db_));
    }
    Database& operator*() { return *db_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Database> db_;
  };

  absl::StatusOr<Lease> Acquire() {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](ReaderPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
            return !p->free_.empty() || p->open_ < p->max_;
          },
          this));
      if (!free_.empty()) {
        std::unique_ptr<Database> db = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(db));
      }
      ++open_;
    }
    auto db = Database::Open(path_, /*read_only=*/true, busy_timeout_ms_);
    if (db.ok()) db = Configure(std::move(*db));
    if (!db.ok()) {
      absl::MutexLock lock(&mu_);
      --open_;
      return db.status();
    }
    return Lease(this, std::move(*db));
  }

 private:
  static absl::StatusOr<std::unique_ptr<Database>> Configure(std::unique_ptr<Database> db) {
    LL_RETURN_IF_ERROR(db->Exec("PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384"));
    return db;
  }
  void Release(std::unique_ptr<Database> db) {
    absl::MutexLock lock(&mu_);
    free_.push_back(std::move(db));
  }

  const std::string path_;
  const int max_;
  const int busy_timeout_ms_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Database>> free_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteStoreOptions options, std::unique_ptr<Database> writer,
              std::unique_ptr<sqlite::WalSyncer> syncer, int schema_version)
      : options_(std::move(options)),
        writer_db_(std::move(writer)),
        syncer_(std::move(syncer)),
        readers_(options_.path, options_.reader_connections, options_.busy_timeout_ms),
        schema_version_(schema_version) {
    writer_ = std::thread([this] { WriterLoop(); });
  }
  ~SqliteStore() override { Close(); }

  std::future<WriteResult> Submit(WriteBatch batch) override {
    Pending pending{std::move(batch), {}};
    std::future<WriteResult> future = pending.promise.get_future();
    absl::MutexLock lock(&mu_);
    if (closing_) {
      WriteResult result;
      result.status = absl::UnavailableError("store is closed");
      pending.promise.set_value(std::move(result));
      return future;
    }
    queue_.push_back(std::move(pending));
    return future;
  }

  absl::StatusOr<Product> GetProduct(std::string_view shop_id,
                                     std::string_view external_id) override {
    return Read([&](Database& db) { return sqlite::QueryProduct(db, shop_id, external_id); });
  }
  absl::StatusOr<ProductPage> ListProducts(std::string_view shop_id,
                                           const ProductFilter& filter) override {
    return Read([&](Database& db) { return sqlite::QueryProducts(db, shop_id, filter); });
  }
  absl::StatusOr<User> GetUser(std::string_view shop_id, std::string_view external_id) override {
    return Read([&](Database& db) { return sqlite::QueryUser(db, shop_id, external_id); });
  }
  absl::StatusOr<std::vector<OrderWithLines>> ListUserOrders(std::string_view shop_id,
                                                             std::string_view user_external_id,
                                                             int limit) override {
    return Read(
        [&](Database& db) { return sqlite::QueryUserOrders(db, shop_id, user_external_id, limit); });
  }
  absl::StatusOr<OrderWithLines> GetOrder(std::string_view shop_id,
                                          std::string_view order_external_id) override {
    return Read([&](Database& db) { return sqlite::QueryOrder(db, shop_id, order_external_id); });
  }
  absl::StatusOr<std::vector<CartLine>> GetCart(std::string_view shop_id,
                                                std::string_view user_external_id) override {
    return Read([&](Database& db) { return sqlite::QueryCart(db, shop_id, user_external_id); });
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> ProductOrderCounts(
      std::string_view shop_id) override {
    return Read([&](Database& db) { return sqlite::QueryProductOrderCounts(db, shop_id); });
  }
  absl::Status ScanBaskets(
      std::string_view shop_id, int64_t max_orders,
      const std::function<void(const std::vector<std::string>&)>& fn) override {
    auto done = Read([&](Database& db) -> absl::StatusOr<bool> {
      LL_RETURN_IF_ERROR(sqlite::ScanBaskets(db, shop_id, max_orders, fn));
      return true;
    });
    return done.status();
  }
  absl::Status ScanOrders(
      std::string_view shop_id,
      const std::function<absl::Status(const OrderWithLines&)>& fn) override {
    auto done = Read([&](Database& db) -> absl::StatusOr<bool> {
      LL_RETURN_IF_ERROR(sqlite::ScanOrders(db, shop_id, fn));
      return true;
    });
    return done.status();
  }
  absl::Status ScanEvents(std::string_view shop_id, int64_t after_id,
                          const std::function<absl::Status(const Event&)>& fn) override {
    auto done = Read([&](Database& db) -> absl::StatusOr<bool> {
      LL_RETURN_IF_ERROR(sqlite::ScanEvents(db, shop_id, after_id, fn));
      return true;
    });
    return done.status();
  }
  absl::StatusOr<ApiKey> FindApiKey(std::string_view key_hash) override {
    return Read([&](Database& db) { return sqlite::QueryApiKey(db, key_hash); });
  }
  absl::StatusOr<ShopCounts> CountRows(std::string_view shop_id) override {
    return Read([&](Database& db) { return sqlite::QueryCounts(db, shop_id); });
  }
  absl::StatusOr<std::vector<std::string>> ListShops() override {
    return Read([&](Database& db) { return sqlite::QueryShops(db); });
  }

  absl::Status Ping() override {
    auto result = Read([&](Database& db) -> absl::StatusOr<int> {
      LL_RETURN_IF_ERROR(db.Exec("SELECT 1"));
      return 1;
    });
    if (!result.ok()) return result.status();
    absl::MutexLock lock(&mu_);
    if (closing_) return absl::UnavailableError("store is closed");
    return absl::OkStatus();
  }

  StoreStats Stats() override {
    StoreStats s;
    s.batches_committed = batches_committed_.load(std::memory_order_relaxed);
    s.commits = commits_.load(std::memory_order_relaxed);
    s.syncs = syncs_.load(std::memory_order_relaxed);
    s.mutations_applied = mutations_applied_.load(std::memory_order_relaxed);
    s.mutations_rejected = mutations_rejected_.load(std::memory_order_relaxed);
    s.reads = reads_.load(std::memory_order_relaxed);
    {
      absl::MutexLock lock(&mu_);
      s.queue_depth = static_cast<int64_t>(queue_.size());
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      auto size = std::filesystem::file_size(options_.path + suffix, ec);
      if (!ec) s.db_bytes += static_cast<int64_t>(size);
    }
    s.schema_version = schema_version_;
    return s;
  }

  void Close() override {
    {
      absl::MutexLock lock(&mu_);
      if (closing_ && !writer_.joinable()) return;
      closing_ = true;
    }
    if (writer_.joinable()) writer_.join();
  }

 private:
  struct Pending {
    WriteBatch batch;
    std::promise<WriteResult> promise;
  };

  template <typename Fn>
  auto Read(Fn fn) -> decltype(fn(std::declval<Database&>())) {
    reads_.fetch_add(1, std::memory_order_relaxed);
    LL_ASSIGN_OR_RETURN(auto lease, readers_.Acquire());
    return fn(*lease);
  }

  void WriterLoop();
  void ApplyBatch(Pending& pending, WriteResult& result, Micros now);
  // Answers the group once its commit is durable: at once without a
  // syncer (or when nothing was committed), else after the syncer's fsync.
  void Acknowledge(std::vector<Pending> group, std::vector<WriteResult> results, bool committed);
  absl::Status EnsureShopRow(const std::string& shop_id, Micros now);

  const SqliteStoreOptions options_;
  std::unique_ptr<Database> writer_db_;  // used by the writer thread only
  // Null when the COMMIT itself syncs (or nothing does); reset by the
  // writer thread when it ends, after completing every acknowledgement.
  std::unique_ptr<sqlite::WalSyncer> syncer_;
  std::atomic<bool> sync_failed_{false};  // set once; writes are then refused
  absl::flat_hash_set<std::string> known_shops_;  // writer thread only
  sqlite::KnownRows known_rows_;                  // writer thread only
  ReaderPool readers_;
  const int schema_version_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;

  std::atomic<int64_t> batches_committed_{0};
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> mutations_applied_{0};
  std::atomic<int64_t> mutations_rejected_{0};
  std::atomic<int64_t> reads_{0};
  SystemClock clock_;
};

absl::Status SqliteStore::EnsureShopRow(const std::string& shop_id, Micros now) {
  if (shop_id.empty() || known_shops_.contains(shop_id)) return absl::OkStatus();
  LL_ASSIGN_OR_RETURN(sqlite::Statement * s,
                      writer_db_->Prepare("INSERT INTO shops (shop_id, created_at) VALUES (?, ?) "
                                          "ON CONFLICT (shop_id) DO NOTHING"));
  LL_RETURN_IF_ERROR(s->Bind(1, shop_id).Bind(2, now).Run());
  known_shops_.insert(shop_id);
  return absl::OkStatus();
}

void SqliteStore::ApplyBatch(Pending& pending, WriteResult& result, Micros now) {
  const auto& mutations = pending.batch.mutations;
  result.results.reserve(mutations.size());
  result.ids.reserve(mutations.size());
  Database& db = *writer_db_;
  // Only atomic batches need a savepoint: every mutation is atomic on its
  // own. An open savepoint makes SQLite keep a statement journal for the
  // whole batch, which costs O(batch^2) on big import batches.
  const bool atomic = pending.batch.atomic;
  if (atomic) {
    absl::Status savepoint = db.Exec("SAVEPOINT batch");
    if (!savepoint.ok()) {
      result.status = savepoint;
      return;
    }
  }
  bool failed = false;
  for (const Mutation& m : mutations) {
    absl::Status shop = EnsureShopRow(sqlite::MutationShop(m), now);
    absl::StatusOr<int64_t> id = shop.ok() ? sqlite::ApplyMutation(db, m, now, known_rows_) : shop;
    result.results.push_back(id.status());
    result.ids.push_back(id.ok() ? *id : 0);
    failed |= !id.ok();
  }
  if (!atomic) return;
  if (failed) {
    (void)db.Exec("ROLLBACK TO batch");
    for (absl::Status& s : result.results) {
      if (s.ok()) s = absl::AbortedError("rolled back with its batch");
    }
    std::fill(result.ids.begin(), result.ids.end(), 0);
    known_shops_.clear();  // a shop row may have been rolled back
    known_rows_.Clear();
  }
  (void)db.Exec("RELEASE batch");
}

void SqliteStore::WriterLoop() {
  while (true) {
    std::vector<Pending> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
            return !s->queue_.empty() || s->closing_;
          },
          this));
      if (queue_.empty()) break;  // closing and drained
      while (!queue_.empty() && static_cast<int>(group.size()) < options_.max_batches_per_commit) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    const Micros now = clock_.Now();
    std::vector<WriteResult> results(group.size());
    absl::Status status = sync_failed_.load()
                              ? absl::DataLossError("an earlier fsync of the write-ahead log failed; "
                                                    "writes are refused until restart")
                              : writer_db_->Exec("BEGIN IMMEDIATE");
    if (status.ok()) {
      for (size_t i = 0; i < group.size(); ++i) ApplyBatch(group[i], results[i], now);
      status = writer_db_->Exec("COMMIT");
      if (!status.ok()) (void)writer_db_->Exec("ROLLBACK");
    }
    if (!status.ok()) {  // rows may have been rolled back
      known_shops_.clear();
      known_rows_.Clear();
    }
    int64_t applied = 0, rejected = 0;
    for (WriteResult& r : results) {
      if (!status.ok() && r.status.ok()) r.status = status;
      if (!r.status.ok()) {
        r.results.clear();
        r.ids.clear();
      }
      for (const absl::Status& s : r.results) (s.ok() ? applied : rejected)++;
    }
    // Statistics first, so a caller that saw its write acknowledged also
    // sees it counted.
    commits_.fetch_add(status.ok(), std::memory_order_relaxed);
    batches_committed_.fetch_add(status.ok() ? static_cast<int64_t>(group.size()) : 0,
                                 std::memory_order_relaxed);
    mutations_applied_.fetch_add(applied, std::memory_order_relaxed);
    mutations_rejected_.fetch_add(rejected, std::memory_order_relaxed);
    Acknowledge(std::move(group), std::move(results), status.ok());
  }
  syncer_.reset();  // completes the acknowledgements still waiting for a sync
  writer_db_.reset();
}

void SqliteStore::Acknowledge(std::vector<Pending> group, std::vector<WriteResult> results,
                              bool committed) {
  auto answer = [this](std::vector<Pending>& group, std::vector<WriteResult>& results,
                       const absl::Status& synced) {
    if (!synced.ok()) sync_failed_ = true;
    for (size_t i = 0; i < group.size(); ++i) {
      if (!synced.ok() && results[i].status.ok()) {
        results[i].status = synced;
        results[i].results.clear();
        results[i].ids.clear();
      }
      group[i].promise.set_value(std::move(results[i]));
    }
  };
  if (!syncer_ || !committed) {
    answer(group, results, absl::OkStatus());
    return;
  }
  // The syncer outlives every callback (its destructor runs them), while
  // syncer_ is already null during that destructor: capture the pointer.
  sqlite::WalSyncer* syncer = syncer_.get();
  syncer->AfterSync([this, syncer, answer, group = std::move(group),
                     results = std::move(results)](absl::Status synced) mutable {
    syncs_.store(syncer->syncs(), std::memory_order_relaxed);
    answer(group, results, synced);
  });
}

}  // namespace

absl::StatusOr<std::string> DatabasePathForDataDir(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrFormat("cannot create data dir %s: %s", data_dir, ec.message()));
  }
  return (std::filesystem::path(data_dir) / "leafloaf.db").string();
}

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("no database path");
  LL_ASSIGN_OR_RETURN(auto db, Database::Open(options.path, /*read_only=*/false,
                                              options.busy_timeout_ms));
  LL_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
  const bool pipelined = options.synchronous_full && options.pipelined_sync;
  LL_RETURN_IF_ERROR(db->Exec(options.synchronous_full && !pipelined ? "PRAGMA synchronous = FULL"
                                                                     : "PRAGMA synchronous = NORMAL"));
  LL_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size = -65536"));
  LL_ASSIGN_OR_RETURN(int version, sqlite::Migrate(*db));
  std::unique_ptr<sqlite::WalSyncer> syncer;
  if (pipelined) {
    // The -wal file exists once a WAL-mode database has been read (Migrate
    // did); it stays while the writer's connection is open.
    LL_ASSIGN_OR_RETURN(syncer, sqlite::WalSyncer::Open(options.path + "-wal"));
  }
  return std::unique_ptr<Store>(new SqliteStore(options, std::move(db), std::move(syncer), version));
}

}  // namespace leafloaf
