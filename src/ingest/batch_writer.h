// BatchWriter: turns accepted rows' mutations into store WriteBatches of
// about `batch_mutations` mutations, keeps at most `max_in_flight` batches
// submitted and unanswered (so parsing overlaps the store's commits), and
// maps the store's per-mutation answers back to the rows they came from.
//
// A row's mutations always travel in one batch, in order. A row is
// accepted when all of its mutations were applied; otherwise `on_row` gets
// the first refusal, phrased as a reason for the import report.
//
// Not thread-safe; `on_row` runs on the caller's thread inside AddRow() and
// Finish().
#ifndef LEAFLOAF_INGEST_BATCH_WRITER_H_
#define LEAFLOAF_INGEST_BATCH_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "store/store.h"
#include "store/write_batch.h"

namespace leafloaf {

// Where a row came from: an index into the import's file list and a line.
struct RowTag {
  size_t file = 0;
  int64_t line = 0;
};

class BatchWriter {
 public:
  // `reason` is empty for an accepted row.
  using RowCallback = std::function<void(const RowTag& tag, const std::string& reason)>;

  BatchWriter(Store& store, RowCallback on_row, size_t batch_mutations = 2000,
              size_t max_in_flight = 2);
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Queues one row's mutations. REQUIRES: !mutations.empty().
  // Not OK only when the store failed as a whole (closed, commit failed);
  // the import must stop then.
  absl::Status AddRow(const RowTag& tag, std::vector<Mutation> mutations);
  // Submits what is queued and waits for every answer.
  absl::Status Finish();

  int64_t mutations_applied() const { return mutations_applied_; }

 private:
  struct RowSpan {
    RowTag tag;
    size_t mutations;
  };
  struct InFlight {
    std::future<WriteResult> future;
    std::vector<RowSpan> rows;
    std::vector<std::string> labels;  // per mutation; see Label()
  };

  absl::Status Submit();
  absl::Status WaitOldest();

  Store& store_;
  const RowCallback on_row_;
  const size_t batch_mutations_;
  const size_t max_in_flight_;

  WriteBatch batch_;
  std::vector<RowSpan> batch_rows_;
  std::vector<std::string> batch_labels_;
  std::deque<InFlight> in_flight_;
  int64_t mutations_applied_ = 0;
};

// What a refused mutation was about, e.g. "order line 'o1' x 'p2'".
std::string DescribeMutation(const Mutation& mutation);

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_BATCH_WRITER_H_
