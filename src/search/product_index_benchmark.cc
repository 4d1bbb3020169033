// Micro-benchmark of ProductIndex on the demo shop's catalog, with a peer
// in the same run: a linear scan that lower-cases every product name and
// checks substring containment of each query word (what a naive catalog
// search does). The cross-engine comparison (SQLite FTS5, Xapian) is
// bench/search/search_benchmark.
#include <algorithm>
#include <cctype>

#include "benchmark/benchmark.h"
#include "demo/demo_data.h"
#include "search/product_index.h"

namespace leafloaf::search {
namespace {

struct Fixture {
  std::unique_ptr<text::Analyzer> analyzer = std::move(*text::Analyzer::Create({}));
  std::vector<Product> products;
  std::unique_ptr<ProductIndex> index;
  Fixture() {
    products = GenerateDemoData(DemoOptions{})->catalog.products;
    index = std::make_unique<ProductIndex>(analyzer.get());
    for (const Product& p : products) index->Upsert(p);
    index->Finish();
  }
};

Fixture& Shared() {
  static Fixture* f = new Fixture();
  return *f;
}

const char* kQueries[] = {"milk", "oat milk", "organic whole milk", "greek yogurt", "spicy chips",
                          "bananna", "chedar", "frozen pizza", "peanut butter", "paper towels"};

void BM_ProductIndexSearch(benchmark::State& state) {
  Fixture& f = Shared();
  size_t i = 0;
  for (auto _ : state) {
    auto r = f.index->Search({.query = kQueries[i++ % std::size(kQueries)]});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ProductIndexSearch);

void BM_NaiveScan(benchmark::State& state) {
  Fixture& f = Shared();
  size_t i = 0;
  for (auto _ : state) {
    std::string q = kQueries[i++ % std::size(kQueries)];
    std::vector<std::string> words;
    size_t start = 0;
    while (start < q.size()) {
      size_t end = q.find(' ', start);
      if (end == std::string::npos) end = q.size();
      words.push_back(q.substr(start, end - start));
      start = end + 1;
    }
    std::vector<const Product*> hits;
    for (const Product& p : f.products) {
      std::string name = p.name;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return name.find(w) != std::string::npos; })) {
        hits.push_back(&p);
      }
    }
    benchmark::DoNotOptimize(hits);
  }
}
BENCHMARK(BM_NaiveScan);

}  // namespace
}  // namespace leafloaf::search

BENCHMARK_MAIN();
