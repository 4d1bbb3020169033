// SqliteStore: the embedded Store backend.
//
// One database file per data directory holds every shop. WAL journal, one
// writer thread that applies queued batches with prepared statements and
// commits them together (group commit), and a pool of read-only connections
// for concurrent readers. The schema is created and migrated on open
// (store/sqlite/schema.h).
//
// Tracking batches (every mutation an Event) take a faster road when the
// event journal is on: they are validated (required fields, the product
// exists), given ids, appended to the journal (sqlite/event_journal.h) and
// acknowledged once the journal has synced them. An ingester thread then
// moves them into the events table thousands at a time, with the journal
// sequence it has reached, and the journal drops what was ingested. Open()
// ingests whatever a crash left in the journal. Reads that see events
// (ScanEvents, CountRows), a user not found yet, and a batch that erases a
// user first wait until everything acknowledged is ingested, so the store
// still reads its own writes; other readers of the file (the sqlite3 shell)
// see an event up to `journal_ingest_interval_ms` after it was acknowledged.
#ifndef LEAFLOAF_STORE_SQLITE_SQLITE_STORE_H_
#define LEAFLOAF_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace leafloaf {

struct SqliteStoreOptions {
  // The database file. Created with its schema when missing.
  std::string path;
  // synchronous=FULL: a commit survives power loss, not only a process
  // crash. NORMAL still survives kill -9 of the process.
  bool synchronous_full = true;
  // With synchronous_full: fsync on a thread of its own (sqlite/wal_syncer.h)
  // while the writer applies the next group. false: the writer's COMMIT
  // fsyncs (SQLite's synchronous=FULL), and the next group waits for it.
  bool pipelined_sync = true;
  // Upper bound of batches folded into one transaction.
  int max_batches_per_commit = 512;
  // Read-only connections kept for concurrent readers.
  int reader_connections = 8;
  int busy_timeout_ms = 5000;
  // The event journal: in the directory `path` + ".events". Off, every
  // event is a row written by the writer's group commit before it is
  // acknowledged. A journal left by an earlier run is ingested on open
  // either way.
  bool event_journal = true;
  // The ingester moves journaled events into the database when this many
  // wait, or when the oldest has waited this long.
  int journal_ingest_max_events = 4096;
  int journal_ingest_interval_ms = 50;
  // Backpressure: while this many journaled events are not yet ingested, a
  // tracking batch is parked (no thread waits; Submit()'s future, or
  // SubmitThen()'s callback, answers it later) and appended once the
  // ingester has made room, so a writer that falls behind bounds the memory
  // they hold.
  int journal_max_backlog_events = 200000;
};

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options);

// The database file of a data directory: DIR/leafloaf.db. Creates DIR.
absl::StatusOr<std::string> DatabasePathForDataDir(const std::string& data_dir);

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_SQLITE_SQLITE_STORE_H_
