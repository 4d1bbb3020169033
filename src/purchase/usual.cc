#include "purchase/usual.h"

#include <algorithm>
#include <ctime>

#include "absl/container/flat_hash_map.h"
#include "purchase/quantity_memory.h"

namespace leafloaf::purchase {

int MonthOf(Micros at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm.tm_mon + 1;
}

std::vector<UsualItem> UsualItems(std::span<const Basket> baskets, Micros as_of,
                                  const UsualOptions& options) {
  std::vector<UsualItem> out;
  if (baskets.empty()) return out;
  // Baskets per calendar month, and each product's purchases (in order).
  int baskets_in_month[13] = {};
  struct Purchase {
    Micros at;
    double quantity;
  };
  absl::flat_hash_map<ProductIndex, std::vector<Purchase>> purchases;
  for (const Basket& b : baskets) {
    ++baskets_in_month[MonthOf(b.placed_at)];
    for (const BasketItem& item : b.items) purchases[item.product].push_back({b.placed_at, item.quantity});
  }
  int active_months = 0;
  for (int m = 1; m <= 12; ++m) active_months += baskets_in_month[m] > 0;
  const int current_month = MonthOf(as_of);

  for (auto& [product, bought] : purchases) {
    const int n = static_cast<int>(bought.size());
    if (n < options.min_purchases) continue;
    UsualItem item;
    item.product = product;
    item.purchases = n;
    item.last_purchased = bought.back().at;
    item.share = static_cast<double>(n) / static_cast<double>(baskets.size());
    if (active_months >= options.min_active_months && n >= options.min_seasonal_purchases) {
      bool in_month[13] = {};
      for (const Purchase& p : bought) in_month[MonthOf(p.at)] = true;
      int months = 0, season_baskets = 0;
      for (int m = 1; m <= 12; ++m) {
        if (!in_month[m]) continue;
        ++months;
        season_baskets += baskets_in_month[m];
      }
      const double season_share = static_cast<double>(n) / season_baskets;
      if (2 * months <= active_months && season_share >= options.min_share) {
        item.seasonal = true;
        item.share = season_share;
        for (int m = 1; m <= 12; ++m) {
          if (in_month[m]) item.months.push_back(m);
        }
        item.in_season = in_month[current_month];
      }
    }
    if (item.share < options.min_share) continue;
    std::vector<double> quantities;
    for (const Purchase& p : bought) quantities.push_back(p.quantity);
    item.usual_quantity = ComputeTypicalQuantity(quantities, {.recent_purchases = options.quantity_window})
                              ->quantity;
    item.confidence = item.share * n / (n + 2.0);
    out.push_back(std::move(item));
  }
  std::sort(out.begin(), out.end(), [](const UsualItem& a, const UsualItem& b) {
    return a.confidence != b.confidence ? a.confidence > b.confidence : a.product < b.product;
  });
  return out;
}

}  // namespace leafloaf::purchase
