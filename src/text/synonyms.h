// Synonyms: a shop's synonym rules, as written in its YAML file.
//
//   synonyms:
//     - [soda, pop]                       # a group: every phrase means the others
//     - [garbanzo, chickpea, chick pea]   # phrases may have several words
//     - [ice cream, gelato]
//     - {from: [pop], to: [soda]}          # one-way: "pop" also finds "soda"
//
// A group makes its phrases equivalent in both directions; a one-way rule
// adds the `to` phrases to a query for any `from` phrase, not the reverse.
// Rules do not chain: [a, b] and [b, c] make a~b and b~c, not a~c.
// An empty file, or one with `synonyms: []`, has no rules. Other top-level
// keys are rejected (a typo must not silently disable synonyms).
//
// Synonyms only holds and validates the phrases; Analyzer::Create folds,
// tokenizes and stems them with the analyzer's own options, so a rule
// written "Yoghurts" matches a query "yoghurt" (docs/SEARCH_TEXT.md).
//
// Limits, each a kInvalidArgument naming the YAML line: a phrase has
// 1..kMaxPhraseWords words and at most kMaxPhraseBytes bytes, a rule at
// most kMaxRulePhrases phrases, a file at most kMaxRules rules and
// kMaxFileBytes bytes.
//
// Thread-safety: a const Synonyms is safe to share; mutation is not.
#ifndef LEAFLOAF_TEXT_SYNONYMS_H_
#define LEAFLOAF_TEXT_SYNONYMS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace leafloaf::text {

class Synonyms {
 public:
  static constexpr size_t kMaxPhraseWords = 6;
  static constexpr size_t kMaxPhraseBytes = 200;
  static constexpr size_t kMaxRulePhrases = 64;
  static constexpr size_t kMaxRules = 100'000;
  static constexpr size_t kMaxFileBytes = size_t{8} << 20;

  struct Rule {
    // A group (two_way) makes all of `from` equivalent and leaves `to`
    // empty; a one-way rule maps each of `from` to all of `to`.
    std::vector<std::string> from;
    std::vector<std::string> to;
    bool two_way = true;
  };

  Synonyms() = default;

  // Parses the YAML text of a synonym file. kInvalidArgument for malformed
  // YAML or rules that break the format or limits; the message names the
  // line. Never throws.
  static absl::StatusOr<Synonyms> Parse(std::string_view yaml);
  // Reads and parses a file: kNotFound when it cannot be opened, else as
  // Parse, with the path in messages.
  static absl::StatusOr<Synonyms> Load(const std::string& path);

  // Adds an equivalence group of at least two phrases.
  absl::Status AddGroup(std::vector<std::string> phrases);
  // Adds a one-way rule: each of `from` also finds every one of `to`.
  absl::Status AddOneWay(std::vector<std::string> from, std::vector<std::string> to);
  // Appends the rules of `other` (a shop's file on top of the defaults).
  // kInvalidArgument if the result would have more than kMaxRules rules.
  absl::Status Merge(const Synonyms& other);

  const std::vector<Rule>& rules() const { return rules_; }
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<Rule> rules_;
};

// Checks one phrase: not empty, not too long, at most kMaxPhraseWords
// words once tokenized. The error message quotes the phrase.
absl::Status ValidateSynonymPhrase(std::string_view phrase);

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_SYNONYMS_H_
