// EventLog: appends interaction events to the store, durably. Append()
// returns once the events are durable: appended and fdatasync'ed to the
// store's event journal, one sync for the batches of concurrent callers
// (group commit, store/sqlite/event_journal.h), and moved into the database
// by the store's ingester shortly after; without the journal, committed by
// the store's writer, again one transaction and one fsync per group. Either
// way an acknowledged event survives kill -9 and power loss.
//
// The store checks what a parser cannot: an event's product must exist in
// the shop (else kNotFound), and its user is created on first use.
//
// Thread-safety: Append() may be called from any thread. The log holds no
// state of its own; copies share the store and clock.
#ifndef LEAFLOAF_EVENTS_EVENT_LOG_H_
#define LEAFLOAF_EVENTS_EVENT_LOG_H_

#include <cstdint>
#include <future>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time.h"
#include "store/records.h"
#include "store/store.h"

namespace leafloaf::events {

class EventLog {
 public:
  // `store` and `clock` are not owned and must outlive the log.
  EventLog(Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Writes the events, all or nothing, and waits until they are durable.
  // Events with `at` = 0 get the clock's time. Returns the new event ids in
  // order. kNotFound for an unknown product, kInvalidArgument for a field
  // the store rejects (a batch's message names the event's index:
  // "event 3: unknown product 'X'"), kUnavailable when the store is closed.
  // REQUIRES: !events.empty().
  absl::StatusOr<std::vector<int64_t>> Append(std::vector<Event> events) const;

  // Starts the write without waiting; Finish() turns the store's result
  // into Append()'s. For callers that overlap several appends.
  std::future<WriteResult> Start(std::vector<Event> events) const;
  // The same with a callback instead of a future: `done` runs once the
  // events are durable, on the store's journal thread (Store::SubmitThen),
  // or at once on this thread when they are refused; no thread waits for
  // it. It must be quick.
  void Start(std::vector<Event> events, Store::WriteDone done) const;
  static absl::StatusOr<std::vector<int64_t>> Finish(WriteResult result);

 private:
  Store* store_;
  const Clock* clock_;
};

}  // namespace leafloaf::events

#endif  // LEAFLOAF_EVENTS_EVENT_LOG_H_
