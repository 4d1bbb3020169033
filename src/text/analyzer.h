// Analyzer: turns product text and queries into index terms.
//
// Pipeline: UTF-8 validation -> Unicode normalization (NFKC), case folding
// and accent stripping (utf8proc) -> tokenization on letters/digits ->
// stop-word removal (queries keep a lone stop word) -> Snowball English
// stemming (libstemmer), which also merges singular and plural forms ->
// per-shop synonyms (see synonyms.h), applied at query time.
//
// Stop words are dropped from queries only. AnalyzeField keeps them,
// flagged Token::stop_word, so that a query made only of stop words (which
// keeps them) can still match; an index that never wants them may skip
// flagged tokens. Either way positions count them, so phrases keep gaps.
//
// The rules of each stage are in folding.h, tokenizer.h, stemmer.h,
// stop_words.h and synonyms.h; docs/SEARCH_TEXT.md has the whole picture.
//
// Thread-safety: an Analyzer is immutable after construction and safe to
// use from any thread (stemmers and scratch buffers are per thread).
#ifndef LEAFLOAF_TEXT_ANALYZER_H_
#define LEAFLOAF_TEXT_ANALYZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "text/synonym_table.h"
#include "text/synonyms.h"

namespace leafloaf::text {

struct Token {
  std::string term;       // normalized and stemmed: "berri"
  std::string surface;    // normalized, not stemmed: "berries" (for prefix/typo matching)
  uint32_t position = 0;  // 0-based token index in the field, stop words counted
  uint32_t begin = 0;     // byte offsets into the ORIGINAL text, for highlights
  uint32_t end = 0;
  bool stop_word = false;  // surface is in the stop-word list
  bool numeric = false;    // digits, maybe with "." or "/": "12", "1.5", "1/2"; never stemmed
};

struct AnalyzerOptions {
  // Drop stop words from queries, unless the query has nothing else.
  bool remove_stop_words = true;
  bool stem = true;
  // Longest input accepted by AnalyzeQuery, in bytes.
  size_t max_query_bytes = 1024;
};

// A run of query tokens that has synonyms: tokens [first, first + count)
// of the AnalyzeQuery result also match each alternative, a phrase of
// stemmed terms joined by one space ("gelato", "ice cream").
struct SynonymMatch {
  size_t first = 0;
  size_t count = 0;
  std::span<const std::string> alternatives;  // owned by the Analyzer
};

class Analyzer {
 public:
  // kInternal when stemming is on and libstemmer has no English stemmer.
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(AnalyzerOptions options,
                                                          Synonyms synonyms = {});

  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Index-time analysis of one field. Invalid UTF-8 sequences are replaced,
  // never rejected (stored data must stay searchable). Text past 4 GiB is
  // ignored (offsets are 32-bit).
  std::vector<Token> AnalyzeField(std::string_view text) const;
  // As AnalyzeField, appending to *tokens (whose capacity is reused).
  void AnalyzeFieldInto(std::string_view text, std::vector<Token>* tokens) const;

  // Query-time analysis. kInvalidArgument for invalid UTF-8 or a query over
  // max_query_bytes. An empty or all-punctuation query gives no tokens.
  absl::StatusOr<std::vector<Token>> AnalyzeQuery(std::string_view query) const;

  // Stemmed synonym alternatives of a query term (not including itself).
  // `term` is a Token::term, or several joined by one space ("ice cream").
  std::vector<std::string> SynonymsOf(std::string_view term) const;

  // Synonyms in a query, longest match first, left to right, not
  // overlapping: "vanilla ice cream" -> {first 1, count 2, ["gelato"]}.
  // The spans point into this Analyzer.
  std::vector<SynonymMatch> FindSynonyms(std::span<const Token> query) const;

  // NFKC + case fold + accent strip of text, without tokenizing.
  static std::string Fold(std::string_view text);
  // Snowball English stem of one folded word.
  static std::string Stem(std::string_view folded_word);

  const AnalyzerOptions& options() const { return options_; }

 private:
  explicit Analyzer(AnalyzerOptions options) : options_(options) {}

  // Analyzes a synonym phrase the way a query is analyzed; returns the
  // terms joined by one space.
  std::string PhraseKey(std::string_view phrase) const;
  void CompileSynonyms(const Synonyms& synonyms);

  // Constant after construction.
  const AnalyzerOptions options_;
  SynonymTable synonyms_;
};

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_ANALYZER_H_
