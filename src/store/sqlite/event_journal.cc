#include "store/sqlite/event_journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace leafloaf::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kPrefix = "journal-";
constexpr absl::string_view kSuffix = ".log";

absl::Status ErrnoStatus(std::string_view what, const std::string& path) {
  return absl::DataLossError(absl::StrFormat("event journal: %s %s: %s", what, path,
                                             std::strerror(errno)));
}

absl::Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync directory", dir);
  return absl::OkStatus();
}

std::string SegmentPath(const std::string& dir, uint64_t first) {
  return (fs::path(dir) / absl::StrFormat("%s%020d%s", kPrefix, first, kSuffix)).string();
}

// Cuts `path` to `size` bytes and syncs it, so a second crash cannot bring
// the cut bytes back.
absl::Status TruncateDurably(const std::string& path, size_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path);
  const bool ok = ::ftruncate(fd, static_cast<off_t>(size)) == 0 && ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok) return ErrnoStatus("truncate", path);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus("open", path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace

absl::StatusOr<int> EventJournal::CreateSegment(const std::string& dir, uint64_t first,
                                                int64_t bytes, std::string* path) {
  *path = SegmentPath(dir, first);
  const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", *path);
  // Allocated up front, at its full size: a write inside the file's size
  // leaves its size alone, so fdatasync sends the data and the cache flush
  // without the inode (on this machine's ext4, 2.2 device writes per sync
  // instead of 3). Reads see zeros past the last record, which Open() reads
  // as the end. Where the file system cannot, appends grow the file.
  if (bytes > 0) (void)::fallocate(fd, 0, 0, static_cast<off_t>(bytes));
  if (absl::Status s = SyncDir(dir); !s.ok()) {
    ::close(fd);
    return s;
  }
  return fd;
}

absl::StatusOr<std::unique_ptr<EventJournal>> EventJournal::Open(
    const EventJournalOptions& options, std::vector<JournalRecord>* recovered) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrFormat("cannot create event journal dir %s: %s", options.dir, ec.message()));
  }
  // One process at a time: another one (a CLI command beside a running
  // server) must not read, ingest or delete the server's segments.
  const std::string lock_path = (fs::path(options.dir) / "LOCK").string();
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return ErrnoStatus("open", lock_path);
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return absl::UnavailableError(
        absl::StrFormat("event journal %s is in use by another process", options.dir));
  }
  auto opened = OpenLocked(options, recovered);
  if (!opened.ok()) {
    ::close(lock_fd);
    return opened.status();
  }
  (*opened)->lock_fd_ = lock_fd;
  return opened;
}

absl::StatusOr<std::unique_ptr<EventJournal>> EventJournal::OpenLocked(
    const EventJournalOptions& options, std::vector<JournalRecord>* recovered) {
  std::error_code ec;
  std::vector<Segment> segments;
  for (const fs::directory_entry& entry : fs::directory_iterator(options.dir, ec)) {
    const std::string file = entry.path().filename().string();
    absl::string_view name = file;
    uint64_t first;
    if (!absl::ConsumePrefix(&name, kPrefix) || !absl::ConsumeSuffix(&name, kSuffix) ||
        !absl::SimpleAtoi(name, &first)) {
      continue;
    }
    segments.push_back({.path = entry.path().string(), .first = first});
  }
  if (ec) return absl::InternalError(absl::StrFormat("listing %s: %s", options.dir, ec.message()));
  std::sort(segments.begin(), segments.end(),
            [](const Segment& a, const Segment& b) { return a.first < b.first; });

  uint64_t last_sequence = 0;
  std::vector<Segment> closed;
  for (size_t i = 0; i < segments.size(); ++i) {
    Segment& segment = segments[i];
    LL_RETURN_IF_ERROR(
        ReadSegment(segment, i + 1 == segments.size(), &last_sequence, recovered));
    if (segment.last == 0) {
      fs::remove(segment.path, ec);  // created just before a crash; nothing in it
    } else {
      closed.push_back(segment);
    }
  }
  const uint64_t next = std::max(last_sequence, options.last_ingested) + 1;
  Segment current{.first = next};
  LL_ASSIGN_OR_RETURN(int fd, CreateSegment(options.dir, next, options.segment_bytes, &current.path));
  return std::unique_ptr<EventJournal>(
      new EventJournal(options, std::move(closed), next, fd, std::move(current)));
}

absl::Status EventJournal::ReadSegment(Segment& segment, bool newest, uint64_t* last_sequence,
                                       std::vector<JournalRecord>* recovered) {
  // Each segment goes on where the one before it stopped (released ones
  // leave a gap before the oldest).
  if (segment.first <= *last_sequence || segment.first >= (uint64_t{1} << 63)) {
    return absl::DataLossError(absl::StrFormat(
        "event journal %s does not follow record %d", segment.path, *last_sequence));
  }
  LL_ASSIGN_OR_RETURN(std::string bytes, ReadFile(segment.path));
  absl::StatusOr<SegmentContents> read = ReadSegmentBytes(bytes, newest, segment.first);
  if (!read.ok()) {
    return absl::DataLossError(absl::StrFormat("event journal %s: %s", segment.path,
                                               read.status().message()));
  }
  if (!read->records.empty()) {
    *last_sequence = read->records.back().sequence;
    segment.last = *last_sequence;
  }
  recovered->insert(recovered->end(), std::make_move_iterator(read->records.begin()),
                    std::make_move_iterator(read->records.end()));
  if (read->torn_at) return TruncateDurably(segment.path, *read->torn_at);
  return absl::OkStatus();
}

