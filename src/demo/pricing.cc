#include "demo/pricing.h"

#include <algorithm>
#include <cmath>

namespace leafloaf::demo {

double TierPriceFactor(Tier tier) {
  switch (tier) {
    case Tier::kStore:
      return 0.78;
    case Tier::kValue:
      return 0.88;
    case Tier::kNational:
      return 1.0;
    case Tier::kPremium:
      return 1.3;
  }
  return 1.0;
}

double SizePriceFactor(const SizeOption& size, const SizeOption& reference) {
  if (size.dimension != reference.dimension) return size.traits.price_factor;
  return std::pow(size.base_quantity / reference.base_quantity, 0.72) * size.traits.price_factor;
}

Cents ShelfPrice(double cents) {
  const double step = cents < 1000 ? 10 : 50;
  Cents rounded = static_cast<Cents>(std::llround((cents + 1) / step) * step) - 1;
  return std::max<Cents>(rounded, 19);
}

}  // namespace leafloaf::demo
