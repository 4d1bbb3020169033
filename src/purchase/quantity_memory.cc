#include "purchase/quantity_memory.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace leafloaf::purchase {
namespace {

uint64_t Key(UserIndex user, ProductIndex product) {
  return (static_cast<uint64_t>(user) << 32) | product;
}

}  // namespace

std::optional<TypicalQuantity> ComputeTypicalQuantity(std::span<const double> quantities,
                                                      const QuantityMemoryOptions& options) {
  if (quantities.empty()) return std::nullopt;
  const size_t n =
      std::min(quantities.size(), static_cast<size_t>(std::max(1, options.recent_purchases)));
  std::vector<double> recent(quantities.end() - static_cast<ptrdiff_t>(n), quantities.end());
  const bool counted =
      std::all_of(recent.begin(), recent.end(), [](double q) { return q == std::floor(q); });
  std::vector<double> sorted = recent;
  std::sort(sorted.begin(), sorted.end());
  const double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  TypicalQuantity typical;
  if (counted) {
    typical.quantity = std::max(1.0, std::floor(median + 0.5));
  } else {
    const double step = options.weighed_step > 0 ? options.weighed_step : 0.05;
    typical.quantity = std::max(step, std::round(median / step) * step);
  }
  int agreeing = 0;
  for (double q : recent) {
    if (std::abs(q - typical.quantity) <= 0.25 * typical.quantity + 1e-9) ++agreeing;
  }
  typical.purchases = static_cast<int>(n);
  typical.confidence = static_cast<double>(agreeing) / static_cast<double>(n) *
                       static_cast<double>(n) / static_cast<double>(n + 1);
  return typical;
}

QuantityMemory QuantityMemory::Build(const PurchaseHistory& history,
                                     const QuantityMemoryOptions& options) {
  QuantityMemory memory;
  absl::flat_hash_map<ProductIndex, std::vector<double>> quantities;
  for (UserIndex user = 0; user < history.num_users(); ++user) {
    quantities.clear();
    for (const Basket& basket : history.baskets(user)) {
      for (const BasketItem& item : basket.items) quantities[item.product].push_back(item.quantity);
    }
    for (const auto& [product, list] : quantities) {
      if (std::optional<TypicalQuantity> typical = ComputeTypicalQuantity(list, options)) {
        memory.typical_.emplace(Key(user, product), *typical);
      }
    }
  }
  return memory;
}

std::optional<TypicalQuantity> QuantityMemory::Typical(UserIndex user, ProductIndex product) const {
  auto it = typical_.find(Key(user, product));
  if (it == typical_.end()) return std::nullopt;
  return it->second;
}

}  // namespace leafloaf::purchase
