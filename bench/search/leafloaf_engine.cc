// LeafLoaf's own product index (src/search/) under the search benchmark.
// Queries run as a shopper's full query would: typo tolerance on, no
// prefix expansion (the queries are whole words), facets off (the peers
// compute none). Pages of 100 are fetched until k results.
// MemoryBytes() is ProductIndex::MemoryBytes(): vocabulary, postings and
// doc table, summed from their containers' capacities.
#include "absl/strings/str_format.h"
#include "bench/search/engine.h"
#include "search/product_index.h"
#include "text/analyzer.h"

namespace leafloaf::searchbench {
namespace {

class LeafLoafEngine final : public SearchEngineUnderTest {
 public:
  std::string name() const override { return "leafloaf"; }

  absl::Status Build(const std::vector<Product>& catalog) override {
    auto analyzer = text::Analyzer::Create({});
    if (!analyzer.ok()) return analyzer.status();
    analyzer_ = std::move(*analyzer);
    search::IndexOptions options;
    options.weights = {static_cast<float>(kFieldWeights.name), static_cast<float>(kFieldWeights.brand),
                       static_cast<float>(kFieldWeights.category),
                       static_cast<float>(kFieldWeights.description)};
    index_ = std::make_unique<search::ProductIndex>(analyzer_.get(), options);
    for (const Product& p : catalog) index_->Upsert(p);
    index_->Finish();
    return absl::OkStatus();
  }

  std::vector<std::string> Search(std::string_view query, int k) override {
    std::vector<std::string> ids;
    search::SearchRequest request{.query = std::string(query), .prefix = false, .facets = false};
    while (static_cast<int>(ids.size()) < k) {
      request.limit = std::min(100, k - static_cast<int>(ids.size()));
      request.offset = static_cast<int>(ids.size());
      auto response = index_->Search(request);
      if (!response.ok()) break;
      for (auto& hit : response->hits) ids.push_back(std::move(hit.product_id));
      if (static_cast<int64_t>(ids.size()) >= response->total || response->hits.empty()) break;
    }
    return ids;
  }

  size_t MemoryBytes() const override { return index_->MemoryBytes(); }

  std::string Describe() const override {
    return absl::StrFormat(
        "leafloaf: in-memory BM25F (weights %.1f/%.1f/%.1f/%.1f), Snowball stems, typo tolerance, "
        "no prefix, no facets, pages of 100",
        kFieldWeights.name, kFieldWeights.brand, kFieldWeights.category, kFieldWeights.description);
  }

 private:
  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<search::ProductIndex> index_;
};

}  // namespace

std::unique_ptr<SearchEngineUnderTest> MakeLeafLoafEngine() {
  return std::make_unique<LeafLoafEngine>();
}

}  // namespace leafloaf::searchbench
