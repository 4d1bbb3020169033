#include "store/sqlite/wal_syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_format.h"

namespace leafloaf::sqlite {
namespace {

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrFormat("%s %s: %s", what, path, std::strerror(errno)));
}

int SyncRetryingInterrupts(int fd) {
  int rc;
  do {
    rc = ::fdatasync(fd);
  } while (rc != 0 && errno == EINTR);
  return rc;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WalSyncer>> WalSyncer::Open(const std::string& wal_path) {
  const int fd = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", wal_path);
  std::string dir = std::filesystem::path(wal_path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool dir_synced = dir_fd >= 0 && ::fsync(dir_fd) == 0;
  if (dir_fd >= 0) ::close(dir_fd);
  if (!dir_synced || SyncRetryingInterrupts(fd) != 0) {
    absl::Status s = Errno("cannot sync", dir_synced ? wal_path : dir);
    ::close(fd);
    return s;
  }
  return std::unique_ptr<WalSyncer>(new WalSyncer(fd));
}

WalSyncer::WalSyncer(int fd) : fd_(fd) {
  thread_ = std::thread([this] { Loop(); });
}

WalSyncer::~WalSyncer() {
  {
    absl::MutexLock lock(&mu_);
    closing_ = true;
  }
  thread_.join();
  ::close(fd_);
}

void WalSyncer::AfterSync(Done done) {
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(done));
}

void WalSyncer::Loop() {
  while (true) {
    std::vector<Done> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](WalSyncer* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
            return !s->queue_.empty() || s->closing_;
          },
          this));
      if (queue_.empty()) return;  // closing and drained
      batch.swap(queue_);
    }
    if (failed_.ok()) {
      if (SyncRetryingInterrupts(fd_) != 0) {
        failed_ = absl::DataLossError(absl::StrFormat(
            "fdatasync of the write-ahead log failed (%s); writes are refused until restart",
            std::strerror(errno)));
      }
      syncs_.fetch_add(1, std::memory_order_relaxed);
    }
    for (Done& done : batch) std::move(done)(failed_);
  }
}

}  // namespace leafloaf::sqlite
