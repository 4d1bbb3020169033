#include "store/sqlite/sqlite_store.h"

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
#include "store/sqlite/wal_syncer.h"

namespace leafloaf {
namespace {

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
    absl::StatusOr<int64_t> id =
        shop.ok() ? sqlite::ApplyMutation(db, m, now, known_rows_, event_ids_) : shop;
    result.results.push_back(id.status());
    result.ids.push_back(id.ok() ? *id : 0);
    failed |= !id.ok();
  }
  if (pending.journal_through != 0 && !failed) {
    auto mark = db.Prepare("UPDATE event_journal SET ingested_through = ? WHERE id = 1");
    absl::Status marked = mark.ok() ? (*mark)->Bind(1, static_cast<int64_t>(pending.journal_through)).Run()
                                    : mark.status();
    if (!marked.ok()) {
      result.status = marked;
      failed = true;  // (ingestion batches are atomic: the events go back too)
    }
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
            return !s->queue_.empty() || s->writer_stop_;
          },
          this));
      if (queue_.empty()) break;  // stopping and drained
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
    // A tracking check that read a product before its delete committed may
    // have remembered it as live: forget it again now the delete is visible.
    if (journal_) {
      for (const Pending& p : group) ForgetDeletedProducts(p.batch);
    }
    int64_t applied = 0, rejected = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      WriteResult& r = results[i];
      if (!status.ok() && r.status.ok()) r.status = status;
      if (!r.status.ok()) {
        r.results.clear();
        r.ids.clear();
      }
      if (group[i].journal_through != 0) continue;  // counted when journaled
      for (const absl::Status& s : r.results) (s.ok() ? applied : rejected)++;
    }
    // Statistics first, so a caller that saw its write acknowledged also
    // sees it counted.
    int64_t acknowledged = 0;  // ingestion batches were counted when journaled
    for (const Pending& p : group) acknowledged += p.journal_through == 0;
    commits_.fetch_add(status.ok(), std::memory_order_relaxed);
    batches_committed_.fetch_add(status.ok() ? acknowledged : 0, std::memory_order_relaxed);
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
      std::move(group[i].done)(std::move(results[i]));
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


void SqliteStore::SubmitTracking(WriteBatch batch, WriteDone done) {
  if (absl::Status refused; ParkWhileFull(batch, done, &refused)) {
    return;
  } else if (!refused.ok()) {
    WriteResult result;
    result.status = std::move(refused);
    std::move(done)(std::move(result));
    return;
  }
  WriteResult result;
  const size_t n = batch.mutations.size();
  result.results.assign(n, absl::OkStatus());
  result.ids.assign(n, 0);
  std::vector<Event> events;
  events.reserve(n);
  std::vector<size_t> positions;  // of each journaled event in the batch
  bool failed = false;
  for (size_t i = 0; i < n; ++i) {
    Event& e = std::get<Event>(batch.mutations[i]);
    absl::Status checked = CheckTracked(e);
    if (!checked.ok()) {
      result.results[i] = std::move(checked);
      failed = true;
      continue;
    }
    events.push_back(std::move(e));
    positions.push_back(i);
  }
  if (failed && batch.atomic) {
    for (absl::Status& s : result.results) {
      if (s.ok()) s = absl::AbortedError("rolled back with its batch");
    }
    events.clear();
  }
  mutations_rejected_.fetch_add(static_cast<int64_t>(n - events.size()), std::memory_order_relaxed);
  if (events.empty()) {
    std::move(done)(std::move(result));
    return;
  }
  const Micros now = clock_.Now();
  const int64_t first_id = event_ids_.Take(static_cast<int64_t>(events.size()));
  for (size_t j = 0; j < events.size(); ++j) {
    events[j].id = first_id + static_cast<int64_t>(j);
    if (events[j].at == 0) events[j].at = now;
    result.ids[positions[j]] = events[j].id;
  }
  bool closing;
  {
    absl::MutexLock lock(&mu_);
    closing = closing_;
  }
  if (closing) {
    result = WriteResult{};
    result.status = absl::UnavailableError("store is closed");
    std::move(done)(std::move(result));
    return;
  }
  // Without mu_: a journal that refuses (closed meanwhile, or failed) runs
  // `done` at once, on this thread, and `done` may submit again.
  journal_->Append(std::move(events), [this, done = std::move(done), result = std::move(result)](
                                          absl::Status status, uint64_t sequence,
                                          std::vector<Event> events) mutable {
    if (status.ok()) {
      mutations_applied_.fetch_add(static_cast<int64_t>(events.size()), std::memory_order_relaxed);
      batches_committed_.fetch_add(1, std::memory_order_relaxed);
      OnJournaled(sequence, std::move(events));
    } else {
      result.status = std::move(status);
      result.results.clear();
      result.ids.clear();
    }
    std::move(done)(std::move(result));
  });
}

