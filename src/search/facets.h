// Facet counts over a set of hits: brand, category path, department (the
// path's first level), dietary tags, price ranges and in-stock.
#ifndef LEAFLOAF_SEARCH_FACETS_H_
#define LEAFLOAF_SEARCH_FACETS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "search/doc_table.h"
#include "search/search_types.h"

namespace leafloaf::search {

// Counts facets of `n` docs, the i-th being doc_at(i). Each list keeps the
// 20 largest counts, largest first (ties by value).
Facets CountFacets(const DocTable& docs, size_t n, const std::function<uint32_t(size_t)>& doc_at);

// Names of the known dietary tags set in `mask`.
std::vector<std::string> TagNames(uint32_t mask);

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_FACETS_H_
