// ProductFeatures: what the preference engine and the ranker need to know
// about a product, computed once per product (not per event) from the
// catalog record.
//
// FeatureTable holds the features of one shop's catalog, with each
// category's median price as the reference that price sensitivity is
// measured against.
//
// Thread-safety: ProductFeatures is plain data. FeatureTable is not
// synchronized: build it, then share it read-only (or guard it).
#ifndef LEAFLOAF_PERSONALIZE_PRODUCT_FEATURES_H_
#define LEAFLOAF_PERSONALIZE_PRODUCT_FEATURES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "catalog/product.h"
#include "common/money.h"
#include "personalize/attribute_extractor.h"

namespace leafloaf::personalize {

struct ProductFeatures {
  std::string product_id;  // Product::external_id
  std::string category;    // full path, "Dairy & Eggs > Yogurt"; may be ""
  std::string department;  // top level of the path, "Dairy & Eggs"
  std::string brand;       // may be ""
  // The catalog's canonical dietary tags: what a declared restriction is
  // checked against (hard filter).
  std::vector<std::string> dietary_tags;
  // Sorted, unique: the dietary tags plus attributes derived from the text
  // (attribute_extractor.h). What preferences are learned over.
  std::vector<std::string> attributes;
  Cents price_cents = 0;            // 0 = unknown
  Cents reference_price_cents = 0;  // median of the category; 0 = unknown
  double size = 0;
  std::string unit;
};

// Whether an attribute is one of catalog/dietary.h's canonical tags.
bool IsDietaryTag(std::string_view attribute);

// The top level of a category path ("Dairy & Eggs > Yogurt" -> "Dairy & Eggs").
std::string_view TopLevelCategory(std::string_view category);

// Features of one product; reference_price_cents is left 0.
ProductFeatures FeaturesFromProduct(const Product& product, const AttributeExtractor& extractor);

class FeatureTable {
 public:
  FeatureTable() = default;
  // Features of every product, with category median prices as references.
  static FeatureTable Build(std::span<const Product> products, const AttributeExtractor& extractor);

  // nullptr when unknown. The pointer is valid until the next Upsert().
  const ProductFeatures* Find(std::string_view product_id) const;
  // Adds or replaces one product; its reference price is its category's
  // median as of Build() (0 for a new category).
  void Upsert(const Product& product, const AttributeExtractor& extractor);
  size_t size() const { return features_.size(); }

 private:
  absl::flat_hash_map<std::string, ProductFeatures> features_;
  absl::flat_hash_map<std::string, Cents> category_median_;
};

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PRODUCT_FEATURES_H_
