// Diet model of the demo shop: what a product contains (ingredient classes)
// and which shoppers' dietary restrictions allow it. The catalog generator
// derives consistent dietary tags from the contents; the order simulator uses
// DietAllows() so that, e.g., a vegan shopper never buys anything with milk.
#ifndef LEAFLOAF_DEMO_DIET_H_
#define LEAFLOAF_DEMO_DIET_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leafloaf::demo {

// Ingredient classes, as bits of a `uint32_t contains` mask.
enum ContainsBit : uint32_t {
  kMilk = 1u << 0,
  kEgg = 1u << 1,
  kMeat = 1u << 2,
  kFish = 1u << 3,
  kShellfish = 1u << 4,
  kGluten = 1u << 5,
  kPeanut = 1u << 6,
  kTreeNut = 1u << 7,
  kSoy = 1u << 8,
  kHoney = 1u << 9,
};

// "milk", "egg", "meat", "fish", "shellfish", "gluten", "peanut", "tree-nut",
// "soy", "honey" -> bit; nullopt for anything else.
std::optional<uint32_t> ContainsBitFromName(std::string_view name);
// Names of the set bits, in bit order.
std::vector<std::string> ContainsNames(uint32_t contains);

// A shopper's hard dietary restrictions, as bits of a `uint32_t` mask.
enum RestrictionBit : uint32_t {
  kVegan = 1u << 0,
  kVegetarian = 1u << 1,
  kLactoseFree = 1u << 2,
  kDairyFree = 1u << 3,
  kGlutenFree = 1u << 4,
  kNutFree = 1u << 5,
};
inline constexpr int kRestrictionCount = 6;

// "vegan", "vegetarian", "lactose-free", "dairy-free", "gluten-free", "nut-free".
std::string_view RestrictionName(uint32_t bit);
std::vector<std::string> RestrictionNames(uint32_t restrictions);

// The dietary tag vocabulary the demo uses (a subset of catalog/dietary.h's).
std::span<const std::string_view> DemoDietaryTags();
bool IsDemoDietaryTag(std::string_view tag);

// Whether a shopper with `restrictions` may buy a food product that contains
// `contains`. A product tagged lactose-free is fine for a lactose-free
// shopper even though it contains milk. Non-food products have contains = 0.
bool DietAllows(uint32_t restrictions, uint32_t contains, bool lactose_free);

// Drops the tags that `contains` contradicts (vegan with milk or honey,
// vegetarian with meat, dairy-free with milk, gluten-free with gluten,
// nut-free with nuts, plant-based with animal products), then sorts and
// de-duplicates.
void ReconcileTags(uint32_t contains, std::vector<std::string>& tags);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_DIET_H_
