// The demo shop's catalog as data: product lines, each a grid of
// brands x variants x package sizes in one "Department > Aisle".
// catalog_generator.h expands the grid into products.
//
// Lists are '|'-separated items; an item may carry traits in brackets:
//   "Whole|2% Reduced Fat[low-fat]|Lactaid[lactose-free,x1.45]"
// Traits are ','-separated tokens:
//   organic, vegan, ...   a dietary tag (see diet.h's vocabulary)
//   +milk, -gluten        adds / removes an ingredient class (diet.h)
//   x1.45                 multiplies the price
//   store, value, premium the brand's tier (default national)
//   core                  always part of the catalog, never sampled away
//   flavor=spicy          attributes: flavor, season (spring, summer, fall,
//   season=fall             winter, holiday, halloween), needs (dog, cat,
//   needs=dog               baby: only such households buy it), alt (dairy,
//   alt=dairy               meat: a substitute restricted shoppers favour),
//   only=Tide/@             only these brands carry the variant ('/'-separated),
//   qty=3                   typical quantity per purchase
// Brands: "@" is the store brand, "@@" its organic line, "-" unbranded.
// Sizes: "<amount> <unit>[ label]" with a canonical unit from
// catalog/package_size.h, e.g. "1/2 gal", "12 pk (12 fl oz cans)".
#ifndef LEAFLOAF_DEMO_CATALOG_TABLES_H_
#define LEAFLOAF_DEMO_CATALOG_TABLES_H_

#include <span>
#include <string_view>
#include <vector>

namespace leafloaf::demo {

inline constexpr std::string_view kStoreBrand = "LeafLoaf";
inline constexpr std::string_view kStoreOrganicBrand = "LeafLoaf Organics";

struct LineSpec {
  std::string_view path;      // "Department > Aisle"
  std::string_view pattern;   // name after the brand; "{v}" is the variant
  std::string_view variants;  // items; "" = one unnamed variant
  std::string_view brands;    // items
  std::string_view sizes;     // items
  int base_cents;             // national brand, first variant, first size
  std::string_view traits;    // traits of every product of the line
  int cycle_days;             // repurchase cycle as a staple; 0 = never a staple
  int reach;                  // % of households having the line as a staple
  std::string_view blurb;     // one sentence for the descriptions
};

// The tables, one function per group of departments.
std::span<const LineSpec> FreshLines();          // produce, dairy, plant-based, meat, deli, bakery
std::span<const LineSpec> PantryLines();         // pantry, breakfast, frozen
std::span<const LineSpec> SnackAndDrinkLines();  // snacks, beverages
std::span<const LineSpec> NonFoodLines();        // household, personal care, health, baby, pets

// All lines in a stable order: fresh, pantry, snacks and drinks, non-food.
std::vector<LineSpec> AllLineSpecs();

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_CATALOG_TABLES_H_
