// The search benchmark's judged query set, derived from the catalog's real
// labels; deterministic (no randomness, fixed orders). docs/BENCHMARKS.md
// ("Search") explains the construction; in short:
//
//  * aisle: every Instacart aisle with >= 5 products ("frozen pizza",
//    "soy lactosefree"); grade 2 = products in that aisle, grade 1 = the
//    rest of its department. Judged pool: Instacart.
//  * cj-category: every second Complete Journey product_category with >= 20
//    products, in name order, as a query ("frzn meat meat dinners");
//    grade 2 = products of that category. Judged pool: Complete Journey.
//  * phrasing: ~50 hand-written shopper phrasings ("greek yogurt", "paper
//    towels"), each mapped to Instacart aisles and Complete Journey
//    categories (its scope) and, optionally, to words that the product's
//    Instacart name or Complete Journey product_type must contain; grade 2
//    = in scope with such a word (or the whole scope when no words are
//    given), grade 1 = the rest of the scope. Judged pool: Instacart and
//    Complete Journey.
//  * known-item: ~100 Open Food Facts products, one every N in barcode
//    order; the query is a shortened name (brand segment before the first
//    comma dropped, first four words); grade 2 = products with exactly that
//    full name. Judged pool: the whole catalog.
//
// Products outside a query's judged pool carry no judgment (Open Food Facts
// has no categories; a Complete Journey product is neither relevant nor
// irrelevant to an Instacart aisle). They are removed from the ranking
// before scoring (a "condensed list", Sakai 2007), so an engine is neither
// rewarded nor punished for them.
//
// Typo queries ("bananna", "chedar", "yoghurt", "brocoli", ...) are scored
// apart: a hit is a top-3 product whose name contains an intended word.
#ifndef LEAFLOAF_BENCH_SEARCH_QUERIES_H_
#define LEAFLOAF_BENCH_SEARCH_QUERIES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "bench/search/catalog.h"

namespace leafloaf::searchbench {

enum class QueryGroup { kAisle, kCjCategory, kPhrasing, kKnownItem };
inline constexpr int kQueryGroups = 4;

struct JudgedQuery {
  std::string text;
  QueryGroup group = QueryGroup::kAisle;
  std::string derived_from;  // the label it was made from, for listings
  // Bit (1 << Source) per source whose products are judged.
  uint32_t judged_sources = 0;
  // Catalog index -> grade (1 or 2). Judged products not listed are 0.
  absl::flat_hash_map<int32_t, int> grades;

  bool Judged(Source source) const {
    return (judged_sources >> static_cast<int>(source)) & 1;
  }
};

struct TypoQuery {
  std::string text;                   // "bananna"
  std::vector<std::string> intended;  // lower-case words, any in the name: {"banana"}
  bool from_issue = false;            // one of the four the issue names
};

struct QuerySet {
  std::vector<JudgedQuery> judged;
  std::vector<TypoQuery> typos;
};

QuerySet BuildQueries(const BenchCatalog& catalog);

const char* GroupName(QueryGroup group);

// Lower case, every run of non-alphanumeric ASCII bytes becomes one space,
// trimmed: "FRZN MEAT/MEAT DINNERS" -> "frzn meat meat dinners".
std::string NormalizeLabel(std::string_view text);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_QUERIES_H_
