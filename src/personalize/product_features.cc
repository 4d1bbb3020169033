#include "personalize/product_features.h"

#include <algorithm>

#include "catalog/dietary.h"
#include "common/strings.h"

namespace leafloaf::personalize {

bool IsDietaryTag(std::string_view attribute) {
  std::span<const std::string_view> tags = KnownDietaryTags();
  return std::binary_search(tags.begin(), tags.end(), attribute);
}

std::string_view TopLevelCategory(std::string_view category) {
  size_t sep = category.find(kCategorySeparator);
  return sep == std::string_view::npos ? category : category.substr(0, sep);
}

ProductFeatures FeaturesFromProduct(const Product& product, const AttributeExtractor& extractor) {
  ProductFeatures f;
  f.product_id = product.external_id;
  f.category = product.category;
  f.department = std::string(TopLevelCategory(product.category));
  f.brand = product.brand;
  f.dietary_tags = product.dietary_tags;
  f.attributes = extractor.Extract(product.name, product.description, product.dietary_tags,
                                   product.attributes);
  f.price_cents = product.price_cents;
  f.size = product.size;
  f.unit = product.unit;
  return f;
}

FeatureTable FeatureTable::Build(std::span<const Product> products,
                                 const AttributeExtractor& extractor) {
  FeatureTable table;
  absl::flat_hash_map<std::string, std::vector<Cents>> prices;
  for (const Product& p : products) {
    if (p.price_cents > 0 && !p.category.empty()) prices[p.category].push_back(p.price_cents);
  }
  for (auto& [category, list] : prices) {
    auto mid = list.begin() + static_cast<std::ptrdiff_t>(list.size() / 2);
    std::nth_element(list.begin(), mid, list.end());
    table.category_median_[category] = *mid;
  }
  for (const Product& p : products) table.Upsert(p, extractor);
  return table;
}

const ProductFeatures* FeatureTable::Find(std::string_view product_id) const {
  auto it = features_.find(AsAbsl(product_id));
  return it == features_.end() ? nullptr : &it->second;
}

void FeatureTable::Upsert(const Product& product, const AttributeExtractor& extractor) {
  ProductFeatures f = FeaturesFromProduct(product, extractor);
  auto median = category_median_.find(f.category);
  if (median != category_median_.end()) f.reference_price_cents = median->second;
  features_[f.product_id] = std::move(f);
}

}  // namespace leafloaf::personalize
