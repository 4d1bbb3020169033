// Generates the demo shop's households and shoppers with their traits
// (shopper_profile.h): dietary restrictions, soft preferences, price
// sensitivity, brand loyalty per category, shopping rhythm and staples with
// personal cycles. The traits are declared in User::attributes as JSON:
//   {"dietary":["vegan"],"preferences":["organic"],"price_sensitivity":0.7,
//    "brand_loyalty":0.85,"trip_interval_days":8,"channel":"pickup",
//    "preferred_brands":{"Dairy & Eggs > Milk":"Darigold"},
//    "staples":[{"product_id":"P000123","cycle_days":7,"quantity":2}]}
#ifndef LEAFLOAF_DEMO_SHOPPER_GENERATOR_H_
#define LEAFLOAF_DEMO_SHOPPER_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"
#include "demo/catalog_generator.h"
#include "demo/shopper_profile.h"
#include "store/records.h"

namespace leafloaf::demo {

struct ShopperOptions {
  std::string shop_id = "demo";
  uint64_t seed = 42;
  int shoppers = 1000;
  Micros period_start = 0;  // midnight UTC of the first day with orders
  int period_days = 184;
};

struct ShopperPopulation {
  std::vector<Household> households;  // "H0001", ...
  std::vector<User> users;            // "U0001", ...; parallel to profiles
  std::vector<ShopperProfile> profiles;
};

// Deterministic in (catalog, options). REQUIRES: options.shoppers >= 1.
ShopperPopulation GenerateShoppers(const DemoCatalog& catalog, const ShopperOptions& options);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_SHOPPER_GENERATOR_H_
