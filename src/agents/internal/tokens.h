// The token layer under the rules, the entity extractor and the classifier:
// an utterance folded (text/folding.h: NFKC, case fold, accents stripped,
// invalid UTF-8 as separators) and cut into words, numbers and the few
// punctuation marks that carry meaning ("," "." "$" "&" "%").
//
// Thread-safety: pure functions.
#ifndef LEAFLOAF_AGENTS_INTERNAL_TOKENS_H_
#define LEAFLOAF_AGENTS_INTERNAL_TOKENS_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leafloaf::agents::internal {

struct Token {
  enum class Kind { kWord, kNumber, kPunct };
  Kind kind = Kind::kWord;
  std::string text;          // folded; apostrophes dropped ("what's" -> "whats")
  double value = 0;          // kNumber: the value ("2.5" -> 2.5)
  bool capitalized = false;  // the original first character was an ASCII capital

  bool is(std::string_view word) const { return text == word; }
  bool is_word() const { return kind == Kind::kWord; }
  bool is_number() const { return kind == Kind::kNumber; }
};

// Bytes of an utterance looked at; the rest is ignored (shoppers' messages
// are short; this bounds the cost of junk input).
inline constexpr size_t kMaxUtteranceBytes = 1024;
// Tokens kept; the rest is ignored.
inline constexpr size_t kMaxTokens = 96;

// Splits `utterance` into tokens. Never fails: junk yields few or no tokens.
std::vector<Token> Tokenize(std::string_view utterance);

// The tokens' texts joined by single spaces, numbers as "0": the text the
// classifier is trained on and queried with.
std::string ClassifierText(std::span<const Token> tokens);

// True when `token` is `cue` or a likely typo of it: one edit (insertion,
// deletion, substitution or transposition of neighbours) for cues of 4+
// characters, two for 8+, with the same first letter. Short cues match
// exactly.
bool FuzzyEquals(std::string_view token, std::string_view cue);

// Optimal string alignment distance, capped: returns at most `cap` + 1.
int EditDistance(std::string_view a, std::string_view b, int cap);

// Light singular form for matching: "loaves" -> "loaf", "berries" ->
// "berry", "tomatoes" -> "tomato", "milks" -> "milk"; short words unchanged.
std::string Singular(std::string_view word);

// Value of a number word ("two" -> 2, "dozen" -> 12), or nullopt.
std::optional<double> NumberWord(std::string_view word);

// Appends `code_point` as UTF-8.
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace leafloaf::agents::internal

#endif  // LEAFLOAF_AGENTS_INTERNAL_TOKENS_H_
