// Expands the catalog tables (catalog_tables.h) into the demo shop's
// products. Every brand x variant x size combination of a line is a
// candidate; "core" lines are always kept, the rest are sampled (weighted
// toward each line's first, most popular variants, brands and sizes) down to
// the requested count. Product ids P000001... follow table order.
#ifndef LEAFLOAF_DEMO_CATALOG_GENERATOR_H_
#define LEAFLOAF_DEMO_CATALOG_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/product.h"
#include "common/time.h"
#include "demo/line_spec.h"

namespace leafloaf::demo {

// What the shopper and order simulation need to know about a product.
struct ProductInfo {
  int line = 0;  // index into DemoCatalog::lines
  int brand = 0;
  int variant = 0;
  int size = 0;
  Tier tier = Tier::kNational;
  uint32_t contains = 0;  // diet.h bits
  bool lactose_free = false;
  bool organic = false;
  uint32_t season_months = 0;  // bit m-1 for month m; 0 = all year
  std::string needs;           // "dog", "cat", "baby" or ""
  std::string alt;             // "dairy", "meat" or ""
  std::string flavor;
  int quantity = 0;  // typical quantity from the tables; 0 = 1
};

struct DemoCatalog {
  std::vector<ProductLine> lines;
  std::vector<Product> products;
  std::vector<ProductInfo> info;                // parallel to products
  std::vector<std::vector<int>> line_products;  // product indices of each line
};

struct CatalogOptions {
  std::string shop_id = "demo";
  uint64_t seed = 42;
  int products = 5000;
  Micros updated_at = 0;  // every product's updated_at
};

// kInvalidArgument when a table does not parse or `products` is below the
// number of core products or above the number of candidates.
absl::StatusOr<DemoCatalog> GenerateCatalog(const CatalogOptions& options);

// How many distinct products the tables can produce, and how many are core.
struct CatalogCapacity {
  int candidates = 0;
  int core = 0;
};
absl::StatusOr<CatalogCapacity> MeasureCatalog();

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_CATALOG_GENERATOR_H_
