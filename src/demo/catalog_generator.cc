#include "demo/catalog_generator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "demo/catalog_tables.h"
#include "demo/diet.h"
#include "demo/pricing.h"
#include "demo/product_text.h"

namespace leafloaf::demo {
namespace {

struct Candidate {
  int line, brand, variant, size;
  bool core;
  double weight;  // relative chance to be kept when sampling
};

absl::StatusOr<std::vector<ProductLine>> ParseAllLines() {
  std::vector<ProductLine> lines;
  std::vector<LineSpec> specs = AllLineSpecs();
  for (size_t i = 0; i < specs.size(); ++i) {
    LL_ASSIGN_OR_RETURN(ProductLine line, ParseLine(specs[i], static_cast<int>(i)));
    lines.push_back(std::move(line));
  }
  return lines;
}

bool Carries(const Option& brand, const Option& variant) {
  const auto& only = variant.traits.only;
  return only.empty() || std::find(only.begin(), only.end(), brand.name) != only.end();
}

std::vector<Candidate> Enumerate(const std::vector<ProductLine>& lines) {
  std::vector<Candidate> candidates;
  for (const ProductLine& line : lines) {
    // Thins big grids more than small ones, so that every aisle keeps a choice.
    const double line_factor = std::pow(
        static_cast<double>(line.brands.size() * line.variants.size() * line.sizes.size()), -0.3);
    for (int b = 0; b < static_cast<int>(line.brands.size()); ++b) {
      const Option& brand = line.brands[b];
      const bool store = brand.traits.tier == Tier::kStore;
      for (int v = 0; v < static_cast<int>(line.variants.size()); ++v) {
        const Option& variant = line.variants[v];
        if (!Carries(brand, variant)) continue;
        for (int s = 0; s < static_cast<int>(line.sizes.size()); ++s) {
          bool core = line.traits.core || brand.traits.core || variant.traits.core;
          double weight = 1.0 / (1.0 + 0.25 * v) / (1.0 + 0.12 * b) * (s == 0 ? 1.0 : 0.75) *
                          (store ? 1.5 : 1.0) * line_factor;
          candidates.push_back({line.index, b, v, s, core, weight});
        }
      }
    }
  }
  return candidates;
}

// Keeps all core candidates and a weighted sample of the others (Efraimidis-
// Spirakis: the largest log(u)/weight keys win). Returns indices in order.
std::vector<int> Select(const std::vector<Candidate>& candidates, int count, Random& rng) {
  std::vector<int> kept;
  std::vector<std::pair<double, int>> keyed;
  for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
    if (candidates[i].core) {
      kept.push_back(i);
    } else {
      double u = std::max(rng.Unit(), 1e-300);
      keyed.emplace_back(std::log(u) / candidates[i].weight, i);
    }
  }
  size_t wanted = static_cast<size_t>(count) - kept.size();
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; i < wanted; ++i) kept.push_back(keyed[i].second);
  std::sort(kept.begin(), kept.end());
  return kept;
}

// A 12-digit UPC-A: number system 0, a 5-digit maker, a 5-digit item, check.
std::string Upc(int maker, int item) {
  std::string digits = absl::StrFormat("0%05d%05d", maker, item);
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 3 : 1);
  return absl::StrCat(digits, (10 - sum % 10) % 10);
}

bool HasTag(const Traits& traits, std::string_view tag) {
  return std::find(traits.tags.begin(), traits.tags.end(), tag) != traits.tags.end();
}

