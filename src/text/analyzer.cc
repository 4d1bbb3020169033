#include "text/analyzer.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "text/folding.h"
#include "text/stemmer.h"
#include "text/stop_words.h"
#include "text/tokenizer.h"

namespace leafloaf::text {
namespace {

constexpr size_t kMaxFieldBytes = std::numeric_limits<uint32_t>::max();

// Drops stop words unless nothing else is left.
void RemoveStopWords(std::vector<Token>& tokens) {
  bool only_stop_words =
      std::all_of(tokens.begin(), tokens.end(), [](const Token& token) { return token.stop_word; });
  if (only_stop_words) return;
  std::erase_if(tokens, [](const Token& token) { return token.stop_word; });
}

}  // namespace

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(AnalyzerOptions options,
                                                           Synonyms synonyms) {
  if (options.stem && !EnglishStemmerAvailable()) {
    return absl::InternalError("libstemmer has no English stemmer for UTF-8");
  }
  std::unique_ptr<Analyzer> analyzer(new Analyzer(options));
  analyzer->CompileSynonyms(synonyms);
  return analyzer;
}

void Analyzer::AnalyzeFieldInto(std::string_view text, std::vector<Token>* tokens) const {
  if (text.size() > kMaxFieldBytes) text = text.substr(0, kMaxFieldBytes);
  Tokenize(text, [this, tokens](const RawToken& raw) {
    Token& token = tokens->emplace_back();
    token.surface.assign(raw.surface);
    token.position = raw.position;
    token.begin = raw.begin;
    token.end = raw.end;
    token.numeric = raw.numeric;
    token.stop_word = !raw.numeric && IsStopWord(raw.surface);
    if (options_.stem && !raw.numeric) {
      StemWord(raw.surface, &token.term);
    } else {
      token.term.assign(raw.surface);
    }
  });
}

std::vector<Token> Analyzer::AnalyzeField(std::string_view text) const {
  std::vector<Token> tokens;
  // A little more than the usual token density, within reason.
  tokens.reserve(std::min<size_t>(text.size() / 5 + 1, 4096));
  AnalyzeFieldInto(text, &tokens);
  return tokens;
}

absl::StatusOr<std::vector<Token>> Analyzer::AnalyzeQuery(std::string_view query) const {
  if (query.size() > options_.max_query_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("query is longer than ", options_.max_query_bytes, " bytes"));
  }
  if (!IsValidUtf8(query)) return absl::InvalidArgumentError("query is not valid UTF-8");
  std::vector<Token> tokens;
  tokens.reserve(8);
  AnalyzeFieldInto(query, &tokens);
  if (options_.remove_stop_words) RemoveStopWords(tokens);
  return tokens;
}

std::vector<std::string> Analyzer::SynonymsOf(std::string_view term) const {
  std::span<const std::string> found = synonyms_.Find(term);
  return {found.begin(), found.end()};
}

std::vector<SynonymMatch> Analyzer::FindSynonyms(std::span<const Token> query) const {
  std::vector<SynonymMatch> matches;
  if (synonyms_.empty()) return matches;
  std::string key;
  size_t first = 0;
  while (first < query.size()) {
    size_t longest = std::min(synonyms_.max_key_words(), query.size() - first);
    size_t matched = 0;
    for (size_t count = longest; count >= 1 && matched == 0; --count) {
      key.clear();
      for (size_t i = first; i < first + count; ++i) {
        if (i > first) key.push_back(' ');
        key.append(query[i].term);
      }
      std::span<const std::string> alternatives = synonyms_.Find(key);
      if (!alternatives.empty()) {
        matches.push_back({.first = first, .count = count, .alternatives = alternatives});
        matched = count;
      }
    }
    first += std::max<size_t>(matched, 1);
  }
  return matches;
}

std::string Analyzer::Fold(std::string_view text) {
  if (text.size() > kMaxFieldBytes) text = text.substr(0, kMaxFieldBytes);
  return FoldText(text);
}

std::string Analyzer::Stem(std::string_view folded_word) {
  std::string stem;
  StemWord(folded_word, &stem);
  return stem;
}

std::string Analyzer::PhraseKey(std::string_view phrase) const {
  std::vector<Token> tokens;
  AnalyzeFieldInto(phrase, &tokens);
  if (options_.remove_stop_words) RemoveStopWords(tokens);
  std::string key;
  for (const Token& token : tokens) {
    if (!key.empty()) key.push_back(' ');
    key.append(token.term);
  }
  return key;
}

void Analyzer::CompileSynonyms(const Synonyms& synonyms) {
  for (const Synonyms::Rule& rule : synonyms.rules()) {
    std::vector<std::string> from;
    for (const std::string& phrase : rule.from) from.push_back(PhraseKey(phrase));
    if (rule.two_way) {
      for (const std::string& key : from) {
        for (const std::string& other : from) synonyms_.Add(key, other);
      }
      continue;
    }
    std::vector<std::string> to;
    for (const std::string& phrase : rule.to) to.push_back(PhraseKey(phrase));
    for (const std::string& key : from) {
      for (const std::string& other : to) synonyms_.Add(key, other);
    }
  }
}

}  // namespace leafloaf::text
