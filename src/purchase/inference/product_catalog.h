// ProductCatalog: the catalog records of a PurchaseHistory's products,
// indexed by its interned ProductIndex, for the inference models that need
// categories, brands, names, prices and dietary tags (quantity memory does
// not; budget, household and dietary inference do).
//
// A product the history references but the store no longer has (deleted)
// gets a record with only its external id: no category, price 0.
//
// Thread-safety: immutable once built; concurrent reads are safe.
#ifndef LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_CATALOG_H_
#define LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_CATALOG_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/product.h"
#include "purchase/purchase_history.h"
#include "store/store.h"

namespace leafloaf::purchase {

class ProductCatalog {
 public:
  // `products[i]` describes the history's product i.
  // REQUIRES: products.size() == history.num_products() for the history
  // it is used with.
  explicit ProductCatalog(std::vector<Product> products) : products_(std::move(products)) {}

  // Reads every product of the shop (ListProducts pages) and aligns them
  // with `history`'s product indices.
  static absl::StatusOr<ProductCatalog> Load(Store& store, std::string_view shop_id,
                                             const PurchaseHistory& history);

  size_t size() const { return products_.size(); }
  const Product& product(ProductIndex index) const { return products_[index]; }

 private:
  std::vector<Product> products_;
};

// The leaf of a category path: "Dairy > Milk" -> "Milk"; "" for "".
std::string_view LeafCategory(std::string_view category);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_CATALOG_H_
