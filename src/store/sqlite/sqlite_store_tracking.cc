// SqliteStore's road for tracked events (sqlite_store_impl.h; docs/STORE.md,
// "Tracked events: the event journal").
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "spdlog/spdlog.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace leafloaf::sqlite_internal {

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
  ingest_.push_back({.sequence = sequence, .events = std::move(events)});
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

}  // namespace leafloaf::sqlite_internal