void SqliteStore::OnJournaled(uint64_t sequence, std::vector<Event> events) {
  absl::MutexLock lock(&ingest_mu_);
  if (ingest_.empty()) oldest_ = absl::Now();
  ingest_events_ += static_cast<int64_t>(events.size());
  ingest_.push_back({sequence, std::move(events)});
  acked_through_ = sequence;
}

absl::Status SqliteStore::Ingest(const std::vector<sqlite::JournalRecord>& records) {
  Pending pending;
  std::promise<WriteResult> promise;
  std::future<WriteResult> future = promise.get_future();
  pending.done = [promise = std::move(promise)](WriteResult result) mutable {
    promise.set_value(std::move(result));
  };
  // All or nothing, with the watermark: a retry never finds half of it.
  pending.batch.atomic = true;
  for (const sqlite::JournalRecord& r : records) {
    for (const Event& e : r.events) pending.batch.Add(e);
  }
  pending.journal_through = records.back().sequence;
  Enqueue(std::move(pending));  // also while closing: the writer still drains
  WriteResult result = future.get();
  if (!result.status.ok()) return result.status;
  for (const absl::Status& s : result.results) {
    // Rolled back whole; the records stay in the journal for a retry.
    if (!s.ok() && !absl::IsAborted(s)) return s;
  }
  return absl::OkStatus();
}

void SqliteStore::IngestLoop() {
  const absl::Duration interval = absl::Milliseconds(options_.journal_ingest_interval_ms);
  const int64_t max_events = options_.journal_ingest_max_events;
  auto urgent = [this, max_events]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(ingest_mu_) {
    return ingest_closing_ || !parked_.empty() ||
           (!ingest_.empty() && (waiters_ > 0 || ingest_events_ >= max_events));
  };
  while (true) {
    std::vector<sqlite::JournalRecord> records;
    {
      absl::MutexLock lock(&ingest_mu_);
      while (!urgent()) {
        if (ingest_.empty()) {
          ingest_mu_.Await(absl::Condition(
              +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->ingest_mu_) {
                return !s->ingest_.empty() || !s->parked_.empty() || s->ingest_closing_;
              },
              this));
          continue;
        }
        const absl::Time due = oldest_ + interval;
        if (absl::Now() >= due) break;
        ingest_mu_.AwaitWithDeadline(absl::Condition(&urgent), due);
      }
      if (ingest_.empty() && parked_.empty()) break;  // closing and drained
      records.swap(ingest_);
      ingesting_events_ = ingest_events_;
      ingest_events_ = 0;
    }
    if (!records.empty() && !IngestTaken(records)) {
      absl::MutexLock lock(&ingest_mu_);
      if (ingest_closing_) break;
      ingest_mu_.AwaitWithTimeout(absl::Condition(&ingest_closing_), absl::Milliseconds(200));
    }
    RetryParked();  // room was made, or ingestion is failing and they are refused
  }
  std::vector<Parked> parked;
  {
    absl::MutexLock lock(&ingest_mu_);
    ingester_done_ = true;  // nothing parks from here on
    parked.swap(parked_);
  }
  for (Parked& p : parked) {
    WriteResult result;
    result.status = absl::UnavailableError("store is closed");
    std::move(p.done)(std::move(result));
  }
}

bool SqliteStore::IngestTaken(std::vector<sqlite::JournalRecord>& records) {
  const uint64_t through = records.back().sequence;
  absl::Status status = Ingest(records);
  if (!status.ok()) {
    // Nothing of it landed. The records are still in the journal files
    // (a restart ingests them); keep them queued and try again.
    spdlog::error("event journal: ingesting through {} failed: {}", through, status.ToString());
    absl::MutexLock lock(&ingest_mu_);
    ingest_error_ = absl::UnavailableError(absl::StrCat(
        "tracked events cannot be moved into the database: ", status.ToString()));
    ingest_events_ += ingesting_events_;
    ingesting_events_ = 0;
    for (sqlite::JournalRecord& r : ingest_) records.push_back(std::move(r));
    ingest_ = std::move(records);
    return false;
  }
  journal_->Release(through);
  absl::MutexLock lock(&ingest_mu_);
  ingested_through_ = through;
  ingesting_events_ = 0;
  ingest_error_ = absl::OkStatus();
  return true;
}

