// Hybrid ranking: fuses a text ranking (BM25F) with vector similarity.
//
// The candidates are the text ranking's head and the vector index's
// nearest neighbours. Every candidate's cosine to the query is known, so
// text hits get a vector rank too; vector-only candidates get no text
// contribution. Two fusions, as in Weaviate and Typesense:
//  * reciprocal rank (kRrf): (1-w)/(k + text_rank) + w/(k + vector_rank);
//  * relative score (kRelative): each side's scores min-max scaled to
//    [0, 1] over the candidates, then (1-w)*text + w*vector.
#ifndef LEAFLOAF_SEARCH_HYBRID_H_
#define LEAFLOAF_SEARCH_HYBRID_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "search/search_types.h"

namespace leafloaf::search {

struct HybridCandidate {
  uint32_t doc = 0;
  std::optional<float> text_score;  // absent: only the vector side found it
  float similarity = 0;             // cosine to the query
  float fused = 0;                  // output
};

// "rrf", "relative" or "off".
absl::StatusOr<HybridMode> ParseHybridMode(std::string_view name);
const char* HybridModeName(HybridMode mode);

// Fills `fused` and moves the best `keep` candidates to the front, best
// first (ties by doc id); the rest follow in no particular order. Text
// scores must be larger-is-better; text order is the order of
// `text_score`.
void FuseRankings(std::span<HybridCandidate> candidates, const HybridOptions& options,
                  size_t keep = SIZE_MAX);

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_HYBRID_H_
