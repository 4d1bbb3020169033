// SearchService: every shop's ProductIndex, built from the store at start
// and kept fresh by the product write paths (OnProductUpserted/Removed).
// A shop with an embedder (a fastText model of its own, or a shared
// OpenAI-compatible endpoint) also gets product embeddings, and its text
// queries are fused with vector similarity (hybrid search).
//
// Thread-safety: all methods are safe from any thread. Indexes are created
// on first use and never destroyed while the service lives.
#ifndef LEAFLOAF_SEARCH_SEARCH_SERVICE_H_
#define LEAFLOAF_SEARCH_SEARCH_SERVICE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "search/product_index.h"
#include "store/store.h"
#include "text/analyzer.h"
#include "vector/embedder.h"

namespace leafloaf::search {

class SearchService {
 public:
  // `store` and `analyzer` must outlive the service.
  SearchService(Store* store, const text::Analyzer* analyzer, IndexOptions options = {});

  // Gives one shop its own analyzer (its own synonyms). Call before the
  // shop's index is built; `analyzer` must outlive the service.
  void SetShopAnalyzer(std::string shop_id, const text::Analyzer* analyzer);

  // Gives one shop an embedder, or every shop without one of its own when
  // `shop_id` is empty. Call before the shop's index is built.
  void SetEmbedder(std::string shop_id, std::shared_ptr<vector::Embedder> embedder);
  // Default fusion of text and vectors for requests (see search/hybrid.h).
  void SetHybridOptions(const HybridOptions& options);
  HybridOptions hybrid_options();
  // The shop's embedder, or null.
  std::shared_ptr<vector::Embedder> EmbedderFor(std::string_view shop_id);

  // (Re)builds the index of every shop in the store.
  absl::Status LoadAll();
  // Builds one shop's index from the store, replacing any previous one.
  // REQUIRES: no search or product write of that shop is in flight (the
  // server calls it at start, before serving).
  absl::Status LoadShop(std::string_view shop_id);

  // Embeds the query when the shop has an embedder and the request asks
  // for hybrid ranking without a vector of its own; an embedder failure
  // falls back to text ranking.
  absl::StatusOr<SearchResponse> Search(std::string_view shop_id, SearchRequest request);

  // A product written: re-indexed (and re-embedded), keeping its popularity
  // (from the orders counted at the last load).
  void OnProductUpserted(const Product& product);
  void OnProductRemoved(std::string_view shop_id, std::string_view external_id);
  // A product's stock changed (a checkout): only its in-stock flag moves.
  void OnStockChanged(std::string_view shop_id, std::string_view external_id, bool in_stock);

  // The shop's index (empty when the shop has no products). Never null.
  ProductIndex* Index(std::string_view shop_id);
  size_t MemoryBytes();

 private:
  Store* store_;
  const text::Analyzer* analyzer_;
  const IndexOptions options_;
  absl::Mutex mu_;
  const text::Analyzer* AnalyzerFor(std::string_view shop_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::flat_hash_map<std::string, std::unique_ptr<ProductIndex>> indexes_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, const text::Analyzer*> shop_analyzers_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<vector::Embedder>> embedders_ ABSL_GUARDED_BY(mu_);
  HybridOptions hybrid_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_SEARCH_SERVICE_H_
