// SearchEngineUnderTest: what the search benchmark (search_benchmark.cc)
// needs from an engine, so LeafLoaf's own index and its peers (SQLite FTS5,
// Xapian) are measured through the same calls on the same catalog.
//
// Lifecycle: construct, Build() once with the whole catalog, then Search()
// any number of times. The benchmark calls Search() from one thread only;
// engines need no internal locking for it.
#ifndef LEAFLOAF_BENCH_SEARCH_ENGINE_H_
#define LEAFLOAF_BENCH_SEARCH_ENGINE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "catalog/product.h"

namespace leafloaf::searchbench {

// Relative weight of a match in each product field. One constant for every
// engine: FTS5 passes them to bm25(), Xapian multiplies them into wdf
// increments, and LeafLoaf's adapter should use the same values unless its
// engine documents other defaults (then change them here, for all).
struct FieldWeights {
  double name = 3.0;
  double brand = 2.0;
  double category = 1.5;
  double description = 1.0;
};
inline constexpr FieldWeights kFieldWeights{};

class SearchEngineUnderTest {
 public:
  virtual ~SearchEngineUnderTest() = default;
  SearchEngineUnderTest(const SearchEngineUnderTest&) = delete;
  SearchEngineUnderTest& operator=(const SearchEngineUnderTest&) = delete;

  // Short name printed in the results table: "fts5-or", "xapian", ...
  virtual std::string name() const = 0;

  // Indexes `catalog` (name, brand, category, description; results are
  // identified by Product::external_id, which is unique in the catalog).
  // Called once. The catalog outlives the engine, but engines must not
  // rely on that: what Search() needs is copied into the index.
  virtual absl::Status Build(const std::vector<Product>& catalog) = 0;

  // Up to `k` product external ids, best first. An empty or unmatched
  // query gives an empty list; a query that fails gives an empty list too
  // (the benchmark counts it as a miss). REQUIRES: Build() succeeded.
  // k is 10 in the timed passes and up to 1000 in the relevance pass.
  virtual std::vector<std::string> Search(std::string_view query, int k) = 0;

  // Bytes of memory the built index needs to answer Search(), best
  // estimate. Each engine's header says how it is computed. The benchmark
  // also reports the heap growth it measures around Build() itself.
  virtual size_t MemoryBytes() const = 0;

  // One line on how the engine was configured, printed under the table.
  virtual std::string Describe() const = 0;

 protected:
  SearchEngineUnderTest() = default;
};

// LeafLoaf's adapter over src/search/, defined in bench/search/
// leafloaf_engine.cc. bench/search/CMakeLists.txt compiles that file, links
// leafloaf_search and defines LEAFLOAF_SEARCHBENCH_WITH_LEAFLOAF when both
// exist; without them the benchmark runs the peers only.
std::unique_ptr<SearchEngineUnderTest> MakeLeafLoafEngine();
// The same plus fastText embeddings fused by RRF ("leafloaf-hybrid").
std::unique_ptr<SearchEngineUnderTest> MakeLeafLoafHybridEngine();

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_ENGINE_H_
