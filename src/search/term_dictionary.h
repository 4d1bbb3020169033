// TermDictionary: the vocabulary of one index. Maps index terms (stemmed)
// to dense ids, and keeps the surface forms (folded, unstemmed words) that
// produced them, sorted, for prefix search and typo tolerance.
//
// Typo tolerance follows Typesense/Meilisearch: no edit for words under 5
// characters, 1 edit for 5–8, 2 edits from 9 up (Damerau–Levenshtein,
// counting an adjacent transposition as one edit). Candidates are found by
// walking the sorted surfaces like a trie, reusing the edit-distance rows
// of the shared prefix and skipping whole prefix ranges that cannot match.
// A word walks only the surfaces sharing its first character; those
// starting otherwise are within one edit only by an edit at the start, and
// are looked up (see TypoMatches). A word allowed two edits (9 characters
// or more) also finds surfaces one edit of the first character and one
// more away, but only when no surface is within one edit of it (as
// Typesense looks for more typos only while fewer found nothing). At equal
// edits, surfaces sharing the first character rank first.
//
// Thread-safety: not synchronized; the owning index guards it.
#ifndef LEAFLOAF_SEARCH_TERM_DICTIONARY_H_
#define LEAFLOAF_SEARCH_TERM_DICTIONARY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace leafloaf::search {

using TermId = uint32_t;
inline constexpr TermId kNoTerm = 0xFFFFFFFF;

struct TermMatch {
  TermId term;
  uint8_t edits;   // 0 for exact and prefix matches
  bool prefix;     // matched as a prefix of the surface
};

class TermDictionary {
 public:
  // The id of `term`, adding it when new.
  TermId Intern(std::string_view term);
  // Records that `surface` (a folded word) produced `term`.
  void AddSurface(std::string_view surface, TermId term);
  // The id of a term, or kNoTerm.
  TermId Find(std::string_view term) const;
  const std::string& TermText(TermId id) const { return terms_[id]; }
  size_t size() const { return terms_.size(); }

  // Terms whose surface starts with `prefix` (folded), at most `limit`.
  void PrefixMatches(std::string_view prefix, size_t limit, std::vector<TermMatch>* out) const;
  // Terms whose surface is within the allowed edits of `word` (folded),
  // excluding exact matches; at most `limit`, fewest edits first.
  void TypoMatches(std::string_view word, size_t limit, std::vector<TermMatch>* out) const;

  // Allowed edits for a word of `length` characters: 0, 1 or 2.
  static int AllowedEdits(size_t length);

  // Merges recently added surfaces; call after a bulk build.
  void Finish() { Compact(); }

  // Bytes held, for memory reporting.
  size_t MemoryBytes() const;

 private:
  struct Surface {
    std::string text;
    TermId term;
    bool operator<(const Surface& o) const { return text < o.text; }
  };
  // Merges pending_ into sorted_. Called by AddSurface when pending_ grows
  // and by Finish(); lookups read both.
  void Compact();

  static constexpr size_t kMaxPending = 512;

  std::vector<std::string> terms_;
  absl::flat_hash_map<std::string, TermId> ids_;
  absl::flat_hash_map<std::string, TermId> surface_ids_;  // dedupes surfaces
  // Sorted surfaces, plus recently added ones not merged yet.
  std::vector<Surface> sorted_;
  std::vector<Surface> pending_;  // unsorted, at most kMaxPending
  std::vector<std::string> leads_;  // sorted: every first character (UTF-8) of a surface
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_TERM_DICTIONARY_H_
