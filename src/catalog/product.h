// Product: the catalog's central record, as the store keeps it and the API
// returns it. Plain data; copyable.
#ifndef LEAFLOAF_CATALOG_PRODUCT_H_
#define LEAFLOAF_CATALOG_PRODUCT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/money.h"
#include "common/time.h"

namespace leafloaf {

struct Product {
  int64_t id = 0;            // internal row id, assigned by the store
  std::string shop_id;
  std::string external_id;   // the source's id; the API's `product_id`
  std::string sku;
  std::string name;
  std::string brand;
  std::string category;      // path with " > " between levels: "Dairy > Milk"
  Cents price_cents = 0;     // 0 when the source has no price
  double size = 0;           // package size in `unit`; 0 when unknown
  std::string unit;          // canonical unit, see package_size.h
  std::vector<std::string> dietary_tags;  // canonical tags, sorted, unique
  std::string description;   // description or ingredients
  int64_t stock = -1;        // units on hand; -1 = not tracked (in stock)
  std::string attributes;    // JSON object of source-specific extras, or ""
  Micros updated_at = 0;

  bool in_stock() const { return stock != 0; }
};

// The category separator in Product::category.
inline constexpr char kCategorySeparator[] = " > ";

}  // namespace leafloaf

#endif  // LEAFLOAF_CATALOG_PRODUCT_H_
