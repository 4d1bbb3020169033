#include "demo/shopper_generator.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "absl/strings/str_format.h"
#include "common/random.h"
#include "demo/diet.h"
#include "demo/product_choice.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

struct HouseholdTraits {
  int size = 1;
  int adults = 1;
  int kids = 0;
  bool baby = false;
  bool dog = false;
  bool cat = false;
  bool nut_allergy = false;
  int income = 1;  // 0 low, 1 middle, 2 high
};

int Draw(Random& rng, std::initializer_list<double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  double pick = rng.Unit() * total;
  int index = 0;
  for (double w : weights) {
    pick -= w;
    if (pick < 0) return index;
    ++index;
  }
  return index - 1;
}

double Round2(double x) { return std::round(x * 100) / 100; }

HouseholdTraits MakeHousehold(Random& rng) {
  HouseholdTraits h;
  h.size = 1 + Draw(rng, {28, 34, 15, 13, 6, 4});
  h.adults = h.size == 1 ? 1 : rng.Chance(0.85) ? 2 : 1;
  if (h.size >= 4 && rng.Chance(0.1)) h.adults = 3;  // a grandparent or adult child
  h.kids = h.size - h.adults;
  h.baby = h.kids > 0 && rng.Chance(0.3);
  h.dog = rng.Chance(0.33);
  h.cat = rng.Chance(0.28);
  h.nut_allergy = rng.Chance(h.kids > 0 ? 0.08 : 0.02);
  h.income = Draw(rng, {30, 50, 20});
  return h;
}

std::string HouseholdAttributes(const HouseholdTraits& h, Random& rng) {
  static constexpr const char* kIncome[] = {"low", "middle", "high"};
  nlohmann::json json = {{"adults", h.adults},
                         {"income", kIncome[h.income]},
                         {"zip", absl::StrFormat("981%02d", rng.Range(1, 99))}};
  std::vector<std::string> pets;
  if (h.dog) pets.push_back("dog");
  if (h.cat) pets.push_back("cat");
  json["pets"] = pets;
  json["baby"] = h.baby;
  return json.dump();
}

ShopperProfile MakeProfile(const HouseholdTraits& h, int household, const ShopperOptions& options,
                           Random& rng) {
  ShopperProfile p;
  p.household = household;
  p.household_size = h.size;
  p.dog = h.dog;
  p.cat = h.cat;
  p.baby = h.baby;
  double diet = rng.Unit();
  if (diet < 0.06) {
    p.restrictions |= kVegan;
  } else if (diet < 0.13) {
    p.restrictions |= kVegetarian;
  }
  if (!(p.restrictions & kVegan)) {
    if (rng.Chance(0.08)) {
      p.restrictions |= kLactoseFree;
    } else if (rng.Chance(0.03)) {
      p.restrictions |= kDairyFree;
    }
  }
  if (rng.Chance(0.05)) p.restrictions |= kGlutenFree;
  if (h.nut_allergy) p.restrictions |= kNutFree;
  if (rng.Chance(0.10 + 0.10 * h.income)) p.preferences.push_back("organic");
  if (rng.Chance(0.10)) p.preferences.push_back("low-sugar");
  if (!(p.restrictions & kVegan) && rng.Chance(0.04)) p.preferences.push_back("keto");
  p.price_sensitivity =
      Round2(std::clamp(0.75 - 0.25 * h.income + rng.Normal(0, 0.15), 0.02, 0.98));
  p.brand_loyalty = Round2(0.55 + 0.42 * rng.Unit());
  p.exploration = Round2(0.4 + 2.0 * rng.Unit());
  p.trip_interval_days = static_cast<int>(
      std::clamp<int64_t>(std::llround(rng.Normal(9.0 - 0.5 * (h.size - 2), 2.2)), 4, 16));
  p.first_day = 0;
  p.last_day = options.period_days - 1;
  // Some shoppers join during the period, some stop shopping before its end.
  if (rng.Chance(0.12) && options.period_days * 2 / 3 > 14) {
    p.first_day = static_cast<int>(rng.Range(14, options.period_days * 2 / 3));
  }
  if (rng.Chance(0.08) && p.first_day + 30 < options.period_days - 1) {
    p.last_day = static_cast<int>(rng.Range(p.first_day + 30, options.period_days - 1));
  }
  static constexpr const char* kChannels[] = {"delivery", "pickup", "in_store"};
  p.channel = kChannels[Draw(rng, {40, 35, 25})];
  return p;
}

