#include "search/facets.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "catalog/dietary.h"

namespace leafloaf::search {
namespace {

constexpr size_t kMaxValues = 20;

struct PriceBucket {
  const char* label;
  int64_t below_cents;
};
constexpr PriceBucket kPriceBuckets[] = {
    {"0-2", 200}, {"2-5", 500}, {"5-10", 1000}, {"10-20", 2000}, {"20+", INT64_MAX}};

std::vector<FacetCount> Top(std::vector<FacetCount> counts) {
  counts.erase(std::remove_if(counts.begin(), counts.end(),
                              [](const FacetCount& c) { return c.count == 0 || c.value.empty(); }),
               counts.end());
  auto order = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  size_t keep = std::min(counts.size(), kMaxValues);
  std::partial_sort(counts.begin(), counts.begin() + static_cast<ptrdiff_t>(keep), counts.end(), order);
  counts.resize(keep);
  return counts;
}

}  // namespace

std::vector<std::string> TagNames(uint32_t mask) {
  std::vector<std::string> names;
  auto known = KnownDietaryTags();
  for (size_t i = 0; i < known.size() && i < 32; ++i) {
    if (mask >> i & 1) names.emplace_back(known[i]);
  }
  return names;
}

Facets CountFacets(const DocTable& docs, size_t n, const std::function<uint32_t(size_t)>& doc_at) {
  std::vector<int64_t> brands(docs.brand_count()), categories(docs.category_count());
  std::array<int64_t, 32> tags{};
  std::array<int64_t, std::size(kPriceBuckets)> prices{};
  Facets facets;
  for (size_t i = 0; i < n; ++i) {
    const DocInfo& d = docs.info(doc_at(i));
    ++brands[d.brand];
    ++categories[d.category];
    for (uint32_t m = d.tags; m; m &= m - 1) ++tags[static_cast<size_t>(__builtin_ctz(m))];
    size_t b = 0;
    while (d.price_cents >= kPriceBuckets[b].below_cents) ++b;
    ++prices[b];
    facets.in_stock += d.in_stock;
  }
  std::vector<FacetCount> brand, category;
  absl::flat_hash_map<std::string, int64_t> departments;
  for (size_t id = 1; id < brands.size(); ++id) {
    if (brands[id]) brand.push_back({docs.brand_name(static_cast<uint32_t>(id)), brands[id]});
  }
  for (size_t id = 1; id < categories.size(); ++id) {
    if (!categories[id]) continue;
    const std::string& path = docs.category_name(static_cast<uint32_t>(id));
    category.push_back({path, categories[id]});
    departments[path.substr(0, path.find(kCategorySeparator))] += categories[id];
  }
  std::vector<FacetCount> department;
  for (auto& [name, count] : departments) department.push_back({name, count});
  std::vector<FacetCount> tag_counts;
  std::vector<std::string> tag_names = TagNames(0xFFFFFFFFu);
  for (size_t i = 0; i < tag_names.size(); ++i) tag_counts.push_back({tag_names[i], tags[i]});
  facets.brand = Top(std::move(brand));
  facets.category = Top(std::move(category));
  facets.department = Top(std::move(department));
  facets.dietary_tags = Top(std::move(tag_counts));
  for (size_t b = 0; b < std::size(kPriceBuckets); ++b) {
    if (prices[b]) facets.price_range.push_back({kPriceBuckets[b].label, prices[b]});
  }
  return facets;
}

}  // namespace leafloaf::search
