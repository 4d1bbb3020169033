// Applies one Mutation to the writer's connection, inside the writer's
// open transaction. Each mutation is atomic on its own: a mutation of
// several statements runs in a savepoint.
//
// Returns the row id for mutations that create one (Event, ApiKey, ...),
// else 0; kInvalidArgument for bad fields, kNotFound for a referenced order
// or product that does not exist, kAlreadyExists for a duplicate key.
#ifndef LEAFLOAF_STORE_SQLITE_MUTATIONS_H_
#define LEAFLOAF_STORE_SQLITE_MUTATIONS_H_

#include <atomic>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/time.h"
#include "store/sqlite/statement.h"
#include "store/write_batch.h"

namespace leafloaf::sqlite {

// Rows the writer has seen exist, so that tracking, the hottest write,
// skips two lookups per event: live products (a Product upsert adds one, a
// DeleteProduct removes it) and users (never deleted; an Event creates its
// user once). Only the writer thread uses it. Call Clear() after any
// rollback, since a remembered row may have been rolled back. Each set is
// cleared when it reaches kMaxEntries, which bounds its memory.
class KnownRows {
 public:
  static constexpr size_t kMaxEntries = 1 << 20;

  bool HasProduct(std::string_view shop, std::string_view id) const;
  void AddProduct(std::string_view shop, std::string_view id);
  void RemoveProduct(std::string_view shop, std::string_view id);
  bool HasUser(std::string_view shop, std::string_view id) const;
  void AddUser(std::string_view shop, std::string_view id);
  void Clear();

 private:
  static std::string Key(std::string_view shop, std::string_view id);
  absl::flat_hash_set<std::string> products_;
  absl::flat_hash_set<std::string> users_;
};

// Event ids come from the store, not from SQLite's rowid: a journaled event
// (sqlite/event_journal.h) gets its id when it is acknowledged, before its
// row exists, and a row written directly (a cart change's event) must not
// take that id meanwhile. Every event row's id is taken from here.
class EventIds {
 public:
  int64_t Take(int64_t n = 1) { return next_.fetch_add(n, std::memory_order_relaxed); }
  // Makes the next id at least `next`.
  void AtLeast(int64_t next);

 private:
  std::atomic<int64_t> next_{1};
};

// Applies one mutation. An Event with a nonzero id is a journaled event
// being ingested: it keeps its id and skips the product check, which was
// made when it was acknowledged.
absl::StatusOr<int64_t> ApplyMutation(Database& db, const Mutation& mutation, Micros now,
                                      KnownRows& known, EventIds& event_ids);

// The shop a mutation belongs to.
const std::string& MutationShop(const Mutation& mutation);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_MUTATIONS_H_
