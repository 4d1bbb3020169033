// ReplyCache: the replies given to signed webhook deliveries, by their
// signature, so that a retried or replayed delivery (any validly signed
// body is accepted for 30 minutes) gets the reply it got the first time
// instead of acting twice. Bounded: entries expire after `ttl_seconds` and
// the oldest go first beyond `max_entries`.
//
// Thread-safety: every method may be called from any thread.
#ifndef LEAFLOAF_HTTP_REPLY_CACHE_H_
#define LEAFLOAF_HTTP_REPLY_CACHE_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace leafloaf::http {

class ReplyCache {
 public:
  explicit ReplyCache(size_t max_entries = 10'000, int64_t ttl_seconds = 30 * 60)
      : max_entries_(max_entries), ttl_seconds_(ttl_seconds) {}

  std::optional<std::string> Find(std::string_view key, int64_t now_seconds) const;
  void Put(std::string key, std::string reply, int64_t now_seconds);
  size_t size() const;

 private:
  struct Entry {
    std::string reply;
    int64_t at = 0;
  };
  void EvictLocked(int64_t now_seconds) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_entries_;
  const int64_t ttl_seconds_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::deque<std::pair<int64_t, std::string>> order_ ABSL_GUARDED_BY(mu_);  // (at, key), oldest first
};

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_REPLY_CACHE_H_