bool SqliteStore::ParkWhileFull(WriteBatch& batch, WriteDone& done, absl::Status* refused) {
  absl::MutexLock lock(&ingest_mu_);
  if (ingest_events_ + ingesting_events_ < options_.journal_max_backlog_events) return false;
  if (!ingest_error_.ok()) {  // full and failing: refuse rather than hold more
    *refused = ingest_error_;
    return false;
  }
  if (ingest_closing_ || ingester_done_) return false;  // appended, or refused as closed
  parked_.push_back({std::move(batch), std::move(done)});  // the ingester goes at once
  return true;
}

void SqliteStore::RetryParked() {
  std::vector<Parked> parked;
  {
    absl::MutexLock lock(&ingest_mu_);
    parked.swap(parked_);
  }
  // In order; each may park again if the backlog is still full.
  for (Parked& p : parked) SubmitTracking(std::move(p.batch), std::move(p.done));
}

absl::Status SqliteStore::WaitIngested() {
  if (!journal_) return absl::OkStatus();
  absl::MutexLock lock(&ingest_mu_);
  const uint64_t target = acked_through_;
  if (ingested_through_ >= target) return absl::OkStatus();
  if (!ingest_error_.ok()) return ingest_error_;
  ++waiters_;
  auto caught_up = [this, target]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(ingest_mu_) {
    return ingested_through_ >= target || ingester_done_ || !ingest_error_.ok();
  };
  ingest_mu_.Await(absl::Condition(&caught_up));
  --waiters_;
  if (ingested_through_ >= target) return absl::OkStatus();
  if (!ingest_error_.ok()) return ingest_error_;
  return absl::UnavailableError("store is closed");
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
  // Event ids continue above every row and every journaled event.
  int64_t max_event_id = 0;
  uint64_t watermark = 0;
  {
    LL_ASSIGN_OR_RETURN(sqlite::Statement * s, db->Prepare(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM events), "
        "(SELECT ingested_through FROM event_journal WHERE id = 1)"));
    LL_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      max_event_id = s->ColumnInt(0);
      watermark = static_cast<uint64_t>(s->ColumnInt(1));
    }
    s->Reset();
  }
  const std::string journal_dir = options.path + ".events";
  std::unique_ptr<sqlite::EventJournal> journal;
  std::vector<sqlite::JournalRecord> recovered;
  std::error_code ec;
  if (options.event_journal || std::filesystem::exists(journal_dir, ec)) {
    auto opened =
        sqlite::EventJournal::Open({.dir = journal_dir, .last_ingested = watermark}, &recovered);
    if (absl::IsUnavailable(opened.status())) {
      // A server has it: this process (a CLI command) writes events as rows
      // and does not see the server's not-yet-ingested ones.
      spdlog::info("{}; opening the store without it", opened.status().ToString());
      recovered.clear();
    } else if (!opened.ok()) {
      return opened.status();
    } else {
      journal = std::move(*opened);
    }
    // Records at or below the watermark were ingested before the files
    // could be released.
    std::erase_if(recovered, [&](const sqlite::JournalRecord& r) { return r.sequence <= watermark; });
    for (const sqlite::JournalRecord& r : recovered) {
      for (const Event& e : r.events) max_event_id = std::max(max_event_id, e.id);
    }
  }
  sqlite::EventJournal* journal_ptr = journal.get();
  auto store = std::make_unique<SqliteStore>(options, std::move(db), std::move(syncer), version,
                                             std::move(journal), max_event_id + 1);
  if (journal_ptr != nullptr) {
    if (!recovered.empty()) {
      spdlog::info("event journal: ingesting {} records left by the last run", recovered.size());
      watermark = recovered.back().sequence;
      LL_RETURN_IF_ERROR(store->IngestRecovered(std::move(recovered)));
    }
    journal_ptr->Release(watermark);
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace leafloaf
