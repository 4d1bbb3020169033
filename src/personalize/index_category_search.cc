#include "personalize/index_category_search.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace leafloaf::personalize {
namespace {

// Queries are "text\tcategory filter".
constexpr char kSeparator = '\t';

}  // namespace

IndexCategorySearch::IndexCategorySearch(std::unique_ptr<text::Analyzer> analyzer,
                                         int max_candidates)
    : analyzer_(std::move(analyzer)),
      index_(std::make_unique<search::ProductIndex>(analyzer_.get())),
      max_candidates_(max_candidates) {}

absl::StatusOr<std::unique_ptr<IndexCategorySearch>> IndexCategorySearch::Create(
    std::span<const Product> products, const absl::flat_hash_map<std::string, int64_t>& popularity,
    int max_candidates) {
  LL_ASSIGN_OR_RETURN(std::unique_ptr<text::Analyzer> analyzer, text::Analyzer::Create({}));
  std::unique_ptr<IndexCategorySearch> search(
      new IndexCategorySearch(std::move(analyzer), max_candidates));
  for (const Product& p : products) {
    auto it = popularity.find(p.external_id);
    search->index_->Upsert(p, it == popularity.end() ? 0 : it->second);
    search->names_[p.external_id] = p.name;
  }
  search->index_->Finish();
  return search;
}

std::string IndexCategorySearch::QueryFor(const ProductFeatures& product) const {
  if (!product.category.empty()) {
    const size_t cut = product.category.rfind(" > ");
    const std::string leaf =
        cut == std::string::npos ? product.category : product.category.substr(cut + 3);
    return leaf + kSeparator + product.category;
  }
  auto it = names_.find(product.product_id);
  if (it == names_.end()) return "";
  std::string_view name = AsStd(absl::StripAsciiWhitespace(AsAbsl(it->second)));
  const size_t space = name.find_last_of(" \t");
  return std::string(space == std::string_view::npos ? name : name.substr(space + 1));
}

absl::StatusOr<std::vector<TrainingCandidate>> IndexCategorySearch::Candidates(
    const std::string& query) const {
  search::SearchRequest request;
  const size_t separator = query.find(kSeparator);
  request.query = query.substr(0, separator);
  if (separator != std::string::npos) request.filters.category = query.substr(separator + 1);
  request.limit = max_candidates_;
  request.prefix = false;
  request.facets = false;
  LL_ASSIGN_OR_RETURN(search::SearchResponse response, index_->Search(request));
  std::vector<TrainingCandidate> out;
  out.reserve(response.hits.size());
  for (search::SearchHit& hit : response.hits) {
    out.push_back({std::move(hit.product_id), hit.score, static_cast<double>(hit.orders)});
  }
  return out;
}

CategorySearchFactory IndexCategorySearchFactory(std::span<const Product> products,
                                                 int max_candidates) {
  return [products, max_candidates](const absl::flat_hash_map<std::string, int64_t>& popularity)
             -> absl::StatusOr<std::unique_ptr<CategorySearch>> {
    LL_ASSIGN_OR_RETURN(std::unique_ptr<IndexCategorySearch> search,
                        IndexCategorySearch::Create(products, popularity, max_candidates));
    return std::unique_ptr<CategorySearch>(std::move(search));
  };
}

}  // namespace leafloaf::personalize
