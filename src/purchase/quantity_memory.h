// QuantityMemory: the typical quantity a user buys of a product (issue 5,
// "quantity memory"), returned wherever a product is suggested.
//
// For a user x product pair, the quantities of the product in the user's
// last `recent_purchases` baskets containing it (a basket's repeated lines
// already add up in PurchaseHistory) give:
//
//   * quantity: their median (the mean of the two middle values for an even
//     count). Counted items (every recent quantity a whole number) are
//     rounded to the nearest whole number, halves up, and at least 1;
//     weighed items (any fractional quantity, e.g. 0.75 kg) are rounded to
//     `weighed_step`.
//   * confidence = agreement x n / (n + 1), where n is the number of recent
//     purchases and agreement the share of them within 25% of the typical
//     quantity. One purchase gives 0.5; five identical purchases 0.83;
//     erratic quantities stay low however long the history.
//
// Thread-safety: immutable once built; concurrent reads are safe.
#ifndef LEAFLOAF_PURCHASE_QUANTITY_MEMORY_H_
#define LEAFLOAF_PURCHASE_QUANTITY_MEMORY_H_

#include <optional>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

struct QuantityMemoryOptions {
  int recent_purchases = 5;    // last baskets with the product that count
  double weighed_step = 0.05;  // rounding of fractional (weighed) quantities
};

struct TypicalQuantity {
  double quantity = 0;
  double confidence = 0;  // [0, 1)
  int purchases = 0;      // recent purchases the figure is based on
};

// The typical quantity of a list of quantities, oldest first (only the last
// `options.recent_purchases` count). nullopt when `quantities` is empty.
std::optional<TypicalQuantity> ComputeTypicalQuantity(std::span<const double> quantities,
                                                      const QuantityMemoryOptions& options = {});

class QuantityMemory {
 public:
  static QuantityMemory Build(const PurchaseHistory& history,
                              const QuantityMemoryOptions& options = {});

  // nullopt when the user never bought the product.
  std::optional<TypicalQuantity> Typical(UserIndex user, ProductIndex product) const;

 private:
  // (user << 32 | product) -> typical quantity.
  absl::flat_hash_map<uint64_t, TypicalQuantity> typical_;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_QUANTITY_MEMORY_H_
