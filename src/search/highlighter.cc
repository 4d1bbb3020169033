#include "search/highlighter.h"

#include <algorithm>

#include "text/tokenizer.h"

namespace leafloaf::search {
namespace {

void AppendEscaped(std::string* out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '&': *out += "&amp;"; break;
      case '"': *out += "&quot;"; break;
      default: out->push_back(c);
    }
  }
}

// Appends text[copied, begin) escaped, then text[begin, end) marked;
// moves `copied` to `end`. Tokens out of order or past the text are skipped.
void Mark(Highlight* h, std::string_view text, size_t begin, size_t end, size_t* copied) {
  if (begin < *copied || end > text.size()) return;
  AppendEscaped(&h->snippet, text.substr(*copied, begin - *copied));
  h->snippet += "<mark>";
  AppendEscaped(&h->snippet, text.substr(begin, end - begin));
  h->snippet += "</mark>";
  h->matched_tokens.emplace_back(text.substr(begin, end - begin));
  *copied = end;
}

}  // namespace

Highlight HighlightField(std::string_view field, std::string_view text, const text::Analyzer& analyzer,
                         const TermDictionary& dictionary, const std::vector<TermId>& matched_terms) {
  Highlight h;
  h.field = std::string(field);
  size_t copied = 0;
  for (const text::Token& t : analyzer.AnalyzeField(text)) {
    TermId id = dictionary.Find(t.term);
    if (id == kNoTerm || std::find(matched_terms.begin(), matched_terms.end(), id) == matched_terms.end()) {
      continue;
    }
    Mark(&h, text, t.begin, t.end, &copied);
  }
  AppendEscaped(&h.snippet, text.substr(copied));
  return h;
}

Highlight HighlightIndexedName(std::string_view text, std::span<const TermId> terms,
                               const text::Analyzer& analyzer, const TermDictionary& dictionary,
                               const std::vector<TermId>& matched_terms) {
  auto matched = [&](TermId id) {
    return std::find(matched_terms.begin(), matched_terms.end(), id) != matched_terms.end();
  };
  Highlight h;
  h.field = "name";
  if (std::none_of(terms.begin(), terms.end(), matched)) {
    AppendEscaped(&h.snippet, text);
    return h;
  }
  size_t index = 0, copied = 0;
  bool aligned = true;
  text::Tokenize(text, [&](const text::RawToken& t) {
    if (index >= terms.size()) {
      aligned = false;
      return;
    }
    if (matched(terms[index++])) Mark(&h, text, t.begin, t.end, &copied);
  });
  if (!aligned || index != terms.size()) {
    return HighlightField("name", text, analyzer, dictionary, matched_terms);
  }
  AppendEscaped(&h.snippet, text.substr(copied));
  return h;
}

}  // namespace leafloaf::search
