// Conversation sessions (issue 6): what a multi-turn conversation remembers
// between utterances, so "add the second one", "actually make it 3" and
// "is it gluten free" know what they refer to.
//
// A session belongs to one shop and one user: loading another user's
// session id gives a fresh session, never theirs. A session idle for longer
// than the TTL (30 minutes) is gone; the store also holds at most
// `max_sessions`, dropping the least recently active beyond that. Sessions
// live in this process's memory: with several nodes, a conversation must
// stick to one node (the cart itself is in the store and is the same
// everywhere).
//
// Thread-safety: every method may be called from any thread. Load and
// Save copy; concurrent turns of one session keep the last Save.
#ifndef LEAFLOAF_CONVERSATION_SESSION_STORE_H_
#define LEAFLOAF_CONVERSATION_SESSION_STORE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/time.h"

namespace leafloaf::conversation {

// A product the conversation showed or acted on.
struct Mentioned {
  std::string product_id;
  std::string name;
};

struct Session {
  std::string id;
  std::string shop_id;
  std::string user_id;
  std::vector<Mentioned> shown;  // the last list shown, in order ("the second one")
  Mentioned focus;               // what "it" / "that" means; empty id = nothing yet
  std::vector<std::string> dietary;  // declared in this conversation (canonical tags)
  int64_t budget_cents = -1;         // declared in this conversation; -1 = none
  int turns = 0;
  Micros created_at = 0;
  Micros last_active = 0;
};

struct SessionStoreOptions {
  Micros ttl = 30LL * 60 * 1'000'000;  // idle time after which a session is gone
  size_t max_sessions = 100'000;
};

class SessionStore {
 public:
  // `clock` is not owned.
  explicit SessionStore(const Clock* clock, SessionStoreOptions options = {});

  // The live session `id` of this shop and user, or a new one (with a new
  // random id when `id` is empty or names no live session of this user;
  // with `id` itself when it is free, so clients may choose their ids).
  Session Load(std::string_view shop_id, std::string_view user_id, std::string_view id);
  // Stores the session as it is after a turn (stamps last_active).
  void Save(Session session);
  size_t size() const;

 private:
  static std::string Key(std::string_view shop_id, std::string_view id);
  void EvictLocked(Micros now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock* clock_;
  const SessionStoreOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);
  Micros next_sweep_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_SESSION_STORE_H_
