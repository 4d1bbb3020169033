// "My usual" (issue 5): the products a user buys on most trips, with the
// quantity they usually take, and which of them are usual only in season.
//
// A product is usual when the user bought it in at least `min_purchases`
// baskets and in at least `min_share` of their baskets. Its usual quantity
// is the typical quantity of its last `quantity_window` purchases
// (quantity_memory.h: the median, rounded to whole units or to 0.05 for
// weighed items); its
// confidence is share x purchases / (purchases + 2).
//
// Seasonal items: when the user's orders span at least
// `min_active_months` calendar months, a product bought in no more than
// half of them is seasonal if, within the months it was bought in, it is in
// at least `min_share` of the user's baskets (and it needs
// `min_seasonal_purchases`). Its share is then counted in season only, and
// it joins the one-click basket only when `as_of` falls in one of its
// months.
//
// Thread-safety: a pure function of its arguments.
#ifndef LEAFLOAF_PURCHASE_USUAL_H_
#define LEAFLOAF_PURCHASE_USUAL_H_

#include <span>
#include <vector>

#include "common/time.h"
#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

struct UsualOptions {
  int min_purchases = 2;
  double min_share = 0.25;
  int quantity_window = 5;
  int min_active_months = 6;
  int min_seasonal_purchases = 3;
};

struct UsualItem {
  ProductIndex product = 0;
  int purchases = 0;
  double share = 0;          // of the user's baskets (in season, for seasonal items)
  double usual_quantity = 0;
  Micros last_purchased = 0;
  double confidence = 0;
  bool seasonal = false;
  std::vector<int> months;   // seasonal items: calendar months 1..12
  bool in_season = true;     // always true for non-seasonal items
};

// Usual items, most confident first.
std::vector<UsualItem> UsualItems(std::span<const Basket> baskets, Micros as_of,
                                  const UsualOptions& options = {});

// Calendar month (1..12, UTC) of a time.
int MonthOf(Micros at);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_USUAL_H_
