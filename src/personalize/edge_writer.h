// EdgeWriter: persists memory-graph edges without making tracking wait.
//
// Every tracked event changes a few of its user's edges (a product edge's
// weight, a category's "prefers", ...): about four per event, four fifths of
// the rows the store's writer writes for tracking (over HTTP, 9.5k tracked
// requests/s with their edges against 16k with none). Add() queues them;
// with `interval` 0 (the server's default) each Add() is submitted at once
// as one batch, and the caller never waits for it. With `interval` > 0 the
// writer keeps the latest version of each queued edge (keyed like the
// table's unique key: shop, user, destination kind and id, relation,
// valid_from) and submits everything queued as one batch every `interval`,
// or sooner when `max_pending` edges wait: fewer writes when the same
// edges change often, at the price of bigger batches that delay the events
// committed with them (docs/PERSONALIZATION.md has the measurement).
//
// Edges are derived data: the events are the record, acknowledged durably
// before their edges are queued, and the preference engine (which serves the
// profile and export endpoints) has the edges in memory at once. A crash
// can lose the store copy of edge changes not yet committed (from the last
// interval); the next event touching an edge rewrites it.
//
// Thread-safety: every method may be called from any thread. The destructor
// flushes; the store must still accept writes then (see Flush()).
#ifndef LEAFLOAF_PERSONALIZE_EDGE_WRITER_H_
#define LEAFLOAF_PERSONALIZE_EDGE_WRITER_H_

#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "store/records.h"
#include "store/store.h"

namespace leafloaf::personalize {

struct EdgeWriterOptions {
  // 0: every Add() is submitted at once, uncoalesced (one batch per call).
  std::chrono::milliseconds interval{50};
  size_t max_pending = 20000;
};

class EdgeWriter {
 public:
  // `store` is not owned and must outlive the writer.
  explicit EdgeWriter(Store* store, EdgeWriterOptions options = {});
  ~EdgeWriter();

  EdgeWriter(const EdgeWriter&) = delete;
  EdgeWriter& operator=(const EdgeWriter&) = delete;

  // Queues the edges; a later version of the same edge replaces a queued one.
  void Add(std::vector<MemoryEdge> edges);

  // Drops the user's queued edges (their erasure is about to be written:
  // nothing queued before it may land after it).
  void ForgetUser(std::string_view shop_id, std::string_view user_id);

  // Writes everything queued so far and waits until it is durable. Call it
  // before closing the store.
  absl::Status Flush();

  int64_t edges_written() const;
  int64_t batches_written() const;

 private:
  static std::string Key(const MemoryEdge& e);
  void Loop();
  // Takes the queue and submits it as one batch, under submit_mu_, so that
  // batches reach the store in the order their edges were taken.
  void SubmitPending() ABSL_LOCKS_EXCLUDED(mu_, submit_mu_);

  Store* store_;
  const EdgeWriterOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, MemoryEdge> pending_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  int64_t edges_written_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t batches_written_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Mutex submit_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  std::shared_future<WriteResult> last_ ABSL_GUARDED_BY(submit_mu_);  // the latest batch
  std::thread thread_;
};

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_EDGE_WRITER_H_
