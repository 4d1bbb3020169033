// ImportContext: the state one import shares across its files and rows,
// and the staging area of the row being parsed.
//
// A format's ParseRow() validates a row and stages its mutations with
// Add(). The driver then commits the row (its mutations go to the store,
// and its claims and merged lines become part of the import's state) or
// aborts it (nothing staged is kept), so a rejected row is never half
// written on our side.
//
// Not thread-safe: one import, one thread.
#ifndef LEAFLOAF_INGEST_IMPORT_CONTEXT_H_
#define LEAFLOAF_INGEST_IMPORT_CONTEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "ingest/import_report.h"
#include "store/store.h"
#include "store/write_batch.h"

namespace leafloaf {

// Namespaces of Claim().
enum class Entity { kProduct, kUser, kHousehold, kOrder, kReview };

class ImportContext {
 public:
  ImportContext(Store& store, std::string shop_id, ImportReport& report);
  ImportContext(const ImportContext&) = delete;
  ImportContext& operator=(const ImportContext&) = delete;

  const std::string& shop_id() const { return shop_id_; }

  // Stages a mutation of the current row.
  void Add(Mutation mutation) { staged_.push_back(std::move(mutation)); }

  // True the first time `id` of `entity` is claimed in this import; later
  // rows see false and need not write the entity again. A claim made by a
  // row that is then rejected is forgotten.
  bool Claim(Entity entity, std::string_view id);

  // Whether a product exists for lines and reviews to refer to: written by
  // an accepted row of this import, or found in the store (cached).
  // Not OK only when the store cannot be read.
  absl::StatusOr<bool> ProductExists(std::string_view external_id);

  // Rows that repeat an order x product within one import add up: returns
  // `line` with quantity and discount summed over the earlier accepted rows
  // of the same pair, and the unit price recomputed from the summed
  // `line_total_cents`. Writing the merged line upserts over the earlier
  // one, so re-importing the same files gives the same lines.
  OrderLine MergeLine(OrderLine line, Cents line_total_cents);

  // A remark for the report, once per distinct text.
  void Note(std::string note);

  // Driver side.
  void BeginRow();
  std::vector<Mutation> CommitRow();
  void AbortRow();

 private:
  struct LineTotals {
    double quantity = 0;
    Cents total_cents = 0;
    Cents discount_cents = 0;
  };
  struct PendingLine {
    uint64_t key;
    LineTotals totals;
  };

  Store& store_;
  const std::string shop_id_;
  ImportReport& report_;

  absl::flat_hash_set<std::string> claimed_[5];
  absl::flat_hash_set<std::string> written_products_;
  absl::flat_hash_map<std::string, bool> store_products_;  // cache of lookups
  absl::flat_hash_map<uint64_t, LineTotals> lines_;        // by hash of order x product
  absl::flat_hash_set<std::string> notes_;

  std::vector<Mutation> staged_;
  std::vector<std::pair<Entity, std::string>> pending_claims_;
  std::vector<PendingLine> pending_lines_;
};

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_IMPORT_CONTEXT_H_
