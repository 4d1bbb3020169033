// EventJournal: the append-only log that makes tracked events durable
// before they reach the database.
//
// Tracking is the store's hottest write: tens of thousands of small events
// per second. Committed to SQLite one group at a time, every group rewrites
// each B-tree page its events touch (the events table's user index is
// random), so a commit of 30 events wrote ~40 4 KiB WAL pages. The journal
// acknowledges an event once its bytes, a few hundred, are appended and
// fdatasync'ed; the store moves events into SQLite later, thousands per
// transaction (SqliteStore's ingester), and records in the same transaction
// the journal sequence it has ingested through.
//
// Files: DIR/journal-<first sequence, 20 digits>.log, each a run of records
// (sqlite/journal_record.h) followed by zeros: a segment is allocated at
// `segment_bytes` when created, so that a sync does not also write its
// size. Appends go to the newest segment; a segment reaching
// `segment_bytes` is closed and a new one started. Release(seq)
// deletes closed segments whose records are all <= seq. Open() reads every
// segment back: a torn record in the newest segment's last write (a crash
// mid-write, never acknowledged) is cut off there, with whatever of that
// write landed after it; damage anywhere else is a kDataLoss error, since
// acknowledged events would be lost. Each record names the first sequence
// of its write (JournalRecord::write_first), which tells the two apart.
//
// Group commit: Append() queues the record and returns; the journal thread
// writes everything queued with one write() and one fdatasync(), then runs
// each record's `done`. A failed write or sync is sticky (the kernel may
// have dropped the pages): every later `done` gets kDataLoss.
//
// Thread-safety: Append(), Release() and the accessors may be called from
// any thread. `done` runs on the journal thread and must not call Append().
#ifndef LEAFLOAF_STORE_SQLITE_EVENT_JOURNAL_H_
#define LEAFLOAF_STORE_SQLITE_EVENT_JOURNAL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "store/records.h"
#include "store/sqlite/journal_record.h"

namespace leafloaf::sqlite {

struct EventJournalOptions {
  std::string dir;
  int64_t segment_bytes = 32 << 20;
  // Sequences continue above this one even when no segment is left (the
  // store's watermark: a record numbered at or below it counts as ingested).
  uint64_t last_ingested = 0;
};

class EventJournal {
 public:
  // Gets the appended events back, for the caller to ingest.
  using Done = absl::AnyInvocable<void(absl::Status, uint64_t sequence, std::vector<Event>) &&>;

  // Opens (creating) the journal in options.dir and locks it (flock on
  // DIR/LOCK): kUnavailable while another process has it open. `recovered`
  // receives every record found, in order; the caller ingests those above
  // its watermark.
  static absl::StatusOr<std::unique_ptr<EventJournal>> Open(
      const EventJournalOptions& options, std::vector<JournalRecord>* recovered);
  ~EventJournal();  // Close()

  // Writes and syncs what is queued, runs its `done`s, and stops the
  // thread; later appends are refused with kUnavailable. Release() still
  // works. Idempotent.
  void Close();

  EventJournal(const EventJournal&) = delete;
  EventJournal& operator=(const EventJournal&) = delete;

  // Queues `events` as one record; `done(status, sequence, events)` runs
  // once the record is durable (OK) or cannot be (kDataLoss; kUnavailable
  // after Close(), run at once).
  void Append(std::vector<Event> events, Done done);

  // Deletes closed segments whose records all have sequence <= `through`.
  void Release(uint64_t through);

  // The sequence the next record gets.
  uint64_t next_sequence() const;
  int64_t syncs() const { return syncs_.load(std::memory_order_relaxed); }
  int64_t segments() const;

 private:
  struct Segment {
    std::string path;
    uint64_t first = 0;  // first sequence it may hold
    uint64_t last = 0;   // last sequence written (0 = none)
  };
  struct Queued {
    Done done;
    uint64_t sequence;
    std::vector<Event> events;
  };

  EventJournal(EventJournalOptions options, std::vector<Segment> closed, uint64_t next, int fd,
               Segment current);
  static absl::StatusOr<std::unique_ptr<EventJournal>> OpenLocked(
      const EventJournalOptions& options, std::vector<JournalRecord>* recovered);
  // Reads one segment's records into `recovered` (ReadSegmentBytes) and
  // cuts its tear off; *last_sequence is the last sequence read before it
  // and after (unchanged when it holds none).
  static absl::Status ReadSegment(Segment& segment, bool newest, uint64_t* last_sequence,
                                  std::vector<JournalRecord>* recovered);
  // Creates the segment file for records from `first` on, `bytes` long
  // (allocated, reading as zeros); returns its fd.
  static absl::StatusOr<int> CreateSegment(const std::string& dir, uint64_t first, int64_t bytes,
                                           std::string* path);
  // Writes and syncs `bytes` to the current segment, starting a new one
  // when it is full. Journal thread only.
  absl::Status WriteAndSync(const std::string& bytes, uint64_t last_sequence);
  void Loop();

  const EventJournalOptions options_;

  mutable absl::Mutex mu_;
  std::string buffer_ ABSL_GUARDED_BY(mu_);         // encoded records waiting for the thread
  uint64_t buffer_first_ ABSL_GUARDED_BY(mu_) = 0;  // the first one's sequence
  std::vector<Queued> queued_ ABSL_GUARDED_BY(mu_);
  uint64_t next_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status failed_ ABSL_GUARDED_BY(mu_);        // sticky write or sync error
  std::vector<Segment> closed_ ABSL_GUARDED_BY(mu_);  // oldest first

  // The segment being written: the journal thread's only (after Open()).
  int fd_;
  int lock_fd_ = -1;  // holds the directory's flock while open
  Segment current_;
  int64_t current_bytes_ = 0;

  std::atomic<int64_t> syncs_{0};
  std::thread thread_;
};

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_EVENT_JOURNAL_H_
