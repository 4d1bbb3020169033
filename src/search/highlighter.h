// Highlights: a field's text with <mark>…</mark> around the words that
// matched the query. The text outside marks is HTML-escaped.
#ifndef LEAFLOAF_SEARCH_HIGHLIGHTER_H_
#define LEAFLOAF_SEARCH_HIGHLIGHTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "search/search_types.h"
#include "search/term_dictionary.h"
#include "text/analyzer.h"

namespace leafloaf::search {

Highlight HighlightField(std::string_view field, std::string_view text, const text::Analyzer& analyzer,
                         const TermDictionary& dictionary, const std::vector<TermId>& matched_terms);

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_HIGHLIGHTER_H_
