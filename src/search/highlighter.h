// Highlights: a field's text with <mark>…</mark> around the words that
// matched the query. The text outside marks is HTML-escaped.
#ifndef LEAFLOAF_SEARCH_HIGHLIGHTER_H_
#define LEAFLOAF_SEARCH_HIGHLIGHTER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_types.h"
#include "search/term_dictionary.h"
#include "text/analyzer.h"

namespace leafloaf::search {

Highlight HighlightField(std::string_view field, std::string_view text, const text::Analyzer& analyzer,
                         const TermDictionary& dictionary, const std::vector<TermId>& matched_terms);

// The same for an indexed name whose terms are known: `terms` are the
// analyzer's terms of `text`, one per token, in order (DocTable's
// name_terms). Only token boundaries are needed then, not stems; a name
// with no matched term is not even tokenized. Falls back to
// HighlightField when the token count does not match `terms`.
Highlight HighlightIndexedName(std::string_view text, std::span<const TermId> terms,
                               const text::Analyzer& analyzer, const TermDictionary& dictionary,
                               const std::vector<TermId>& matched_terms);

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_HIGHLIGHTER_H_
