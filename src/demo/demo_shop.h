// `leafloaf demo`: writes the deterministic demo grocery shop (demo_data.h)
// through the Store interface, in WriteBatches of options.batch_size
// mutations: EnsureShop first, then products, households, users, orders and
// order lines. Every mutation is an upsert by external id, so writing the
// shop again leaves the same rows and counts (idempotent).
//
// Thread-safety: call from one thread; the store may be shared.
#ifndef LEAFLOAF_DEMO_DEMO_SHOP_H_
#define LEAFLOAF_DEMO_DEMO_SHOP_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "demo/demo_data.h"
#include "store/store.h"

namespace leafloaf {

struct DemoSummary {
  int64_t products = 0;
  int64_t households = 0;
  int64_t users = 0;
  int64_t orders = 0;
  int64_t order_lines = 0;
  int64_t batches = 0;       // WriteBatches submitted
  int64_t mutations = 0;     // mutations applied
  uint64_t fingerprint = 0;  // Fingerprint() of the generated data
  Micros period_start = 0;   // first day with orders
  Micros period_end = 0;     // midnight after the last day (exclusive)
  double generate_seconds = 0;
  double write_seconds = 0;
};

// Writes `data` to the store. Fails with the store's status when a batch is
// not committed, or kInternal naming the first rejected mutation.
absl::StatusOr<DemoSummary> WriteDemoData(Store& store, const DemoData& data,
                                          const DemoOptions& options);

// GenerateDemoData(options), then WriteDemoData().
absl::StatusOr<DemoSummary> GenerateDemoShop(Store& store, const DemoOptions& options);

}  // namespace leafloaf

#endif  // LEAFLOAF_DEMO_DEMO_SHOP_H_
