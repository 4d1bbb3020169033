#include "demo/demo_data.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace leafloaf {
namespace {

// Days since the epoch of the civil date `months` months before y-m-d,
// clamped to the end of a shorter month (Oct 31 - 6 months = Apr 30).
int64_t DaysMonthsBefore(int year, int month, int day, int months) {
  int index = year * 12 + (month - 1) - months;
  int y = index / 12;
  int m = index % 12 + 1;
  int64_t first = DaysFromCivil(y, m, 1);
  int64_t next = m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
  return first + std::min<int64_t>(day, next - first) - 1;
}

class Hasher {
 public:
  void Add(std::string_view s) {
    for (unsigned char c : s) Byte(c);
    Byte(0xFF);  // field separator
  }
  void Add(int64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Add(double v) {
    int64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    Add(bits);
  }
  template <typename... T>
  void Strings(const T&... s) {
    (Add(std::string_view(s)), ...);
  }
  uint64_t value() const { return hash_; }

 private:
  void Byte(uint8_t b) {
    hash_ ^= b;
    hash_ *= 0x100000001B3ULL;
  }
  uint64_t hash_ = 0xCBF29CE484222325ULL;
};

}  // namespace

absl::StatusOr<DemoData> GenerateDemoData(const DemoOptions& options) {
  if (options.shop_id.empty()) return absl::InvalidArgumentError("demo shop id is empty");
  if (options.shoppers < 1) return absl::InvalidArgumentError("demo needs at least one shopper");
  if (options.months < 1 || options.months > 24) {
    return absl::InvalidArgumentError(
        absl::StrFormat("demo months must be 1..24, not %d", options.months));
  }
  int year, month, day;
  if (options.end_date.size() != 10 ||
      std::sscanf(options.end_date.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) {
    return absl::InvalidArgumentError(
        absl::StrFormat("demo end date '%s' is not YYYY-MM-DD", options.end_date));
  }
  LL_ASSIGN_OR_RETURN(Micros end_day, MakeUtc(year, month, day));

  DemoData data;
  data.period_end = end_day + kMicrosPerDay;
  data.period_start = (DaysMonthsBefore(year, month, day, options.months) + 1) * kMicrosPerDay;
  const int period_days = static_cast<int>((data.period_end - data.period_start) / kMicrosPerDay);

  LL_ASSIGN_OR_RETURN(data.catalog, demo::GenerateCatalog({.shop_id = options.shop_id,
                                                           .seed = options.seed,
                                                           .products = options.products,
                                                           .updated_at = end_day}));
  data.population = demo::GenerateShoppers(data.catalog, {.shop_id = options.shop_id,
                                                          .seed = options.seed,
                                                          .shoppers = options.shoppers,
                                                          .period_start = data.period_start,
                                                          .period_days = period_days});
  data.history = demo::SimulateOrders(data.catalog, data.population,
                                      {.shop_id = options.shop_id,
                                       .seed = options.seed,
                                       .period_start = data.period_start,
                                       .period_days = period_days});
  return data;
}

uint64_t Fingerprint(const DemoData& data) {
  Hasher h;
  for (const Product& p : data.catalog.products) {
    h.Strings(p.shop_id, p.external_id, p.sku, p.name, p.brand, p.category, p.unit, p.description,
              p.attributes);
    for (const std::string& tag : p.dietary_tags) h.Add(tag);
    h.Add(p.price_cents);
    h.Add(p.size);
    h.Add(p.stock);
    h.Add(p.updated_at);
  }
  for (const Household& x : data.population.households) {
    h.Strings(x.shop_id, x.external_id, x.attributes);
    h.Add(int64_t{x.size});
    h.Add(int64_t{x.kids});
  }
  for (const User& u : data.population.users) {
    h.Strings(u.shop_id, u.external_id, u.household_external_id, u.attributes);
    h.Add(u.created_at);
  }
  for (const Order& o : data.history.orders) {
    h.Strings(o.shop_id, o.external_id, o.user_external_id, o.status, o.attributes);
    h.Add(o.placed_at);
  }
  for (const OrderLine& l : data.history.lines) {
    h.Strings(l.shop_id, l.order_external_id, l.product_external_id, l.attributes);
    h.Add(l.quantity);
    h.Add(l.unit_price_cents);
    h.Add(l.discount_cents);
  }
  return h.value();
}

}  // namespace leafloaf
