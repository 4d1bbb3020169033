#include "purchase/inference/product_catalog.h"

#include <string>
#include <utility>

#include "common/status_macros.h"

namespace leafloaf::purchase {

absl::StatusOr<ProductCatalog> ProductCatalog::Load(Store& store, std::string_view shop_id,
                                                    const PurchaseHistory& history) {
  std::vector<Product> products(history.num_products());
  for (ProductIndex index = 0; index < history.num_products(); ++index) {
    products[index].external_id = history.product_id(index);
  }
  ProductFilter filter;
  filter.limit = 1000;
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store.ListProducts(shop_id, filter));
    for (Product& product : page.products) {
      const int64_t index = history.FindProduct(product.external_id);
      if (index >= 0) products[static_cast<size_t>(index)] = std::move(product);
    }
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  return ProductCatalog(std::move(products));
}

std::string_view LeafCategory(std::string_view category) {
  const size_t pos = category.rfind(kCategorySeparator);
  if (pos == std::string_view::npos) return category;
  return category.substr(pos + std::string_view(kCategorySeparator).size());
}

}  // namespace leafloaf::purchase