EventJournal::EventJournal(EventJournalOptions options, std::vector<Segment> closed,
                           uint64_t next, int fd, Segment current)
    : options_(std::move(options)),
      next_(next),
      closed_(std::move(closed)),
      fd_(fd),
      current_(std::move(current)) {
  thread_ = std::thread([this] { Loop(); });
}

EventJournal::~EventJournal() {
  Close();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

void EventJournal::Close() {
  {
    absl::MutexLock lock(&mu_);
    closing_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
    ::close(fd_);
  }
}

void EventJournal::Append(std::vector<Event> events, Done done) {
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    if (closing_) {
      refused = absl::UnavailableError("the event journal is closed");
    } else if (!failed_.ok()) {
      refused = failed_;
    } else {
      // The journal thread writes all of buffer_ at once: a record joining
      // it is in the write its first record began.
      const size_t start = buffer_.size();
      const uint64_t write_first = start == 0 ? next_ : buffer_first_;
      EncodeRecord(next_, write_first, events, &buffer_);
      if (buffer_.size() - start - kJournalHeaderBytes <= kMaxJournalPayloadBytes) {
        buffer_first_ = write_first;
        const uint64_t sequence = next_++;
        queued_.push_back({std::move(done), sequence, std::move(events)});
        return;
      }
      buffer_.resize(start);  // it could not be read back
      refused = absl::InvalidArgumentError("event batch too large for the journal");
    }
  }
  std::move(done)(refused, 0, std::move(events));
}

absl::Status EventJournal::WriteAndSync(const std::string& bytes, uint64_t last_sequence) {
  size_t written = 0;
  absl::Status status;
  while (written < bytes.size()) {
    const ssize_t n = ::pwrite(fd_, bytes.data() + written, bytes.size() - written,
                               static_cast<off_t>(current_bytes_ + static_cast<int64_t>(written)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = ErrnoStatus("write", current_.path);
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (status.ok() && ::fdatasync(fd_) != 0) status = ErrnoStatus("fdatasync", current_.path);
  if (!status.ok()) {
    // These records are answered as failed: take them back out of the file
    // (best effort), so that a restart does not ingest them after all.
    if (::ftruncate(fd_, static_cast<off_t>(current_bytes_)) == 0) (void)::fdatasync(fd_);
    return status;
  }
  syncs_.fetch_add(1, std::memory_order_relaxed);
  current_.last = last_sequence;
  current_bytes_ += static_cast<int64_t>(bytes.size());
  if (current_bytes_ < options_.segment_bytes) return absl::OkStatus();
  // Full: later records go to a new segment; this one waits for Release().
  // These records are durable either way: if the new segment cannot be
  // made, keep appending here and try again after the next write.
  Segment next{.first = last_sequence + 1};
  absl::StatusOr<int> fd = CreateSegment(options_.dir, next.first, options_.segment_bytes, &next.path);
  if (!fd.ok()) return absl::OkStatus();
  ::close(fd_);
  fd_ = *fd;
  {
    absl::MutexLock lock(&mu_);
    closed_.push_back(std::move(current_));
  }
  current_ = std::move(next);
  current_bytes_ = 0;
  return absl::OkStatus();
}

void EventJournal::Loop() {
  while (true) {
    std::string bytes;
    std::vector<Queued> queued;
    uint64_t last_sequence;
    absl::Status status;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](EventJournal* j) ABSL_EXCLUSIVE_LOCKS_REQUIRED(j->mu_) {
            return !j->queued_.empty() || j->closing_;
          },
          this));
      if (queued_.empty()) break;  // closing and drained
      bytes.swap(buffer_);
      queued.swap(queued_);
      last_sequence = next_ - 1;
      status = failed_;
    }
    if (status.ok()) status = WriteAndSync(bytes, last_sequence);
    if (!status.ok()) {
      absl::MutexLock lock(&mu_);
      if (failed_.ok()) failed_ = status;
    }
    for (Queued& q : queued) std::move(q.done)(status, q.sequence, std::move(q.events));
  }
}

void EventJournal::Release(uint64_t through) {
  std::vector<std::string> released;
  {
    absl::MutexLock lock(&mu_);
    while (!closed_.empty() && closed_.front().last <= through) {
      released.push_back(std::move(closed_.front().path));
      closed_.erase(closed_.begin());
    }
  }
  // Outside the lock: unlinking a full segment frees its blocks, which can
  // take milliseconds that Append() must not wait for.
  for (const std::string& path : released) {
    std::error_code ec;
    fs::remove(path, ec);
  }
}

uint64_t EventJournal::next_sequence() const {
  absl::MutexLock lock(&mu_);
  return next_;
}

int64_t EventJournal::segments() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(closed_.size()) + 1;
}

}  // namespace leafloaf::sqlite
