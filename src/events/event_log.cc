#include "events/event_log.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace leafloaf::events {

namespace {

WriteBatch EventBatch(std::vector<Event> events, Micros now) {
  WriteBatch batch;
  batch.atomic = events.size() > 1;  // one event is atomic on its own
  batch.mutations.reserve(events.size());
  for (Event& e : events) {
    if (e.at == 0) e.at = now;
    batch.Add(std::move(e));
  }
  return batch;
}

}  // namespace

std::future<WriteResult> EventLog::Start(std::vector<Event> events) const {
  return store_->Submit(EventBatch(std::move(events), clock_->Now()));
}

void EventLog::Start(std::vector<Event> events, Store::WriteDone done) const {
  store_->SubmitThen(EventBatch(std::move(events), clock_->Now()), std::move(done));
}

absl::StatusOr<std::vector<int64_t>> EventLog::Finish(WriteResult result) {
  if (!result.status.ok()) return result.status;
  const bool batch = result.results.size() > 1;
  for (size_t i = 0; i < result.results.size(); ++i) {
    const absl::Status& s = result.results[i];
    // kAborted marks the events rolled back because another one failed.
    if (s.ok() || s.code() == absl::StatusCode::kAborted) continue;
    if (!batch) return s;
    return absl::Status(s.code(), absl::StrFormat("event %d: %s", i, s.message()));
  }
  return std::move(result.ids);
}

absl::StatusOr<std::vector<int64_t>> EventLog::Append(std::vector<Event> events) const {
  return Finish(Start(std::move(events)).get());
}

}  // namespace leafloaf::events