void ChooseStaples(const DemoCatalog& catalog, const HouseholdTraits& h, ShopperProfile& p,
                   Random& rng) {
  const bool avoids_dairy = p.restrictions & (kVegan | kDairyFree | kLactoseFree);
  const bool avoids_meat = p.restrictions & (kVegan | kVegetarian);
  for (int pass = 0; pass < 2 && (pass == 0 || p.staples.size() < 5); ++pass) {
    for (const ProductLine& line : catalog.lines) {
      if (line.cycle_days == 0 || catalog.line_products[line.index].empty()) continue;
      if (!p.Needs(line.traits.needs)) continue;
      bool taken = std::any_of(p.staples.begin(), p.staples.end(), [&](const Staple& s) {
        return catalog.info[s.product].line == line.index;
      });
      if (taken) continue;
      // `reach` is the share of households buying the line at all; about
      // half of them buy it often enough to count as a staple.
      double chance = line.reach / 200.0;
      if ((line.traits.alt == "dairy" && avoids_dairy) ||
          (line.traits.alt == "meat" && avoids_meat)) {
        chance = std::min(0.6, chance * 6);
      }
      chance = std::min(0.95, chance * std::clamp(0.75 + 0.1 * h.size, 0.8, 1.25) * (pass + 1));
      if (!rng.Chance(chance)) continue;
      int product = ChooseProduct(catalog, p, {.line = line.index}, rng);
      if (product < 0) continue;
      const std::string& brand = catalog.products[product].brand;
      if (!brand.empty()) p.preferred_brands.emplace(line.category(), brand);
      double cycle =
          line.cycle_days * std::clamp(1.3 - 0.1 * h.size, 0.8, 1.2) * (0.75 + 0.6 * rng.Unit());
      int base = std::max(1, catalog.info[product].quantity);
      double quantity = base * (1 + 0.2 * (h.size - 1) * rng.Unit());
      p.staples.push_back({product,
                           std::max(static_cast<int>(std::lround(cycle)), p.trip_interval_days),
                           static_cast<int>(std::clamp<long>(std::lround(quantity), 1, 6))});
    }
  }
  std::sort(p.staples.begin(), p.staples.end(),
            [](const Staple& a, const Staple& b) { return a.product < b.product; });
}

std::string UserAttributes(const DemoCatalog& catalog, const ShopperProfile& p) {
  nlohmann::json staples = nlohmann::json::array();
  for (const Staple& s : p.staples) {
    staples.push_back({{"product_id", catalog.products[s.product].external_id},
                       {"cycle_days", s.cycle_days},
                       {"quantity", s.quantity}});
  }
  nlohmann::json json = {{"dietary", RestrictionNames(p.restrictions)},
                         {"preferences", p.preferences},
                         {"price_sensitivity", p.price_sensitivity},
                         {"brand_loyalty", p.brand_loyalty},
                         {"exploration", p.exploration},
                         {"trip_interval_days", p.trip_interval_days},
                         {"channel", p.channel},
                         {"preferred_brands", p.preferred_brands},
                         {"staples", staples}};
  return json.dump();
}

}  // namespace

ShopperPopulation GenerateShoppers(const DemoCatalog& catalog, const ShopperOptions& options) {
  ShopperPopulation population;
  Random rng(options.seed ^ 0x5B0FFE125ULL);
  while (static_cast<int>(population.users.size()) < options.shoppers) {
    HouseholdTraits traits = MakeHousehold(rng);
    const int household = static_cast<int>(population.households.size());
    Household record;
    record.shop_id = options.shop_id;
    record.external_id = absl::StrFormat("H%04d", household + 1);
    record.size = traits.size;
    record.kids = traits.kids;
    record.attributes = HouseholdAttributes(traits, rng);
    population.households.push_back(std::move(record));

    int shoppers = traits.adults >= 2 && rng.Chance(0.3) ? 2 : 1;
    shoppers = std::min(shoppers, options.shoppers - static_cast<int>(population.users.size()));
    for (int i = 0; i < shoppers; ++i) {
      ShopperProfile profile = MakeProfile(traits, household, options, rng);
      ChooseStaples(catalog, traits, profile, rng);
      User user;
      user.shop_id = options.shop_id;
      user.external_id = absl::StrFormat("U%04d", population.users.size() + 1);
      user.household_external_id = population.households.back().external_id;
      user.attributes = UserAttributes(catalog, profile);
      // Joined before the period, or on their first day of shopping.
      int64_t joined_day =
          profile.first_day > 0 ? profile.first_day - rng.Range(0, 3) : -rng.Range(30, 900);
      user.created_at = options.period_start + joined_day * kMicrosPerDay +
                        rng.Range(7 * 3600, 22 * 3600) * kMicrosPerSecond;
      population.users.push_back(std::move(user));
      population.profiles.push_back(std::move(profile));
    }
  }
  return population;
}

}  // namespace leafloaf::demo
