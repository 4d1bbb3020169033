// Test helper: a ProductCatalog aligned with a history from products keyed
// by external id (unknown ids get a bare record).
#ifndef LEAFLOAF_PURCHASE_INFERENCE_TEST_CATALOG_H_
#define LEAFLOAF_PURCHASE_INFERENCE_TEST_CATALOG_H_

#include <string>
#include <vector>

#include "catalog/product.h"
#include "purchase/inference/product_catalog.h"
#include "purchase/purchase_history.h"

namespace leafloaf::purchase::testing_helpers {

inline Product MakeProduct(std::string id, std::string name, std::string category,
                           Cents price_cents = 0, std::vector<std::string> tags = {}) {
  Product product;
  product.external_id = std::move(id);
  product.name = std::move(name);
  product.category = std::move(category);
  product.price_cents = price_cents;
  product.dietary_tags = std::move(tags);
  return product;
}

inline ProductCatalog CatalogFor(const PurchaseHistory& history,
                                 const std::vector<Product>& products) {
  std::vector<Product> aligned(history.num_products());
  for (ProductIndex p = 0; p < history.num_products(); ++p) {
    aligned[p].external_id = history.product_id(p);
    for (const Product& product : products) {
      if (product.external_id == history.product_id(p)) aligned[p] = product;
    }
  }
  return ProductCatalog(std::move(aligned));
}

}  // namespace leafloaf::purchase::testing_helpers

#endif  // LEAFLOAF_PURCHASE_INFERENCE_TEST_CATALOG_H_
