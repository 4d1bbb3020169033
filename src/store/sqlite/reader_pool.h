// ReaderPool: the SQLite store's read-only connections, handed out one
// thread at a time and opened on demand up to a maximum (mmap and a page
// cache per connection). Private to store/sqlite.
//
// Thread-safety: Acquire() may be called from any thread; a Lease is used
// by one thread.
#ifndef LEAFLOAF_STORE_SQLITE_READER_POOL_H_
#define LEAFLOAF_STORE_SQLITE_READER_POOL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "store/sqlite/statement.h"

namespace leafloaf::sqlite {

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

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_READER_POOL_H_