Product MakeProduct(const ProductLine& line, const Candidate& c, const CatalogOptions& options,
                    Random& rng, ProductInfo& info) {
  ProductParts parts;
  parts.line = &line;
  parts.brand = &line.brands[c.brand];
  parts.variant = &line.variants[c.variant];
  parts.size = &line.sizes[c.size];
  parts.traits = MergeTraits(MergeTraits(line.traits, parts.brand->traits), parts.variant->traits);
  parts.tier = parts.traits.tier.value_or(Tier::kNational);
  parts.contains = parts.traits.add_contains;
  parts.tags = parts.traits.tags;
  ReconcileTags(parts.contains, parts.tags);

  const bool organic = HasTag(parts.traits, "organic");
  const bool organic_upgrade = organic && !HasTag(line.traits, "organic");
  double cents = static_cast<double>(line.base_cents) * TierPriceFactor(parts.tier) *
                 parts.traits.price_factor * (organic_upgrade ? 1.2 : 1.0) *
                 SizePriceFactor(*parts.size, line.sizes[0]) * (0.94 + 0.12 * rng.Unit());

  Product product;
  product.shop_id = options.shop_id;
  product.name = ComposeName(parts);
  product.brand = parts.brand->name;
  product.category = line.category();
  product.price_cents = ShelfPrice(cents);
  product.size = parts.size->amount;
  product.unit = parts.size->unit;
  product.dietary_tags = parts.tags;
  product.description = ComposeDescription(parts);
  product.stock = rng.Chance(0.03) ? 0 : rng.Range(4, 240);
  product.attributes = ComposeAttributes(parts);
  product.updated_at = options.updated_at;

  info = ProductInfo{};
  info.line = line.index;
  info.brand = c.brand;
  info.variant = c.variant;
  info.size = c.size;
  info.tier = parts.tier;
  info.contains = parts.contains;
  info.lactose_free = HasTag(parts.traits, "lactose-free");
  info.organic = organic;
  info.season_months = parts.traits.season_months;
  info.needs = parts.traits.needs;
  info.alt = parts.traits.alt;
  info.flavor = parts.traits.flavor;
  info.quantity = parts.traits.quantity;
  return product;
}

}  // namespace

absl::StatusOr<CatalogCapacity> MeasureCatalog() {
  LL_ASSIGN_OR_RETURN(std::vector<ProductLine> lines, ParseAllLines());
  CatalogCapacity capacity;
  for (const Candidate& c : Enumerate(lines)) {
    ++capacity.candidates;
    capacity.core += c.core;
  }
  return capacity;
}

absl::StatusOr<DemoCatalog> GenerateCatalog(const CatalogOptions& options) {
  DemoCatalog catalog;
  LL_ASSIGN_OR_RETURN(catalog.lines, ParseAllLines());
  std::vector<Candidate> candidates = Enumerate(catalog.lines);
  int core = static_cast<int>(std::count_if(candidates.begin(), candidates.end(),
                                            [](const Candidate& c) { return c.core; }));
  if (options.products < core || options.products > static_cast<int>(candidates.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the demo catalog holds between %d and %d products, not %d", core,
                        candidates.size(), options.products));
  }
  Random rng(options.seed ^ 0xC47A106ULL);
  std::vector<int> kept = Select(candidates, options.products, rng);

  catalog.line_products.resize(catalog.lines.size());
  catalog.products.reserve(kept.size());
  catalog.info.resize(kept.size());
  std::map<std::string, int> makers;  // brand -> maker code, in name order
  for (int index : kept) {
    const Candidate& c = candidates[index];
    makers.emplace(catalog.lines[c.line].brands[c.brand].name, 0);
  }
  int next_maker = 10000;
  for (auto& [brand, code] : makers) code = (next_maker += 37);
  std::map<std::string, int> items_per_brand;
  for (int index : kept) {
    const Candidate& c = candidates[index];
    const ProductLine& line = catalog.lines[c.line];
    int product_index = static_cast<int>(catalog.products.size());
    Product product = MakeProduct(line, c, options, rng, catalog.info[product_index]);
    product.external_id = absl::StrFormat("P%06d", product_index + 1);
    product.sku = Upc(makers[product.brand] % 100000, ++items_per_brand[product.brand]);
    catalog.line_products[c.line].push_back(product_index);
    catalog.products.push_back(std::move(product));
  }
  return catalog;
}

}  // namespace leafloaf::demo
