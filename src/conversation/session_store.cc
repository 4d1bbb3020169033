#include "conversation/session_store.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "common/strings.h"

namespace leafloaf::conversation {
namespace {

std::string NewSessionId() {
  std::array<unsigned char, 12> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(2 * bytes.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return "sess_" + hex;
}

}  // namespace

SessionStore::SessionStore(const Clock* clock, SessionStoreOptions options)
    : clock_(clock), options_(options) {}

std::string SessionStore::Key(std::string_view shop_id, std::string_view id) {
  std::string key(shop_id);
  key.push_back('\0');
  key.append(id);
  return key;
}

Session SessionStore::Load(std::string_view shop_id, std::string_view user_id,
                           std::string_view id) {
  const Micros now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    if (!id.empty()) {
      auto it = sessions_.find(Key(shop_id, id));
      if (it != sessions_.end()) {
        const bool live = now - it->second.last_active <= options_.ttl;
        if (live && it->second.user_id == user_id) return it->second;
        if (!live) sessions_.erase(it);
      }
    }
  }
  Session fresh;
  fresh.shop_id = std::string(shop_id);
  fresh.user_id = std::string(user_id);
  fresh.created_at = now;
  fresh.last_active = now;
  absl::MutexLock lock(&mu_);
  // A client's own id when it is free; else (empty, or another user's) a new one.
  const bool free = !id.empty() && !sessions_.contains(Key(shop_id, id));
  fresh.id = free ? std::string(id) : NewSessionId();
  return fresh;
}

void SessionStore::Save(Session session) {
  const Micros now = clock_->Now();
  session.last_active = now;
  absl::MutexLock lock(&mu_);
  std::string key = Key(session.shop_id, session.id);
  auto it = sessions_.find(key);
  // Another user took this id meanwhile: theirs stays.
  if (it != sessions_.end() && it->second.user_id != session.user_id) return;
  sessions_.insert_or_assign(std::move(key), std::move(session));
  if (sessions_.size() > options_.max_sessions || now >= next_sweep_) EvictLocked(now);
}

void SessionStore::EvictLocked(Micros now) {
  next_sweep_ = now + options_.ttl / 4;
  absl::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.last_active > options_.ttl;
  });
  if (sessions_.size() <= options_.max_sessions) return;
  // Still too many: drop the least recently active tenth beyond the bound.
  std::vector<Micros> times;
  times.reserve(sessions_.size());
  for (const auto& [key, s] : sessions_) times.push_back(s.last_active);
  const size_t drop = sessions_.size() - options_.max_sessions + options_.max_sessions / 10;
  std::nth_element(times.begin(), times.begin() + static_cast<ptrdiff_t>(drop - 1), times.end());
  const Micros cutoff = times[drop - 1];
  absl::erase_if(sessions_, [&](const auto& entry) { return entry.second.last_active <= cutoff; });
}

size_t SessionStore::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

}  // namespace leafloaf::conversation
