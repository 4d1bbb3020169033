// SynonymTable: the compiled, query-side form of Synonyms. Keys and
// alternatives are analyzed phrases: stemmed terms joined by one space
// ("ice cream" -> "ice cream", "chick peas" -> "chick pea").
//
// Thread-safety: built once (Add), then only read; concurrent reads are safe.
#ifndef LEAFLOAF_TEXT_SYNONYM_TABLE_H_
#define LEAFLOAF_TEXT_SYNONYM_TABLE_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace leafloaf::text {

class SynonymTable {
 public:
  // Records that `key` also finds `alternative`. Ignores empty phrases,
  // self-references and duplicates.
  void Add(const std::string& key, const std::string& alternative);

  // Alternatives of a key; empty when it has none. The span stays valid
  // as long as the table is not modified.
  std::span<const std::string> Find(std::string_view key) const;

  // The most words in any key, for longest-match scanning.
  size_t max_key_words() const { return max_key_words_; }
  bool empty() const { return alternatives_.empty(); }

 private:
  absl::flat_hash_map<std::string, std::vector<std::string>> alternatives_;
  size_t max_key_words_ = 0;
};

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_SYNONYM_TABLE_H_
