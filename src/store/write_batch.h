// WriteBatch: the unit of writing. Mutations are applied in order by the
// store's single writer thread; several batches share one commit (group
// commit). Each mutation is atomic on its own. A batch marked atomic is
// all-or-nothing: one failed mutation rolls the whole batch back.
#ifndef LEAFLOAF_STORE_WRITE_BATCH_H_
#define LEAFLOAF_STORE_WRITE_BATCH_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "catalog/product.h"
#include "store/records.h"

namespace leafloaf {

struct EnsureShop {
  std::string shop_id;
  std::string name;
};
struct DeleteProduct {
  std::string shop_id;
  std::string external_id;
};
// Erases what a user did: their events, memory-graph edges and cart, and
// their name on reviews (kept, anonymous). Orders stay: they are the shop's
// sales records. Applies to a user never seen too (nothing to erase); its
// result id is the number of events erased.
struct EraseUserActivity {
  std::string shop_id;
  std::string user_external_id;
};

// Insert-or-update by (shop_id, external_id); re-applying is a no-op change.
using Mutation = std::variant<EnsureShop, Product, DeleteProduct, Household, User, Order, OrderLine,
                              Review, CompetitorPrice, Event, MemoryEdge, AuditEntry, ApiKey,
                              EraseUserActivity>;

struct WriteBatch {
  std::vector<Mutation> mutations;
  bool atomic = false;

  template <typename T>
  void Add(T&& m) {
    mutations.emplace_back(std::forward<T>(m));
  }
  size_t size() const { return mutations.size(); }
  bool empty() const { return mutations.empty(); }
};

struct WriteResult {
  // Not OK when nothing was written: the store is closed or the commit failed.
  absl::Status status;
  // One entry per mutation, in order: OK, or why that mutation was rejected
  // (kNotFound for an unknown referenced id, kInvalidArgument for bad fields).
  // Empty when `status` is not OK.
  std::vector<absl::Status> results;
  // Row ids for mutations that create rows with ids (Event, ApiKey), the
  // events erased for EraseUserActivity, else 0.
  std::vector<int64_t> ids;

  size_t accepted() const {
    size_t n = 0;
    for (const auto& s : results) n += s.ok();
    return n;
  }
};

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_WRITE_BATCH_H_
