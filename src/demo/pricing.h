// Shelf prices of the demo catalog: a line's base price scaled by brand
// tier, organic claims, package size (with a bulk discount) and a small
// per-product jitter, rounded to prices ending in 9.
#ifndef LEAFLOAF_DEMO_PRICING_H_
#define LEAFLOAF_DEMO_PRICING_H_

#include "common/money.h"
#include "demo/line_spec.h"

namespace leafloaf::demo {

// store 0.78, value 0.88, national 1.0, premium 1.3.
double TierPriceFactor(Tier tier);

// Price of `size` relative to the line's reference (first) size. Sizes of
// the same dimension scale as (quantity ratio)^0.72, so bigger packages are
// cheaper per unit; the size's own x-factor multiplies. A size of another
// dimension than the reference uses its x-factor alone.
double SizePriceFactor(const SizeOption& size, const SizeOption& reference);

// Rounds to a shelf price: below $10 to the nearest dime minus a cent
// (3.43 -> 3.39, 3.46 -> 3.49), from $10 to the nearest half dollar minus
// a cent (12.30 -> 12.49). Never below 0.19.
Cents ShelfPrice(double cents);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_PRICING_H_
