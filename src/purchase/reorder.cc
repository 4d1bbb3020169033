#include "purchase/reorder.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"

namespace leafloaf::purchase {
namespace {

constexpr double kMicrosPerDay = 86400.0 * 1e6;

double Days(Micros micros) { return static_cast<double>(micros) / kMicrosPerDay; }

// Purchase times of each product in `baskets` (chronological).
absl::flat_hash_map<ProductIndex, std::vector<Micros>> PurchaseTimes(std::span<const Basket> baskets) {
  absl::flat_hash_map<ProductIndex, std::vector<Micros>> times;
  for (const Basket& b : baskets) {
    for (const BasketItem& item : b.items) times[item.product].push_back(b.placed_at);
  }
  return times;
}

}  // namespace

double Median(std::vector<double>& values) {
  if (values.empty()) return 0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

void ReorderCycles::Fit(const PurchaseHistory& history) {
  std::vector<std::vector<double>> intervals(history.num_products());
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    for (auto& [product, times] : PurchaseTimes(history.baskets(u))) {
      for (size_t i = 1; i < times.size(); ++i) {
        if (times[i] > times[i - 1]) intervals[product].push_back(Days(times[i] - times[i - 1]));
      }
    }
  }
  population_days_.assign(history.num_products(), 0);
  for (size_t p = 0; p < intervals.size(); ++p) population_days_[p] = Median(intervals[p]);
}

std::vector<ReorderItem> ReorderCycles::Cycles(std::span<const Basket> baskets, Micros as_of) const {
  std::vector<ReorderItem> out;
  const double k = options_.prior_intervals;
  for (auto& [product, times] : PurchaseTimes(baskets)) {
    std::vector<double> gaps;
    for (size_t i = 1; i < times.size(); ++i) {
      if (times[i] > times[i - 1]) gaps.push_back(Days(times[i] - times[i - 1]));
    }
    if (gaps.empty()) continue;  // bought once (or only at one instant)
    const double n = static_cast<double>(gaps.size());
    const double user_median = Median(gaps);
    std::vector<double> deviations;
    for (double g : gaps) deviations.push_back(std::abs(g - user_median));
    const double mad = Median(deviations);
    const double population = population_cycle_days(product);
    const double cycle =
        population > 0 ? (n * user_median + k * population) / (n + k) : user_median;
    if (cycle <= 0) continue;
    ReorderItem item;
    item.product = product;
    item.purchases = static_cast<int>(times.size());
    item.cycle_days = cycle;
    item.user_median_days = user_median;
    item.population_cycle_days = population;
    item.last_purchased = times.back();
    item.due = times.back() + static_cast<Micros>(cycle * kMicrosPerDay);
    item.unadjusted_due = item.due;
    double effective_cycle = cycle;
    if (options_.holidays != nullptr) {
      const HolidayAdjustment moved = options_.holidays->Adjust(item.due);
      if (moved.holiday != nullptr && moved.due > times.back()) {
        item.due = moved.due;
        item.holiday = moved.holiday;
        effective_cycle = Days(item.due - times.back());
      }
    }
    item.overdue = Days(as_of - times.back()) / effective_cycle;
    item.confidence = n / (n + k) / (1 + (user_median > 0 ? mad / user_median : 1));
    out.push_back(item);
  }
  std::sort(out.begin(), out.end(), [](const ReorderItem& a, const ReorderItem& b) {
    const double sa = std::min(a.overdue, 2.0) * a.confidence;
    const double sb = std::min(b.overdue, 2.0) * b.confidence;
    return sa != sb ? sa > sb : a.product < b.product;
  });
  return out;
}

std::vector<ReorderItem> ReorderCycles::Due(std::span<const Basket> baskets, Micros as_of,
                                            size_t k) const {
  std::vector<ReorderItem> due;
  for (ReorderItem& item : Cycles(baskets, as_of)) {
    if (item.overdue >= options_.min_overdue && due.size() < k) due.push_back(item);
  }
  // Bundles: walk by due date; an item joins the open bundle while its due
  // date is within bundle_days of the bundle's first.
  std::vector<size_t> by_due(due.size());
  for (size_t i = 0; i < due.size(); ++i) by_due[i] = i;
  std::sort(by_due.begin(), by_due.end(), [&](size_t a, size_t b) { return due[a].due < due[b].due; });
  int bundle = 0;
  Micros start = 0;
  for (size_t i : by_due) {
    if (bundle == 0 || Days(due[i].due - start) > options_.bundle_days) {
      ++bundle;
      start = due[i].due;
    }
    due[i].bundle = bundle;
  }
  return due;
}

}  // namespace leafloaf::purchase
