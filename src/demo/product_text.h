// The words of a demo product: shelf name, description and the attributes
// JSON, composed from its line, brand, variant and size.
#ifndef LEAFLOAF_DEMO_PRODUCT_TEXT_H_
#define LEAFLOAF_DEMO_PRODUCT_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "demo/line_spec.h"

namespace leafloaf::demo {

// Everything known about one product before it becomes a Product record.
struct ProductParts {
  const ProductLine* line = nullptr;
  const Option* brand = nullptr;
  const Option* variant = nullptr;
  const SizeOption* size = nullptr;
  Traits traits;  // line + brand + variant, merged
  Tier tier = Tier::kNational;
  uint32_t contains = 0;
  std::vector<std::string> tags;  // reconciled dietary tags
};

// "Oatly Oat Milk Original, 1/2 gal"; unbranded: "Bananas, 1 lb".
std::string ComposeName(const ProductParts& parts);

// Two to five sentences: what it is, the line's blurb, flavor, brand tier,
// season, dietary tags and contents. Spicy products say "spicy".
std::string ComposeDescription(const ProductParts& parts);

// A JSON object with stable key order, e.g.
// {"contains":["milk"],"flavor":"spicy","season":"fall","tier":"store"}.
std::string ComposeAttributes(const ProductParts& parts);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_PRODUCT_TEXT_H_
