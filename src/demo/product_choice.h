// How a demo shopper picks one product of a product line: among the
// products their diet allows (and, with a month, those in season), weighted
// by their preferred brand, price sensitivity (brand tier and unit price),
// soft preferences (organic, low-sugar, keto), variant popularity and a
// package size that fits the household.
#ifndef LEAFLOAF_DEMO_PRODUCT_CHOICE_H_
#define LEAFLOAF_DEMO_PRODUCT_CHOICE_H_

#include "common/random.h"
#include "demo/catalog_generator.h"
#include "demo/shopper_profile.h"

namespace leafloaf::demo {

// Whether the shopper may buy product `index` at all (diet restrictions).
bool ShopperMayBuy(const DemoCatalog& catalog, const ShopperProfile& shopper, int index);

// A product of `line` for the shopper, or -1 when none fits. `month` 1..12
// admits products in season that month; 0 admits only all-year products.
// `exclude` (a product index, or -1) is never chosen.
int ChooseProduct(const DemoCatalog& catalog, const ShopperProfile& shopper, int line, int month,
                  int exclude, Random& rng);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_PRODUCT_CHOICE_H_
