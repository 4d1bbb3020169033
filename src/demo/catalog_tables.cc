#include "demo/catalog_tables.h"

namespace leafloaf::demo {

std::vector<LineSpec> AllLineSpecs() {
  std::vector<LineSpec> all;
  for (std::span<const LineSpec> group :
       {FreshLines(), PantryLines(), SnackAndDrinkLines(), NonFoodLines()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

}  // namespace leafloaf::demo
