// Helpers shared by the personalize tests.
#ifndef LEAFLOAF_PERSONALIZE_TEST_UTIL_H_
#define LEAFLOAF_PERSONALIZE_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "catalog/product.h"
#include "personalize/product_features.h"
#include "store/records.h"

namespace leafloaf::personalize::testing {

inline constexpr Micros kT0 = 1'700'000'000LL * kMicrosPerSecond;

inline Product MakeProduct(std::string id, std::string name, std::string category,
                           std::string brand, Cents price, std::vector<std::string> tags = {},
                           std::string description = "", std::string attributes = "") {
  Product p;
  p.shop_id = "shop";
  p.external_id = std::move(id);
  p.name = std::move(name);
  p.category = std::move(category);
  p.brand = std::move(brand);
  p.price_cents = price;
  p.dietary_tags = std::move(tags);
  p.description = std::move(description);
  p.attributes = std::move(attributes);
  return p;
}

inline Event MakeEvent(std::string type, std::string user, std::string product, Micros at,
                       double quantity = 0) {
  Event e;
  e.shop_id = "shop";
  e.type = std::move(type);
  e.user_external_id = std::move(user);
  e.product_external_id = std::move(product);
  e.at = at;
  e.quantity = quantity;
  return e;
}

}  // namespace leafloaf::personalize::testing

#endif  // LEAFLOAF_PERSONALIZE_TEST_UTIL_H_
