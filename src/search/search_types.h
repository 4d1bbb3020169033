// Requests and responses of product search, independent of HTTP.
#ifndef LEAFLOAF_SEARCH_SEARCH_TYPES_H_
#define LEAFLOAF_SEARCH_SEARCH_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leafloaf::search {

struct SearchFilters {
  // Category path or any prefix of it ("Dairy", "Dairy > Milk"), case-insensitive.
  std::string category;
  // Any of these brands, case-insensitive.
  std::vector<std::string> brands;
  std::optional<int64_t> min_price_cents;
  std::optional<int64_t> max_price_cents;
  // Every one of these dietary tags (canonical names, see catalog/dietary.h).
  std::vector<std::string> dietary_tags;
  bool in_stock_only = false;

  bool empty() const {
    return category.empty() && brands.empty() && !min_price_cents && !max_price_cents &&
           dietary_tags.empty() && !in_stock_only;
  }
};

// The most hits one request may ask for (the personalized ranker's
// candidates); the HTTP API's own limit is 100.
inline constexpr int kMaxSearchLimit = 1000;
// Query words (after stop words are removed) past this many are ignored:
// a word group is a bit of a 32-bit mask when scoring.
inline constexpr size_t kMaxQueryWords = 32;

// How text and vector rankings are fused (search/hybrid.h).
enum class HybridMode { kOff, kRrf, kRelative };

struct HybridOptions {
  HybridMode mode = HybridMode::kRelative;
  // The vector ranking's share, 0..1 (0 = text only, 1 = vectors only).
  float weight = 0.3f;
  int rrf_k = 60;  // reciprocal rank fusion's rank offset
  // Nearest neighbours fetched from the vector index.
  int neighbours = 32;
  // Products only the vector side found need at least this cosine.
  float min_similarity = 0.35f;
  // When > 0, the vector side is skipped when at least this many text hits
  // (of the page and the 64 after it) name every query word, and
  // ProductIndex::SearchHybrid embeds the query only for the others (one
  // text pass more for those). Saves a remote embedder's calls; costs
  // relevance: in the search benchmark 10 gave 1.5x the QPS but nDCG@10
  // 0.894 instead of 0.907 (vectors help category-like queries even when
  // many names carry every word). 0 = the vectors always run.
  int text_confident_hits = 0;
};

struct SearchRequest {
  std::string query;
  int limit = 20;   // 1..kMaxSearchLimit (the HTTP API allows 1..100)
  int offset = 0;   // 0..10000
  SearchFilters filters;
  bool prefix = true;   // the last word also matches as a prefix (search as you type)
  bool typos = true;    // typo tolerance
  bool facets = true;
  // The query's embedding (unit length; empty = text only), and how to
  // fuse it. SearchService fills both from the shop's embedder and config.
  std::vector<float> query_vector;
  HybridOptions hybrid;
};

// A highlighted field: the text with <mark>...</mark> around matched words.
struct Highlight {
  std::string field;
  std::string snippet;
  std::vector<std::string> matched_tokens;
};

struct SearchHit {
  std::string product_id;
  std::string name;
  std::string brand;
  std::string category;
  int64_t price_cents = 0;
  std::vector<std::string> dietary_tags;
  bool in_stock = true;
  int64_t orders = 0;  // order lines naming the product, as indexed (popularity)
  double score = 0;
  // Cosine similarity to the query's embedding (hybrid search only).
  std::optional<float> vector_similarity;
  std::vector<Highlight> highlights;
};

struct FacetCount {
  std::string value;
  int64_t count = 0;
};

struct Facets {
  std::vector<FacetCount> brand;
  std::vector<FacetCount> category;    // full paths
  std::vector<FacetCount> department;  // top level of the path
  std::vector<FacetCount> dietary_tags;
  std::vector<FacetCount> price_range;  // "0-2", "2-5", "5-10", "10-20", "20+" (currency units)
  int64_t in_stock = 0;
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  // Hits matching every used query word and the filters, plus those only
  // the vector side found.
  int64_t total = 0;
  // Whether vector similarity took part in the ranking.
  bool hybrid_applied = false;
  // Hybrid was asked for and the text side is not confident, but the
  // request had no query vector: embed the query and search again
  // (ProductIndex::SearchHybrid does).
  bool needs_query_vector = false;
  Facets facets;
  // Query words that no product matches were dropped (like Typesense's drop_tokens).
  std::vector<std::string> dropped_words;
  double took_ms = 0;
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_SEARCH_TYPES_H_
