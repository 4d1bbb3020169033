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

struct ChoiceRequest {
  int line = 0;            // index into DemoCatalog::lines
  int month = 0;           // 1..12 admits products in season that month; 0 only all-year ones
  int exclude = -1;        // a product index never chosen, or -1
  int like = -1;           // a product to resemble (same variant, same size), or -1
  bool any_brand = false;  // ignore the shopper's preferred brand (a brand switch)
};

// A product of the requested line for the shopper, or -1 when none fits.
int ChooseProduct(const DemoCatalog& catalog, const ShopperProfile& shopper,
                  const ChoiceRequest& request, Random& rng);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_PRODUCT_CHOICE_H_
