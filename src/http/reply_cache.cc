#include "http/reply_cache.h"

#include "common/strings.h"

namespace leafloaf::http {

std::optional<std::string> ReplyCache::Find(std::string_view key, int64_t now_seconds) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(AsAbsl(key));
  if (it == entries_.end() || now_seconds - it->second.at > ttl_seconds_) return std::nullopt;
  return it->second.reply;
}

void ReplyCache::Put(std::string key, std::string reply, int64_t now_seconds) {
  absl::MutexLock lock(&mu_);
  order_.emplace_back(now_seconds, key);
  entries_.insert_or_assign(std::move(key), Entry{std::move(reply), now_seconds});
  EvictLocked(now_seconds);
}

size_t ReplyCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

void ReplyCache::EvictLocked(int64_t now_seconds) {
  while (!order_.empty() &&
         (entries_.size() > max_entries_ || now_seconds - order_.front().first > ttl_seconds_)) {
    auto it = entries_.find(order_.front().second);
    // Only the entry's latest Put removes it (a key put again is younger).
    if (it != entries_.end() && it->second.at == order_.front().first) entries_.erase(it);
    order_.pop_front();
  }
}

}  // namespace leafloaf::http
