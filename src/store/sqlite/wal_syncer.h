// WalSyncer: makes committed WAL frames durable on a thread of its own, so
// the store's writer can apply and commit the next group of writes while
// the previous group's fsync runs (a two-stage group commit pipeline).
//
// The writer connection runs with synchronous=NORMAL: a COMMIT appends its
// frames to the -wal file (into the page cache) and returns without an
// fsync. The writer then calls AfterSync(done); the syncer thread takes
// everything queued so far, calls fdatasync on the -wal file once, and only
// then runs each `done`. Every frame a COMMIT wrote before AfterSync() was
// called is on stable storage when `done` runs with OK: fsync works on the
// file, not on the descriptor that wrote it. SQLite itself syncs the WAL
// before a checkpoint copies it, the database after, and the WAL header when
// the WAL restarts, so together this is synchronous=FULL's guarantee (a
// commit survives power loss) with the fsync off the writer's path.
//
// A commit is visible to readers before it is durable (from the COMMIT, not
// from `done`). kill -9 cannot lose it (the page cache outlives the
// process); power loss before the sync could, but then it was never
// acknowledged.
//
// A failed fdatasync is sticky: the kernel may have dropped the dirty pages,
// so a later successful sync proves nothing. Every later `done` gets the
// same kDataLoss error and the store should refuse writes.
//
// Thread-safety: AfterSync() may be called from any thread. The destructor
// syncs and completes everything queued, then joins the thread.
#ifndef LEAFLOAF_STORE_SQLITE_WAL_SYNCER_H_
#define LEAFLOAF_STORE_SQLITE_WAL_SYNCER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace leafloaf::sqlite {

class WalSyncer {
 public:
  using Done = absl::AnyInvocable<void(absl::Status) &&>;

  // Opens `wal_path` (the database's "-wal" file, which must exist) and
  // syncs its directory once, so the file's name is durable too.
  static absl::StatusOr<std::unique_ptr<WalSyncer>> Open(const std::string& wal_path);
  ~WalSyncer();

  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  // Runs `done` on the syncer thread after an fdatasync that started after
  // this call; OK, or the (sticky) sync error.
  void AfterSync(Done done);

  // fdatasync calls made; each covers every AfterSync() queued before it.
  int64_t syncs() const { return syncs_.load(std::memory_order_relaxed); }

 private:
  explicit WalSyncer(int fd);
  void Loop();

  const int fd_;
  absl::Mutex mu_;
  std::vector<Done> queue_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status failed_;  // syncer thread only
  std::atomic<int64_t> syncs_{0};
  std::thread thread_;
};

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_WAL_SYNCER_H_
