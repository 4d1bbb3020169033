// The caller's vocabulary for entity extraction: the brands a shop sells.
// Matching is case- and accent-insensitive and ignores apostrophes, '&' vs
// "and" and a final possessive/plural 's' ("ben and jerrys" matches
// "Ben & Jerry's"; "haagen dazs" matches "Häagen-Dazs"). Brands that are
// also everyday words ("Kind", "Glad", "Dawn", "all", "hello") match only
// when the shopper capitalised them, so "what kind of milk" names no brand.
//
// Thread-safety: immutable after construction; Match is const and safe for
// concurrent callers.
#ifndef LEAFLOAF_AGENTS_LEXICON_H_
#define LEAFLOAF_AGENTS_LEXICON_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "agents/internal/tokens.h"

namespace leafloaf::agents {

class Lexicon {
 public:
  // An empty lexicon: no brands.
  Lexicon() = default;
  // Brands as the shop spells them; duplicates and unmatchable names (no
  // letters or digits) are ignored.
  explicit Lexicon(std::span<const std::string> brands);
  explicit Lexicon(std::initializer_list<std::string_view> brands);

  struct Match {
    size_t begin = 0;  // token range [begin, end)
    size_t end = 0;
    const std::string* brand = nullptr;  // owned by the lexicon
  };
  // Longest non-overlapping brand matches over `tokens`, left to right.
  std::vector<Match> Find(std::span<const internal::Token> tokens) const;

  size_t size() const { return brands_.size(); }

 private:
  struct Entry {
    std::vector<std::string> words;  // normalized, see Key()
    size_t brand = 0;                // index in brands_
    bool needs_capital = false;
  };
  void Add(std::string_view brand);
  // Adds the possessive first word of multi-word brands as an alias when
  // no other brand shares it: "Rao's" for "Rao's Homemade", but not
  // "Nature's" (Nature's Path, Nature's Own, ...).
  void AddPossessiveAliases();

  std::vector<std::string> brands_;
  absl::flat_hash_map<std::string, std::vector<Entry>> by_first_word_;
};

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_LEXICON_H_
