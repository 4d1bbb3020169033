// SqliteStore, the SQLite implementation of Store: its class, shared by
// the files that define it. Internal to store/sqlite; callers use
// OpenSqliteStore() (sqlite_store.h).
//   sqlite_store.cc           the writer (group commit), reads, opening;
//   sqlite_store_tracking.cc  tracked events: the journal, its ingester
//                             and the backlog that parks tracking.
#ifndef LEAFLOAF_STORE_SQLITE_SQLITE_STORE_IMPL_H_
#define LEAFLOAF_STORE_SQLITE_SQLITE_STORE_IMPL_H_

#include <atomic>
#include <deque>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "spdlog/spdlog.h"
#include "store/sqlite/event_journal.h"
#include "store/sqlite/mutations.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/wal_syncer.h"

namespace leafloaf::sqlite_internal {


using sqlite::Database;
using sqlite::ReaderPool;

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteStoreOptions options, std::unique_ptr<Database> writer,
              std::unique_ptr<sqlite::WalSyncer> syncer, int schema_version,
              std::unique_ptr<sqlite::EventJournal> journal, int64_t next_event_id)
      : options_(std::move(options)),
        writer_db_(std::move(writer)),
        syncer_(std::move(syncer)),
        readers_(options_.path, options_.reader_connections, options_.busy_timeout_ms),
        schema_version_(schema_version),
        journal_(std::move(journal)) {
    event_ids_.AtLeast(next_event_id);
    writer_ = std::thread([this] { WriterLoop(); });
    if (journal_) ingester_ = std::thread([this] { IngestLoop(); });
  }
  ~SqliteStore() override { Close(); }

  // Moves records a crash left in the journal into the database; Open()
  // calls it before the store is handed out.
  absl::Status IngestRecovered(std::vector<sqlite::JournalRecord> records) {
    if (records.empty()) return absl::OkStatus();
    const uint64_t through = records.back().sequence;
    LL_RETURN_IF_ERROR(Ingest(records));
    absl::MutexLock lock(&ingest_mu_);
    ingested_through_ = acked_through_ = std::max(ingested_through_, through);
    return absl::OkStatus();
  }

  void SubmitThen(WriteBatch batch, WriteDone done) override {
    if (journal_ && options_.event_journal && IsTracking(batch)) {
      SubmitTracking(std::move(batch), std::move(done));
      return;
    }
    if (journal_ && ErasesUser(batch)) {
      // The erasure must land after every acknowledged event of the user.
      if (absl::Status ingested = WaitIngested(); !ingested.ok()) {
        WriteResult result;
        result.status = std::move(ingested);
        std::move(done)(std::move(result));
        return;
      }
    }
    if (journal_) ForgetDeletedProducts(batch);
    Pending pending{std::move(batch), std::move(done)};
    {
      absl::MutexLock lock(&mu_);
      if (!closing_) {
        queue_.push_back(std::move(pending));
        return;
      }
    }
    WriteResult result;
    result.status = absl::UnavailableError("store is closed");
    std::move(pending.done)(std::move(result));
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
    auto user = Read([&](Database& db) { return sqlite::QueryUser(db, shop_id, external_id); });
    // A user created by an event still in the journal exists already.
    if (journal_ && absl::IsNotFound(user.status()) && WaitIngested().ok()) {
      user = Read([&](Database& db) { return sqlite::QueryUser(db, shop_id, external_id); });
    }
    return user;
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
    LL_RETURN_IF_ERROR(WaitIngested());
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
    LL_RETURN_IF_ERROR(WaitIngested());
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
    if (journal_) {
      s.journal_syncs = journal_->syncs();
      absl::MutexLock lock(&ingest_mu_);
      s.journal_backlog = ingest_events_ + ingesting_events_;
    }
    return s;
  }

  void Close() override {
    {
      absl::MutexLock lock(&mu_);
      if (closing_ && !writer_.joinable()) return;
      closing_ = true;  // Submit() refuses from here on
    }
    // Journal, then ingester, then writer: each drains into the next.
    if (journal_) journal_->Close();
    if (ingester_.joinable()) {
      {
        absl::MutexLock lock(&ingest_mu_);
        ingest_closing_ = true;
      }
      ingester_.join();
    }
    {
      absl::MutexLock lock(&mu_);
      writer_stop_ = true;
    }
    if (writer_.joinable()) writer_.join();
  }

 private:
  struct Pending {
    WriteBatch batch;
    WriteDone done;
    // Nonzero for an ingestion batch: the journal sequence it reaches,
    // recorded in the same transaction.
    uint64_t journal_through = 0;
  };

  static bool IsTracking(const WriteBatch& batch) {
    if (batch.mutations.empty()) return false;
    for (const Mutation& m : batch.mutations) {
      const Event* e = std::get_if<Event>(&m);
      if (e == nullptr || e->id != 0) return false;
    }
    return true;
  }
  static bool ErasesUser(const WriteBatch& batch) {
    for (const Mutation& m : batch.mutations) {
      if (std::holds_alternative<EraseUserActivity>(m)) return true;
    }
    return false;
  }

  // What the Event mutation would refuse, checked before journaling.
  absl::Status CheckTracked(const Event& e) {
    if (e.shop_id.empty()) return absl::InvalidArgumentError("shop_id is empty");
    if (e.type.empty()) return absl::InvalidArgumentError("event type is empty");
    if (e.user_external_id.empty()) return absl::InvalidArgumentError("event has no user id");
    if (e.product_external_id.empty()) return absl::OkStatus();
    std::string key = absl::StrCat(e.shop_id, absl::string_view("\0", 1), e.product_external_id);
    uint64_t generation;
    {
      absl::MutexLock lock(&live_mu_);
      if (live_products_.contains(key)) return absl::OkStatus();
      generation = live_generation_;
    }
    auto found = Read([&](Database& db) -> absl::StatusOr<bool> {
      LL_ASSIGN_OR_RETURN(sqlite::Statement * s, db.Prepare(
          "SELECT 1 FROM products WHERE shop_id = ? AND external_id = ? AND deleted = 0"));
      absl::StatusOr<bool> row = s->Bind(1, e.shop_id).Bind(2, e.product_external_id).Step();
      s->Reset();
      return row;
    });
    if (!found.ok()) return found.status();
    if (!*found) {
      return absl::NotFoundError(absl::StrFormat("unknown product '%s'", e.product_external_id));
    }
    absl::MutexLock lock(&live_mu_);
    // Not when a product was deleted meanwhile: it may have been this one.
    if (live_generation_ == generation && live_products_.size() < sqlite::KnownRows::kMaxEntries) {
      live_products_.insert(std::move(key));
    }
    return absl::OkStatus();
  }
  // Forgets live products a batch deletes, before it is applied.
  void ForgetDeletedProducts(const WriteBatch& batch) {
    for (const Mutation& m : batch.mutations) {
      const DeleteProduct* d = std::get_if<DeleteProduct>(&m);
      if (d == nullptr) continue;
      absl::MutexLock lock(&live_mu_);
      live_products_.erase(absl::StrCat(d->shop_id, absl::string_view("\0", 1), d->external_id));
      ++live_generation_;
    }
  }

  void SubmitTracking(WriteBatch batch, WriteDone done);
  // Appends durable events to the ingester's queue (journal thread).
  void OnJournaled(uint64_t sequence, std::vector<Event> events);
  void IngestLoop();
  // Writes the records' events and their watermark through the writer,
  // and waits.
  // Writes the records' events and the watermark in one transaction. The
  // events are copied, not moved: after a failure the records are retried.
  absl::Status Ingest(const std::vector<sqlite::JournalRecord>& records);
  // While the journal's backlog is at journal_max_backlog_events: parks the
  // batch for the ingester to submit again once it has made room (returns
  // true; nothing waits), or refuses it with kUnavailable while ingestion
  // is failing (*refused).
  bool ParkWhileFull(WriteBatch& batch, WriteDone& done, absl::Status* refused);
  // Submits the parked batches again (ingester thread).
  void RetryParked();
  // Ingests records taken from the queue; on failure puts them back in
  // front of it and records the error. Ingester thread.
  bool IngestTaken(std::vector<sqlite::JournalRecord>& records);
  // Waits until every acknowledged journal record is ingested; kUnavailable
  // (at once) while ingestion is failing, say after a failed fsync.
  absl::Status WaitIngested();

  template <typename Fn>
  auto Read(Fn fn) -> decltype(fn(std::declval<Database&>())) {
    reads_.fetch_add(1, std::memory_order_relaxed);
    LL_ASSIGN_OR_RETURN(auto lease, readers_.Acquire());
    return fn(*lease);
  }

  void WriterLoop();
  void Enqueue(Pending pending) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(pending));
  }
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

  sqlite::EventIds event_ids_;
  // Live products tracking has seen (CheckTracked), so that an event costs
  // no database read; a DeleteProduct batch removes its product first.
  absl::Mutex live_mu_;
  absl::flat_hash_set<std::string> live_products_ ABSL_GUARDED_BY(live_mu_);
  uint64_t live_generation_ ABSL_GUARDED_BY(live_mu_) = 0;
  std::unique_ptr<sqlite::EventJournal> journal_;  // null: no journal

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;      // Submit() refuses
  bool writer_stop_ ABSL_GUARDED_BY(mu_) = false;  // the writer ends once drained
  std::thread writer_;

  // Journaled events waiting for the ingester, oldest first.
  mutable absl::Mutex ingest_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::vector<sqlite::JournalRecord> ingest_ ABSL_GUARDED_BY(ingest_mu_);
  int64_t ingest_events_ ABSL_GUARDED_BY(ingest_mu_) = 0;
  int64_t ingesting_events_ ABSL_GUARDED_BY(ingest_mu_) = 0;  // taken, not yet committed
  absl::Time oldest_ ABSL_GUARDED_BY(ingest_mu_);
  uint64_t acked_through_ ABSL_GUARDED_BY(ingest_mu_) = 0;
  uint64_t ingested_through_ ABSL_GUARDED_BY(ingest_mu_) = 0;
  int waiters_ ABSL_GUARDED_BY(ingest_mu_) = 0;
  // Tracking batches that found the backlog full (ParkWhileFull).
  struct Parked {
    WriteBatch batch;
    WriteDone done;
  };
  std::vector<Parked> parked_ ABSL_GUARDED_BY(ingest_mu_);
  bool ingest_closing_ ABSL_GUARDED_BY(ingest_mu_) = false;
  bool ingester_done_ ABSL_GUARDED_BY(ingest_mu_) = false;
  absl::Status ingest_error_ ABSL_GUARDED_BY(ingest_mu_);  // the last attempt's; OK once one succeeds
  std::thread ingester_;

  std::atomic<int64_t> batches_committed_{0};
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> mutations_applied_{0};
  std::atomic<int64_t> mutations_rejected_{0};
  std::atomic<int64_t> reads_{0};
  SystemClock clock_;
};

}  // namespace leafloaf::sqlite_internal

#endif  // LEAFLOAF_STORE_SQLITE_SQLITE_STORE_IMPL_H_
