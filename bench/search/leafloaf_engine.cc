// LeafLoaf's own product index (src/search/) under the search benchmark.
// Queries run as a shopper's full query would: typo tolerance on, no
// prefix expansion (the queries are whole words), facets off (the peers
// compute none). Pages of 100 are fetched until k results.
// MemoryBytes() is ProductIndex::MemoryBytes(): vocabulary, postings and
// doc table, summed from their containers' capacities.
//
// leafloaf-hybrid is the same index plus product embeddings: a fastText
// model trained (in Build) on the catalog's product sentences only (the
// benchmark has no baskets), fused with the text ranking at the
// server's default weight. Its MemoryBytes() adds the vector index.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "bench/search/engine.h"
#include "search/hybrid.h"
#include "search/product_index.h"
#include "testing/temp_dir.h"
#include "text/analyzer.h"
#include "vector/embedding_corpus.h"
#include "vector/fasttext_embedder.h"

namespace leafloaf::searchbench {
namespace {

class LeafLoafEngine : public SearchEngineUnderTest {
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
    AdjustOptions(options);
    index_ = std::make_unique<search::ProductIndex>(analyzer_.get(), options);
    for (const Product& p : catalog) index_->Upsert(p);
    index_->Finish();
    return absl::OkStatus();
  }

  std::vector<std::string> Search(std::string_view query, int k) override {
    std::vector<std::string> ids;
    search::SearchRequest request{.query = std::string(query), .prefix = false, .facets = false};
    PrepareRequest(request);
    while (static_cast<int>(ids.size()) < k) {
      request.limit = std::min(100, k - static_cast<int>(ids.size()));
      request.offset = static_cast<int>(ids.size());
      auto response = RunSearch(request);
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

 protected:
  virtual void PrepareRequest(search::SearchRequest&) {}
  virtual void AdjustOptions(search::IndexOptions&) {}
  virtual absl::StatusOr<search::SearchResponse> RunSearch(const search::SearchRequest& request) {
    return index_->Search(request);
  }

  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<search::ProductIndex> index_;
};

class LeafLoafHybridEngine final : public LeafLoafEngine {
 public:
  std::string name() const override { return "leafloaf-hybrid"; }

  absl::Status Build(const std::vector<Product>& catalog) override {
    if (absl::Status s = LeafLoafEngine::Build(catalog); !s.ok()) return s;
    const auto start = std::chrono::steady_clock::now();
    // LEAFLOAF_BENCH_EMBEDDINGS=FILE keeps the trained model between runs
    // (for tuning the fusion); it is retrained when FILE is missing.
    testing::TempDir dir;
    const char* cached = std::getenv("LEAFLOAF_BENCH_EMBEDDINGS");
    const std::string corpus = dir.File("corpus.txt");
    const std::string model = cached ? cached : dir.File("model.bin");
    if (!std::filesystem::exists(model)) {
      std::ofstream out(corpus);
      for (const Product& p : catalog) vector::WriteProductSentence(p, out);
      out.close();
      auto trained = vector::TrainFastTextOnCorpus(corpus, model, vector::FastTextOptions{});
      if (!trained.ok()) return trained.status();
    }
    auto embedder = vector::FastTextEmbedder::Load(model);
    if (!embedder.ok()) return embedder.status();
    embedder_ = std::move(*embedder);
    const double trained_s = Seconds(start);
    auto vectors = embedder_->EmbedProducts(catalog);
    if (!vectors.ok()) return vectors.status();
    std::vector<std::string> ids;
    for (const Product& p : catalog) ids.push_back(p.external_id);
    index_->SetEmbeddings(ids, *vectors);
    std::cerr << absl::StrFormat("leafloaf-hybrid: trained in %.1f s, %d vectors indexed in %.1f s\n",
                                 trained_s, index_->vector_count(), Seconds(start) - trained_s);
    return absl::OkStatus();
  }

  size_t MemoryBytes() const override {
    return index_->MemoryBytes() + index_->VectorMemoryBytes();
  }

  std::string Describe() const override {
    const search::HybridOptions h;
    return absl::StrFormat(
        "leafloaf-hybrid: leafloaf plus %d-dimension fastText product embeddings trained on the "
        "catalog's product text (no baskets), %s, %s fusion with vector weight %.2f, "
        "%d neighbours, min similarity %.2f",
        embedder_ ? embedder_->dim() : 0,
        std::getenv("LEAFLOAF_BENCH_HNSW") ? "hnswlib over int8 vectors" : "IVF-PQ (16-byte codes)",
        search::HybridModeName(h.mode), h.weight, h.neighbours, h.min_similarity);
  }

 private:
  static double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  }
  // LEAFLOAF_BENCH_HNSW=M:ef uses hnswlib (the server's default is
  // IVF-PQ) with that degree and query beam;
  // LEAFLOAF_BENCH_IVF=lists:probes[:code_bytes] sets IVF-PQ's (lists 0 =
  // automatic). For tuning.
  void AdjustOptions(search::IndexOptions& options) override {
    if (const char* v = std::getenv("LEAFLOAF_BENCH_IVF")) {
      const std::string spec(v);
      const size_t colon = spec.find(':');
      options.vectors.ivf.lists = static_cast<size_t>(std::stoi(spec.substr(0, colon)));
      if (colon != std::string::npos) {
        options.vectors.ivf.probes = static_cast<size_t>(std::stoi(spec.substr(colon + 1)));
        const size_t colon2 = spec.find(':', colon + 1);
        if (colon2 != std::string::npos) {
          options.vectors.ivf.subspaces = static_cast<size_t>(std::stoi(spec.substr(colon2 + 1)));
        }
      }
    }
    if (const char* h = std::getenv("LEAFLOAF_BENCH_HNSW")) {
      options.vectors.structure = vector::VectorStructure::kHnsw;
      const std::string spec(h);
      const size_t colon = spec.find(':');
      options.vectors.m = static_cast<size_t>(std::stoi(spec.substr(0, colon)));
      if (colon != std::string::npos) {
        options.vectors.ef_search = static_cast<size_t>(std::stoi(spec.substr(colon + 1)));
      }
    }
  }
  void PrepareRequest(search::SearchRequest& request) override {
    // LEAFLOAF_BENCH_HYBRID=mode:weight[:neighbours] overrides the fusion
    // (for tuning).
    // LEAFLOAF_BENCH_CONFIDENT=N sets text_confident_hits.
    if (const char* c = std::getenv("LEAFLOAF_BENCH_CONFIDENT")) {
      request.hybrid.text_confident_hits = std::atoi(c);
    }
    if (const char* h = std::getenv("LEAFLOAF_BENCH_HYBRID")) {
      std::string spec(h);
      const size_t colon = spec.find(':');
      auto mode = search::ParseHybridMode(spec.substr(0, colon));
      if (mode.ok()) request.hybrid.mode = *mode;
      if (colon != std::string::npos) request.hybrid.weight = std::stof(spec.substr(colon + 1));
      const size_t colon2 = spec.find(':', colon + 1);
      if (colon != std::string::npos && colon2 != std::string::npos) {
        request.hybrid.neighbours = std::stoi(spec.substr(colon2 + 1));
      }
    }
    query_vector_.clear();
  }
  // As the server does (SearchService::Search): the query is embedded only
  // when the text side is not confident; once per query, for all its pages.
  absl::StatusOr<search::SearchResponse> RunSearch(const search::SearchRequest& request) override {
    return index_->SearchHybrid(request, [&](std::string_view query) {
      if (query_vector_.empty()) {
        auto v = embedder_->EmbedQuery(query);
        if (v.ok()) query_vector_ = std::move(*v);
      }
      return query_vector_;
    });
  }

  std::unique_ptr<vector::FastTextEmbedder> embedder_;
  std::vector<float> query_vector_;
};

}  // namespace

std::unique_ptr<SearchEngineUnderTest> MakeLeafLoafEngine() {
  return std::make_unique<LeafLoafEngine>();
}

std::unique_ptr<SearchEngineUnderTest> MakeLeafLoafHybridEngine() {
  return std::make_unique<LeafLoafHybridEngine>();
}

}  // namespace leafloaf::searchbench
