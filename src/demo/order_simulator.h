// Acts out each demo shopper's traits (shopper_profile.h) as orders over
// the period: a trip every trip_interval_days (with jitter) while the shopper
// is active; on each trip the staples that are due (personal cycle with
// jitter, typical quantity), bought as usual or, with probability
// 1 - brand_loyalty or when out of stock, switched for another product of
// the same line; plus exploratory items from other lines (seasonal lines are
// favoured in season and absent out of season). Every choice respects the
// shopper's dietary restrictions. Unit prices drift up ~3% over the period;
// about 6% of lines carry a coupon discount.
//
// Orders are numbered "O000001"... in time order; lines reference existing
// products and are unique per (order, product).
#ifndef LEAFLOAF_DEMO_ORDER_SIMULATOR_H_
#define LEAFLOAF_DEMO_ORDER_SIMULATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"
#include "demo/catalog_generator.h"
#include "demo/shopper_generator.h"
#include "store/records.h"

namespace leafloaf::demo {

struct OrderOptions {
  std::string shop_id = "demo";
  uint64_t seed = 42;
  Micros period_start = 0;  // midnight UTC of the first day
  int period_days = 184;
};

struct OrderHistory {
  std::vector<Order> orders;      // by placed_at
  std::vector<OrderLine> lines;   // grouped by order, in order
  std::vector<int> order_user;    // index of each order's shopper
  std::vector<int> line_product;  // product index of each line
};

OrderHistory SimulateOrders(const DemoCatalog& catalog, const ShopperPopulation& population,
                            const OrderOptions& options);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_ORDER_SIMULATOR_H_
