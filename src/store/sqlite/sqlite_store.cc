#include "store/sqlite/sqlite_store.h"

#include <filesystem>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace leafloaf {
namespace sqlite_internal {

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


}  // namespace sqlite_internal

using sqlite_internal::SqliteStore;
using sqlite::Database;

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
