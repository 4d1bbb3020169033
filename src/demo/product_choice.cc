#include "demo/product_choice.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "demo/diet.h"

namespace leafloaf::demo {
namespace {

double TierWeight(Tier tier, double sensitivity) {
  switch (tier) {
    case Tier::kStore:
      return 0.6 + 2.0 * sensitivity;
    case Tier::kValue:
      return 0.5 + 1.5 * sensitivity;
    case Tier::kNational:
      return 1.2 - 0.4 * sensitivity;
    case Tier::kPremium:
      return 0.05 + 1.2 * (1 - sensitivity) * (1 - sensitivity);
  }
  return 1.0;
}

bool HasTag(const Product& product, std::string_view tag) {
  return std::find(product.dietary_tags.begin(), product.dietary_tags.end(), tag) !=
         product.dietary_tags.end();
}

// Price per base unit (fl oz, oz, count), comparable within a line whose
// sizes share one dimension; otherwise the shelf price.
double UnitPrice(const DemoCatalog& catalog, int index, bool mixed_dimensions) {
  const ProductInfo& info = catalog.info[index];
  double price = static_cast<double>(catalog.products[index].price_cents);
  return mixed_dimensions ? price : price / catalog.lines[info.line].sizes[info.size].base_quantity;
}

}  // namespace

bool ShopperMayBuy(const DemoCatalog& catalog, const ShopperProfile& shopper, int index) {
  const ProductInfo& info = catalog.info[index];
  return DietAllows(shopper.restrictions, info.contains, info.lactose_free);
}

int ChooseProduct(const DemoCatalog& catalog, const ShopperProfile& shopper,
                  const ChoiceRequest& request, Random& rng) {
  const std::vector<int>& members = catalog.line_products[request.line];
  const ProductLine& spec = catalog.lines[request.line];
  const int month = request.month;
  const auto preferred = request.any_brand ? shopper.preferred_brands.end()
                                           : shopper.preferred_brands.find(spec.category());
  const ProductInfo* like = request.like >= 0 ? &catalog.info[request.like] : nullptr;
  bool mixed_dimensions = false;
  for (const SizeOption& size : spec.sizes) {
    mixed_dimensions |= size.dimension != spec.sizes[0].dimension;
  }
  const double sensitivity = shopper.price_sensitivity;
  // Household size maps to a target position among the line's sizes.
  const double size_target = std::clamp((shopper.household_size - 1) / 4.0, 0.0, 1.0);
  const int size_count = static_cast<int>(spec.sizes.size());

  double cheapest_unit = 0;
  std::vector<int> eligible;
  for (int index : members) {
    const ProductInfo& info = catalog.info[index];
    if (index == request.exclude || !ShopperMayBuy(catalog, shopper, index)) continue;
    bool in_season =
        info.season_months == 0 || (month > 0 && (info.season_months & (1u << (month - 1))) != 0);
    if (!in_season) continue;
    double unit = UnitPrice(catalog, index, mixed_dimensions);
    if (eligible.empty() || unit < cheapest_unit) cheapest_unit = unit;
    eligible.push_back(index);
  }
  if (eligible.empty()) return -1;

  std::vector<double> weights;
  double total = 0;
  for (int index : eligible) {
    const ProductInfo& info = catalog.info[index];
    const Product& product = catalog.products[index];
    double w = TierWeight(info.tier, sensitivity) / (1.0 + 0.5 * info.variant);
    if (preferred != shopper.preferred_brands.end()) {
      w *= product.brand == preferred->second ? 4.0 + 20.0 * shopper.brand_loyalty : 1.0;
    }
    if (shopper.Prefers("organic")) w *= info.organic ? 3.0 : 0.6;
    if (shopper.Prefers("low-sugar") &&
        (HasTag(product, "low-sugar") || HasTag(product, "sugar-free"))) {
      w *= 2.5;
    }
    if (shopper.Prefers("keto") && HasTag(product, "keto")) w *= 2.5;
    if (size_count > 1) {
      // Sizes are listed most common first, not by amount; rank by amount.
      int smaller = 0;
      for (const SizeOption& size : spec.sizes) {
        smaller += size.base_quantity < spec.sizes[info.size].base_quantity;
      }
      double position = static_cast<double>(smaller) / (size_count - 1);
      w *= std::exp(-2.5 * std::abs(position - size_target)) * (info.size == 0 ? 1.5 : 1.0);
    }
    if (like != nullptr) {
      w *= (info.variant == like->variant ? 4.0 : 1.0) * (info.size == like->size ? 3.0 : 1.0);
    }
    double unit = UnitPrice(catalog, index, mixed_dimensions);
    w *= std::pow(cheapest_unit / unit, 2.0 * sensitivity);
    weights.push_back(w);
    total += w;
  }
  double pick = rng.Unit() * total;
  for (size_t i = 0; i < eligible.size(); ++i) {
    pick -= weights[i];
    if (pick < 0) return eligible[i];
  }
  return eligible.back();
}

}  // namespace leafloaf::demo
