#include "demo/order_simulator.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/random.h"
#include "demo/product_choice.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

struct Item {
  int product;
  int quantity;
};

struct Trip {
  Micros at = 0;
  int user = 0;
  int day = 0;
  std::string channel;
  std::vector<Item> items;
};

// Month 1..12 of each day of the period.
std::vector<int> MonthsOfPeriod(Micros start, int days) {
  std::vector<int> months;
  for (int day = 0; day < days; ++day) {
    std::string iso = FormatIsoTime(start + day * kMicrosPerDay);  // YYYY-MM-DD...
    months.push_back((iso[5] - '0') * 10 + (iso[6] - '0'));
  }
  return months;
}

// Cumulative pick weights of the lines for exploration in one month:
// popular lines more often, seasonal lines only (and favoured) in season.
std::vector<double> ExplorationWeights(const DemoCatalog& catalog, int month) {
  std::vector<double> cumulative;
  double total = 0;
  for (const ProductLine& line : catalog.lines) {
    double w = catalog.line_products[line.index].empty() ? 0 : line.reach + 5.0;
    if (line.traits.season_months != 0) {
      w *= (line.traits.season_months & (1u << (month - 1))) ? 6.0 : 0.0;
    }
    total += w;
    cumulative.push_back(total);
  }
  return cumulative;
}

int PickLine(const std::vector<double>& cumulative, Random& rng) {
  double pick = rng.Unit() * cumulative.back();
  return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), pick) -
                          cumulative.begin());
}

void AddItem(std::vector<Item>& items, int product, int quantity) {
  for (Item& item : items) {
    if (item.product == product) {
      item.quantity += quantity;
      return;
    }
  }
  items.push_back({product, quantity});
}

Micros TimeOfDay(Random& rng) {
  // Shopping peaks late morning and early evening.
  static constexpr int kHourWeights[24] = {0, 0, 0, 0, 0, 0,  1,  3, 5, 7, 9, 9,
                                           8, 7, 6, 6, 8, 10, 10, 8, 5, 3, 1, 0};
  int total = 0;
  for (int w : kHourWeights) total += w;
  int pick = static_cast<int>(rng.Uniform(total));
  int hour = 0;
  while (pick >= kHourWeights[hour]) pick -= kHourWeights[hour++];
  return (hour * 3600 + rng.Range(0, 3599)) * kMicrosPerSecond;
}

void SimulateShopper(const DemoCatalog& catalog, const ShopperProfile& p, int user,
                     const OrderOptions& options, const std::vector<int>& months,
                     const std::vector<std::vector<double>>& explore, std::vector<Trip>& trips) {
  Random seeder(options.seed ^ (0x0DE25ULL + static_cast<uint64_t>(user) * 0x9E3779B97F4A7C15ULL));
  Random rng(seeder.Next());
  const int interval = p.trip_interval_days;
  std::vector<int> next_due;
  for (const Staple& staple : p.staples) {
    next_due.push_back(p.first_day + static_cast<int>(rng.Range(0, staple.cycle_days - 1)));
  }
  static constexpr const char* kChannels[] = {"delivery", "pickup", "in_store"};
  for (int day = p.first_day + static_cast<int>(rng.Range(0, interval - 1)); day <= p.last_day;
       day += std::max<int>(2, interval + static_cast<int>(rng.Range(-2, 2)))) {
    const int month = months[day];
    Trip trip;
    for (size_t i = 0; i < p.staples.size(); ++i) {
      const Staple& staple = p.staples[i];
      if (day + interval / 2 < next_due[i]) continue;  // not due before the next trip
      if (rng.Chance(0.04)) continue;                  // forgotten; still due next time
      int product = staple.product;
      if (!rng.Chance(p.brand_loyalty)) {
        // A switch: another brand, variant or size, most likely resembling the usual.
        int other = ChooseProduct(catalog, p,
                                  {.line = catalog.info[product].line,
                                   .month = month,
                                   .exclude = product,
                                   .like = product,
                                   .any_brand = true},
                                  rng);
        if (other >= 0) product = other;
      }
      int quantity = staple.quantity;
      if (rng.Chance(0.2)) quantity = std::max(1, quantity + (rng.Chance(0.5) ? 1 : -1));
      AddItem(trip.items, product, quantity);
      next_due[i] =
          day +
          std::max(1, static_cast<int>(std::lround(staple.cycle_days * (1 + rng.Normal(0, 0.12)))));
    }
    int explored = 0;
    while (explored < 6 && rng.Chance(p.exploration / (1 + p.exploration))) ++explored;
    for (int attempt = 0; explored > 0 && attempt < 3 * explored; ++attempt) {
      int line = PickLine(explore[month - 1], rng);
      if (!p.Needs(catalog.lines[line].traits.needs)) continue;
      int product = ChooseProduct(catalog, p, {.line = line, .month = month}, rng);
      if (product < 0) continue;
      AddItem(trip.items, product, rng.Chance(0.15) ? 2 : 1);
      --explored;
    }
    if (trip.items.empty()) continue;
    trip.user = user;
    trip.day = day;
    trip.at = options.period_start + day * kMicrosPerDay + TimeOfDay(rng);
    trip.channel = rng.Chance(0.85) ? p.channel : kChannels[rng.Uniform(3)];
    trips.push_back(std::move(trip));
  }
}

}  // namespace

OrderHistory SimulateOrders(const DemoCatalog& catalog, const ShopperPopulation& population,
                            const OrderOptions& options) {
  const std::vector<int> months = MonthsOfPeriod(options.period_start, options.period_days);
  std::vector<std::vector<double>> explore;
  for (int month = 1; month <= 12; ++month) explore.push_back(ExplorationWeights(catalog, month));

  std::vector<Trip> trips;
  for (size_t user = 0; user < population.profiles.size(); ++user) {
    SimulateShopper(catalog, population.profiles[user], static_cast<int>(user), options, months,
                    explore, trips);
  }
  std::sort(trips.begin(), trips.end(), [](const Trip& a, const Trip& b) {
    return std::tie(a.at, a.user) < std::tie(b.at, b.user);
  });

  OrderHistory history;
  Random rng(options.seed ^ 0x9121CE5ULL);
  const double span = std::max(1, options.period_days - 1);
  for (const Trip& trip : trips) {
    Order order;
    order.shop_id = options.shop_id;
    order.external_id = absl::StrFormat("O%06d", history.orders.size() + 1);
    order.user_external_id = population.users[trip.user].external_id;
    order.placed_at = trip.at;
    order.status = "completed";
    order.attributes = nlohmann::json{{"channel", trip.channel}}.dump();
    // Prices were up to 3% lower at the start of the period.
    const double drift = 1.0 - 0.03 * (options.period_days - 1 - trip.day) / span;
    for (const Item& item : trip.items) {
      OrderLine line;
      line.shop_id = options.shop_id;
      line.order_external_id = order.external_id;
      line.product_external_id = catalog.products[item.product].external_id;
      line.quantity = item.quantity;
      line.unit_price_cents = std::llround(catalog.products[item.product].price_cents * drift);
      if (rng.Chance(0.06)) {
        line.discount_cents =
            std::llround(line.unit_price_cents * item.quantity * (0.1 + 0.2 * rng.Unit()));
      }
      history.lines.push_back(std::move(line));
      history.line_product.push_back(item.product);
    }
    history.orders.push_back(std::move(order));
    history.order_user.push_back(trip.user);
  }
  return history;
}

}  // namespace leafloaf::demo
