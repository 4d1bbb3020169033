// IndexCategorySearch: the category searches of ranker training and
// evaluation (ranker_training.h), run on the shop's own search index
// (search::ProductIndex).
//
// The query for a product with a category path is the path's last level
// ("Fluid Milk White Only" for "Grocery > Fluid Milk Products > Fluid Milk
// White Only") filtered to that path: a shopper browsing the category by
// name. A product without a category (the Groceries dataset has none)
// gives the last word of its name, unfiltered ("milk" for "whole milk"):
// the head noun, what a shopper would type for that kind of product.
// Candidates are the best `max_candidates` hits, with their text score and
// the popularity the index was built with.
//
// Thread-safety: Candidates() may run concurrently; construction builds
// the index.
#ifndef LEAFLOAF_PERSONALIZE_INDEX_CATEGORY_SEARCH_H_
#define LEAFLOAF_PERSONALIZE_INDEX_CATEGORY_SEARCH_H_

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "catalog/product.h"
#include "personalize/ranker_training.h"
#include "search/product_index.h"
#include "text/analyzer.h"

namespace leafloaf::personalize {

class IndexCategorySearch final : public CategorySearch {
 public:
  // Indexes `products` with `popularity` (purchases by product id) as the
  // index's popularity prior. kInternal when the analyzer cannot be built.
  static absl::StatusOr<std::unique_ptr<IndexCategorySearch>> Create(
      std::span<const Product> products,
      const absl::flat_hash_map<std::string, int64_t>& popularity, int max_candidates = 200);

  std::string QueryFor(const ProductFeatures& product) const override;
  absl::StatusOr<std::vector<TrainingCandidate>> Candidates(const std::string& query) const override;

 private:
  IndexCategorySearch(std::unique_ptr<text::Analyzer> analyzer, int max_candidates);

  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<search::ProductIndex> index_;
  absl::flat_hash_map<std::string, std::string> names_;  // by product id
  const int max_candidates_;
};

// A CategorySearchFactory making IndexCategorySearch over `products`
// (which must outlive the factory's calls).
CategorySearchFactory IndexCategorySearchFactory(std::span<const Product> products,
                                                 int max_candidates = 200);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_INDEX_CATEGORY_SEARCH_H_
