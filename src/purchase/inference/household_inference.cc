#include "purchase/inference/household_inference.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "personalize/attribute_extractor.h"
#include "purchase/inference/product_text.h"

namespace leafloaf::purchase {
namespace {

constexpr Micros kWeek = int64_t{7} * 24 * 3600 * 1'000'000;
constexpr Micros kPeriod = 4 * kWeek;

// Percentile ranks in [0, 1]; ties share their mean rank.
std::vector<double> PercentileRanks(const std::vector<double>& values) {
  const size_t n = values.size();
  std::vector<double> ranks(n, 0.5);
  if (n < 2) return ranks;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    while (end < n && values[order[end]] == values[order[begin]]) ++end;
    const double rank = (static_cast<double>(begin) + static_cast<double>(end - 1)) / 2 /
                        static_cast<double>(n - 1);
    for (size_t i = begin; i < end; ++i) ranks[order[i]] = rank;
    begin = end;
  }
  return ranks;
}

// Bucket of a rank in [0, 1] against cumulative boundaries, and how deep it
// lies inside (0.5 at an edge, 1 at the centre).
std::pair<int, double> Bucket(double rank, const std::vector<double>& boundaries) {
  double low = 0;
  for (size_t b = 0; b <= boundaries.size(); ++b) {
    const double high = b < boundaries.size() ? boundaries[b] : 1.0;
    if (rank < high || b == boundaries.size()) {
      const double half = (high - low) / 2;
      const double depth = half <= 0 ? 0 : std::min(rank - low, high - rank) / half;
      return {static_cast<int>(b), 0.5 + 0.5 * std::clamp(depth, 0.0, 1.0)};
    }
    low = high;
  }
  return {static_cast<int>(boundaries.size()), 0.5};
}

}  // namespace

bool IsKidsProduct(const Product& product, const personalize::AttributeExtractor& extractor) {
  const std::string text = ProductText(product);
  if (MatchesAnyPhrase(text, "formula") && MatchesAnyPhrase(text, "infant|baby")) return true;
  const std::vector<std::string> attributes =
      extractor.Extract(text, "", product.dietary_tags, product.attributes);
  return std::find(attributes.begin(), attributes.end(), "kids") != attributes.end() ||
         std::find(attributes.begin(), attributes.end(), "baby") != attributes.end();
}

HouseholdInference HouseholdInference::Build(const PurchaseHistory& history,
                                             const ProductCatalog& catalog,
                                             const HouseholdOptions& options,
                                             std::span<const PricedOrder> orders) {
  std::vector<bool> kids_product(history.num_products());
  std::vector<std::string> leaf(history.num_products());
  const personalize::AttributeExtractor extractor;
  for (ProductIndex p = 0; p < history.num_products(); ++p) {
    kids_product[p] = IsKidsProduct(catalog.product(p), extractor);
    leaf[p] = std::string(LeafCategory(catalog.product(p).category));
  }
  const size_t num_users = history.num_users();
  HouseholdInference inference;
  inference.estimates_.resize(num_users);
  std::vector<double> items_per_week(num_users), quantity(num_users), variety(num_users),
      kids(num_users), spend(num_users);
  for (const PricedOrder& order : orders) {
    for (const PricedLine& line : order.lines) {
      const Cents price = line.unit_price_cents > 0 ? line.unit_price_cents
                                                    : catalog.product(line.product).price_cents;
      if (price > 0) spend[order.user] += line.quantity * static_cast<double>(price);
    }
  }
  absl::flat_hash_map<std::pair<std::string_view, int64_t>, absl::flat_hash_set<ProductIndex>>
      groups;
  for (UserIndex u = 0; u < num_users; ++u) {
    HouseholdSignals& s = inference.estimates_[u].signals;
    const std::span<const Basket> baskets = history.baskets(u);
    s.baskets = static_cast<int>(baskets.size());
    if (baskets.empty()) continue;
    groups.clear();
    size_t items = 0;
    double quantity_sum = 0;
    for (const Basket& basket : baskets) {
      for (const BasketItem& item : basket.items) {
        ++items;
        quantity_sum += std::min(10.0, static_cast<double>(item.quantity));
        if (kids_product[item.product]) ++s.kids_items;
        if (!leaf[item.product].empty()) {
          groups[{leaf[item.product], basket.placed_at / kPeriod}].insert(item.product);
        }
      }
    }
    const double weeks = std::max(
        1.0, static_cast<double>(baskets.back().placed_at - baskets.front().placed_at) / kWeek);
    s.items_per_week = static_cast<double>(items) / weeks;
    s.quantity_per_item = quantity_sum / static_cast<double>(items);
    size_t varied = 0;
    for (const auto& [key, products] : groups) varied += products.size() >= 2 ? 1 : 0;
    s.variety =
        groups.empty() ? 0 : static_cast<double>(varied) / static_cast<double>(groups.size());
    s.kids_share = static_cast<double>(s.kids_items) / static_cast<double>(items);
    items_per_week[u] = s.items_per_week;
    quantity[u] = s.quantity_per_item;
    variety[u] = s.variety;
    kids[u] = s.kids_share;
    spend[u] /= weeks;
    s.spend_per_week_cents = spend[u];
  }
  const std::vector<double> r_volume = PercentileRanks(items_per_week);
  const std::vector<double> r_quantity = PercentileRanks(quantity);
  const std::vector<double> r_variety = PercentileRanks(variety);
  const std::vector<double> r_kids = PercentileRanks(kids);
  const std::vector<double> r_spend = PercentileRanks(spend);
  std::array<double, 5> w = options.signal_weights;
  if (orders.empty()) w[4] = 0;
  const double weight_sum = w[0] + w[1] + w[2] + w[3] + w[4];
  std::vector<double> size_score(num_users), kids_score(num_users);
  for (UserIndex u = 0; u < num_users; ++u) {
    size_score[u] = weight_sum <= 0 ? 0.5
                                    : (w[0] * r_volume[u] + w[1] * r_quantity[u] +
                                       w[2] * r_variety[u] + w[3] * r_kids[u] + w[4] * r_spend[u]) /
                                          weight_sum;
    kids_score[u] = options.kids_weight * r_kids[u] + (1 - options.kids_weight) * size_score[u];
  }
  const std::vector<double> size_rank = PercentileRanks(size_score);
  const std::vector<double> kids_rank = PercentileRanks(kids_score);
  const std::vector<double> size_boundaries = {options.size_shares[0],
                                               options.size_shares[0] + options.size_shares[1]};
  const std::vector<double> kids_boundaries = {1 - options.kids_share};
  for (UserIndex u = 0; u < num_users; ++u) {
    HouseholdEstimate& e = inference.estimates_[u];
    const double evidence = e.signals.baskets / (e.signals.baskets + 5.0);
    e.size_score = size_score[u];
    e.kids_score = kids_score[u];
    const auto [size_bucket, size_depth] = Bucket(size_rank[u], size_boundaries);
    e.size_bucket = size_bucket + 1;
    e.size_confidence = size_depth * evidence;
    const auto [kids_bucket, kids_depth] = Bucket(kids_rank[u], kids_boundaries);
    e.has_kids = kids_bucket == 1;
    e.kids_confidence = kids_depth * evidence;
  }
  return inference;
}

}  // namespace leafloaf::purchase
