// A demo shopper's generated traits: what they may eat, what they like,
// how price sensitive and brand loyal they are, how often they shop, and the
// staples they buy on their own cycles. The order simulator acts them out;
// User::attributes declares them (shopper_generator.h).
#ifndef LEAFLOAF_DEMO_SHOPPER_PROFILE_H_
#define LEAFLOAF_DEMO_SHOPPER_PROFILE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leafloaf::demo {

struct Staple {
  int product = 0;     // index into DemoCatalog::products
  int cycle_days = 7;  // personal repurchase cycle, >= the trip interval
  int quantity = 1;    // typical quantity per purchase
};

struct ShopperProfile {
  int household = 0;  // index into the households
  int household_size = 1;
  bool dog = false;                      // the household has a dog, a cat,
  bool cat = false;                      // a baby: only then does the shopper
  bool baby = false;                     // buy pet or baby products
  uint32_t restrictions = 0;             // diet.h RestrictionBit mask
  std::vector<std::string> preferences;  // soft: "organic", "low-sugar", "keto"
  double price_sensitivity = 0.5;        // 0 = ignores price .. 1 = cheapest
  double brand_loyalty = 0.8;            // chance a staple is bought as usual
  double exploration = 1.0;              // mean exploratory items per trip
  int trip_interval_days = 7;
  int first_day = 0;                                    // first and last day (from the period
  int last_day = 0;                                     // start) the shopper may shop
  std::string channel;                                  // usual channel: delivery, pickup, in_store
  std::map<std::string, std::string> preferred_brands;  // category -> brand
  std::vector<Staple> staples;

  // Whether the household needs what a line is for ("dog", "cat", "baby").
  bool Needs(const std::string& needs) const {
    if (needs.empty()) return true;
    return (needs == "dog" && dog) || (needs == "cat" && cat) || (needs == "baby" && baby);
  }
  bool Prefers(const std::string& preference) const {
    for (const std::string& p : preferences) {
      if (p == preference) return true;
    }
    return false;
  }
};

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_SHOPPER_PROFILE_H_
