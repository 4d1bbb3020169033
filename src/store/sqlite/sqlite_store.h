// SqliteStore: the embedded Store backend.
//
// One database file per data directory holds every shop. WAL journal, one
// writer thread that applies queued batches with prepared statements and
// commits them together (group commit), and a pool of read-only connections
// for concurrent readers. The schema is created and migrated on open
// (store/sqlite/schema.h).
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
};

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options);

// The database file of a data directory: DIR/leafloaf.db. Creates DIR.
absl::StatusOr<std::string> DatabasePathForDataDir(const std::string& data_dir);

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_SQLITE_SQLITE_STORE_H_
