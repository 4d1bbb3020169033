// Reorder intelligence (issue 5): each user x product purchase cycle, the
// next due date and how overdue it is.
//
// For a product the user bought n >= 2 times, the intervals between those
// purchases give the user's median interval m (robust to one long gap). It
// is shrunk toward the product's population cycle c (the median interval
// over every user who bought it at least twice), with the weight of
// `prior_intervals` intervals:
//   cycle = ((n - 1) m + k c) / ((n - 1) + k)
// so a user with two purchases leans on how everyone else reorders, and a
// long, regular history on their own rhythm. due = last purchase + cycle;
// overdue = (as_of - last) / cycle (1 = due today). confidence =
// (n - 1) / (n - 1 + k) x 1 / (1 + MAD / m): more intervals and steadier
// ones give more confidence. Products bought once have no cycle.
//
// Due items whose due dates lie within `bundle_days` of each other form a
// bundle: one trip for all of them.
//
// Holidays (holiday_calendar.h): with a calendar, a due date within a day
// of a holiday is brought forward to before it, and the overdue score is
// counted against the adjusted cycle, so the reminder comes in time.
//
// Thread-safety: immutable once built.
#ifndef LEAFLOAF_PURCHASE_REORDER_H_
#define LEAFLOAF_PURCHASE_REORDER_H_

#include <span>
#include <vector>

#include "common/time.h"
#include "purchase/holiday_calendar.h"
#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

struct ReorderOptions {
  double prior_intervals = 2;  // k: the population cycle's weight, in intervals
  double min_overdue = 0.8;    // due from 80% of the cycle on
  double bundle_days = 3;
  // Not owned; null = no holiday adjustments.
  const HolidayCalendar* holidays = nullptr;
};

struct ReorderItem {
  ProductIndex product = 0;
  int purchases = 0;
  double cycle_days = 0;
  double user_median_days = 0;
  double population_cycle_days = 0;  // 0 = no other user bought it twice
  Micros last_purchased = 0;
  Micros due = 0;
  double overdue = 0;
  double confidence = 0;
  int bundle = 0;  // items with the same bundle are due together
  const Holiday* holiday = nullptr;  // the holiday that brought `due` forward
  Micros unadjusted_due = 0;         // last + cycle
};

class ReorderCycles {
 public:
  explicit ReorderCycles(ReorderOptions options = {}) : options_(options) {}

  // Population cycles of every product over the users' baskets.
  void Fit(const PurchaseHistory& history);

  // Every product of `baskets` bought at least twice, with its cycle, most
  // overdue (x confidence) first.
  std::vector<ReorderItem> Cycles(std::span<const Basket> baskets, Micros as_of) const;
  // The k most pressing items with overdue >= min_overdue, with bundles.
  std::vector<ReorderItem> Due(std::span<const Basket> baskets, Micros as_of, size_t k) const;

  double population_cycle_days(ProductIndex product) const {
    return product < population_days_.size() ? population_days_[product] : 0;
  }

 private:
  ReorderOptions options_;
  std::vector<double> population_days_;  // per product, 0 = unknown
};

// Median of `values` (reordered in place); 0 when empty.
double Median(std::vector<double>& values);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_REORDER_H_
