// BenchCatalog: the search benchmark's catalog of real products, built by
// LeafLoaf's own importers from ../shared/data, with the source labels the
// query set is judged by.
//
//   source                                   products  shop   external id
//   openfoodfacts_lifyzer_us_subset          25,000    off    off:<barcode>
//   completejourney/products.csv             92,331    cj     cj:<product_id>
//   instacart_samples (both products files)  ~9,300    ic     ic:<product_id>
//
// Each source is imported (RunImport) into its own shop of a temporary
// SqliteStore, because Complete Journey and Instacart product ids overlap;
// all products are then paged out with Store::ListProducts and their
// external ids prefixed with the shop, so they are unique in the catalog.
// The labels (Instacart aisle and department, Complete Journey department,
// product_category and product_type) are read from the source CSVs
// themselves, not from the imported category paths.
#ifndef LEAFLOAF_BENCH_SEARCH_CATALOG_H_
#define LEAFLOAF_BENCH_SEARCH_CATALOG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "catalog/product.h"

namespace leafloaf::searchbench {

enum class Source { kOpenFoodFacts, kCompleteJourney, kInstacart };

// The source's own labels of one product, lower case and verbatim
// otherwise ("soy lactosefree", "frzn meat/meat dinners"). Empty when the
// source has none (Open Food Facts has no categories).
struct ProductLabels {
  Source source = Source::kOpenFoodFacts;
  std::string aisle;        // Instacart
  std::string department;   // Instacart, Complete Journey
  std::string category;     // Complete Journey product_category
  std::string type;         // Complete Journey product_type
};

struct BenchCatalog {
  std::vector<Product> products;
  std::vector<ProductLabels> labels;  // parallel to `products`
  absl::flat_hash_map<std::string, int32_t> index_of;  // external id -> index
  // Bytes of name + brand + category + description over the catalog.
  size_t raw_text_bytes = 0;
  int64_t off_products = 0, cj_products = 0, ic_products = 0;
  int64_t rows_rejected = 0;  // bad rows the importers reported
  double import_seconds = 0;
  // SearchService::LoadShop over every shop, from the imported store: the
  // server's index rebuild at start.
  double startup_seconds = 0;
};

// Imports the three sources from `shared_dir` (../shared/data).
// Errors: kNotFound for a missing dataset file; the importer's or store's
// error otherwise.
absl::StatusOr<BenchCatalog> BuildCatalog(const std::string& shared_dir);

const char* SourceName(Source source);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_CATALOG_H_
