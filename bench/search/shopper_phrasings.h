// Hand-written shopper phrasings for the search benchmark, each mapped to
// the real labels that define its relevant products (see queries.h).
// All strings are lower case, as BenchCatalog's labels are.
#ifndef LEAFLOAF_BENCH_SEARCH_SHOPPER_PHRASINGS_H_
#define LEAFLOAF_BENCH_SEARCH_SHOPPER_PHRASINGS_H_

#include <string>
#include <vector>

namespace leafloaf::searchbench {

struct ShopperPhrasing {
  std::string query;                        // "greek yogurt"
  std::vector<std::string> aisles;          // Instacart aisles in scope
  std::vector<std::string> name_words;      // grade 2 needs one in the Instacart name
  std::vector<std::string> categories;      // Complete Journey product_categories in scope
  std::vector<std::string> type_words;      // grade 2 needs one in the CJ product_type
};

// The fixed list, in a fixed order.
const std::vector<ShopperPhrasing>& ShopperPhrasings();

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_SHOPPER_PHRASINGS_H_
