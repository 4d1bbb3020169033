// ProductIndex: one shop's in-memory product search index.
//
// BM25F over four fields (name, brand, category path, description) with
// configurable weights and length normalization; every query word is a
// group of alternatives — the word's stem, its synonyms, its typo
// neighbours and, for the last word, its prefix completions — scored by the
// best alternative. Hits are the products matching every word that any
// product matches (words nothing matches are dropped, as Typesense does),
// after filters. They rank by BM25F, then boosts for an exact name match, a
// phrase in the name and all words in the name, plus a small popularity
// prior. An empty query browses by popularity.
//
// Vectors: products may carry an embedding (vector/embedder.h), kept in a
// VectorIndex by doc id. A request with a query vector fuses the text
// ranking with vector similarity (search/hybrid.h), so products sharing no
// word with the query can still be found.
//
// Freshness: Upsert() and Remove() are visible to the next Search(); no
// rebuild. Updated products get a new doc id and the old one is skipped.
//
// Thread-safety: Search() may run concurrently with itself; Upsert() and
// Remove() take an exclusive lock.
#ifndef LEAFLOAF_SEARCH_PRODUCT_INDEX_H_
#define LEAFLOAF_SEARCH_PRODUCT_INDEX_H_

#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/product.h"
#include "search/doc_table.h"
#include "search/posting_list.h"
#include "search/search_types.h"
#include "search/term_dictionary.h"
#include "vector/vector_index.h"
#include "text/analyzer.h"

namespace leafloaf::search {

enum Field { kName = 0, kBrand = 1, kCategory = 2, kDescription = 3 };

struct IndexOptions {
  // BM25F: per-field weight and length normalization, and saturation k1.
  std::array<float, kNumFields> weights = {3.0f, 2.0f, 1.5f, 1.0f};
  std::array<float, kNumFields> b = {0.75f, 0.5f, 0.5f, 0.75f};
  float k1 = 1.2f;
  // Alternative weights relative to the word itself.
  float synonym_weight = 0.9f;
  float prefix_weight = 0.8f;
  float typo1_weight = 0.6f;
  float typo2_weight = 0.45f;
  // Typo candidates other than the likeliest one count this much less.
  float typo_runner_up_factor = 0.5f;
  // Multipliers for matches in the product name.
  float exact_boost = 1.6f;   // the name's words are exactly the query's
  float phrase_boost = 1.3f;  // the query's words appear in order, adjacent
  float all_words_boost = 1.15f;
  // Every query word in the name but not as a phrase: this for the words
  // adjacent out of order, less the wider their run (see docs/SEARCH.md).
  float proximity_boost = 1.08f;
  // Added to the score, times log(1 + orders).
  float popularity_weight = 0.05f;
  size_t max_prefix_expansions = 12;
  size_t max_typo_expansions = 8;
  // The vector index (used once embeddings are given): IVF-PQ by default
  // (vector/ivf_pq_index.h). For hnswlib (structure kHnsw), degree 8
  // matched degree 16's nDCG@10 and speed in the search benchmark with 13%
  // less memory.
  vector::VectorIndexOptions vectors = {.m = 8};
};

class ProductIndex {
 public:
  // The query plan: one group per query word, its alternatives scored by
  // the best one.
  struct Alternative {
    TermId term;
    float weight;
  };
  struct Group {
    std::string word;  // folded surface of the query word
    std::vector<Alternative> alternatives;
    // With typo candidates, no alternative's IDF exceeds the likeliest
    // candidate's: a rare near-miss must not outscore the intended word.
    float idf_cap = 1e9f;
  };

  // `analyzer` must outlive the index.
  ProductIndex(const text::Analyzer* analyzer, IndexOptions options = {});
  ProductIndex(const ProductIndex&) = delete;
  ProductIndex& operator=(const ProductIndex&) = delete;

  // Adds or replaces a product (by external id). `orders` feeds popularity
  // (kKeepPopularity: the replaced doc's, 0 for a new product).
  // `embedding` (unit length, or empty for none) goes to the vector index.
  static constexpr int64_t kKeepPopularity = -1;
  void Upsert(const Product& product, int64_t orders = 0, std::span<const float> embedding = {});
  // Flips a product's in-stock flag in place (a sale or restock changes
  // nothing else the index holds); false when it is not indexed.
  bool SetInStock(std::string_view external_id, bool in_stock);
  // Sets the embeddings of indexed products in bulk (on several threads);
  // unknown ids are skipped. For the load at start.
  void SetEmbeddings(std::span<const std::string> external_ids,
                     std::span<const std::vector<float>> embeddings);
  // Removes a product; false when it was not indexed.
  bool Remove(std::string_view external_id);
  // Merges recent vocabulary; call after a bulk load.
  void Finish();

  // kInvalidArgument for a bad query (invalid UTF-8, over 1 KB) or bad
  // limits/filters (unknown dietary tag).
  absl::StatusOr<SearchResponse> Search(const SearchRequest& request) const;

  // The query's embedding, or an empty vector (text ranking only).
  using QueryEmbedder = std::function<std::vector<float>(std::string_view query)>;
  // Search() with the query embedded by `embed` (outside the index lock:
  // it may be a remote endpoint). With hybrid.text_confident_hits > 0 the
  // text side runs first and `embed` is called only when that response
  // needs_query_vector, then the search runs again with the vector.
  // took_ms covers the embedding and every pass.
  absl::StatusOr<SearchResponse> SearchHybrid(SearchRequest request,
                                              const QueryEmbedder& embed) const;

  size_t size() const;
  // Bytes held by the text index structures (vocabulary, postings, doc table).
  size_t MemoryBytes() const;
  // Bytes held by the vector index, and its number of live vectors.
  size_t VectorMemoryBytes() const;
  size_t vector_count() const;

 private:
  std::vector<Group> PlanQuery(const std::vector<text::Token>& tokens, bool prefix_last,
                               bool typos) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  float Idf(TermId term) const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const text::Analyzer* analyzer_;
  const IndexOptions options_;
  mutable absl::Mutex mu_;
  TermDictionary dictionary_ ABSL_GUARDED_BY(mu_);
  std::vector<PostingList> postings_ ABSL_GUARDED_BY(mu_);  // by TermId
  DocTable docs_ ABSL_GUARDED_BY(mu_);
  // Created by the first embedding; its dimension is the first one's.
  std::unique_ptr<vector::VectorIndex> vectors_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_PRODUCT_INDEX_H_
