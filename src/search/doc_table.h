// DocTable: per-document data the index needs at query time: liveness,
// field lengths, filter and facet values, the name (for results and
// highlights) and the name's term sequence (for phrase and exact boosts).
// Brands and categories are interned to small ids.
//
// Doc ids are dense and never reused: updating a product adds a new doc
// and marks the old one dead.
//
// Thread-safety: not synchronized; the owning index guards it.
#ifndef LEAFLOAF_SEARCH_DOC_TABLE_H_
#define LEAFLOAF_SEARCH_DOC_TABLE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "common/strings.h"
#include "catalog/product.h"
#include "search/posting_list.h"
#include "search/term_dictionary.h"

namespace leafloaf::search {

// Filter and facet values of a doc (20 bytes).
struct DocInfo {
  int32_t price_cents = 0;  // clamped to ±$21M
  uint32_t brand = 0;     // interned; 0 = no brand
  uint32_t category = 0;  // interned; 0 = no category
  uint32_t tags = 0;      // bit i = KnownDietaryTags()[i]
  bool in_stock = true;
};

// What scoring reads for every hit (12 bytes), kept apart from DocInfo so
// that a broad query's random reads touch a 1.5 MB array rather than a
// 4 MB one (measured: the DocInfo cache miss was a quarter of the
// intersection's time on the 126,797-product benchmark catalog).
struct DocStats {
  std::array<uint16_t, kNumFields> length{};  // tokens per field
  float popularity = 0;                       // log(1 + orders)
};

class DocTable {
 public:
  DocTable();
  DocTable(const DocTable&) = delete;
  DocTable& operator=(const DocTable&) = delete;

  // Adds a doc for `p`; returns its id. Marks the product's previous doc
  // dead. `name_terms` is the name's term sequence.
  uint32_t Add(const Product& p, float popularity, const std::array<uint16_t, kNumFields>& lengths,
               std::vector<TermId> name_terms);
  // Marks the product's doc dead; false when it is not indexed.
  bool Remove(std::string_view external_id);
  // Sets the live doc's in-stock flag; false when it is not indexed.
  bool SetInStock(std::string_view external_id, bool in_stock);
  std::optional<uint32_t> Find(std::string_view external_id) const;

  const DocInfo& info(uint32_t doc) const { return docs_[doc]; }
  const DocStats& stats(uint32_t doc) const { return stats_[doc]; }
  // A bit per doc (16 KB per 128k docs): the hot check of every posting.
  bool live(uint32_t doc) const { return (live_bits_[doc >> 6] >> (doc & 63)) & 1; }
  std::string_view external_id(uint32_t doc) const { return Text(ids_[doc]); }
  std::string_view name(uint32_t doc) const { return Text(names_[doc]); }
  const std::string& brand_name(uint32_t id) const { return brands_[id]; }
  const std::string& category_name(uint32_t id) const { return categories_[id]; }
  std::span<const TermId> name_terms(uint32_t doc) const {
    return std::span<const TermId>(name_terms_).subspan(
        name_term_start_[doc], name_term_start_[doc + 1] - name_term_start_[doc]);
  }
  // Cache hints for a list of docs read in turn (a results page, the
  // reranked head): what a doc's name terms start from (first), then the
  // terms (once the start is loaded), and what a results page reads.
  void PrefetchNameTermStart(uint32_t doc) const { __builtin_prefetch(&name_term_start_[doc]); }
  void PrefetchNameTerms(uint32_t doc) const {
    __builtin_prefetch(name_terms_.data() + name_term_start_[doc]);  // may be the end: a hint only
  }
  void PrefetchPage(uint32_t doc) const {
    __builtin_prefetch(&docs_[doc]);
    __builtin_prefetch(&ids_[doc]);
    __builtin_prefetch(&names_[doc]);
    __builtin_prefetch(&stats_[doc]);
  }
  size_t brand_count() const { return brands_.size(); }
  size_t category_count() const { return categories_.size(); }

  uint32_t size() const { return static_cast<uint32_t>(docs_.size()); }  // live and dead
  uint32_t live_count() const { return live_; }
  // Mean tokens per field over live docs.
  double avg_length(int field) const;

  // Filter helpers: ids of brands/categories matching case-insensitively
  // (a category matches its path or any path prefix).
  std::vector<bool> MatchBrands(const std::vector<std::string>& brands) const;
  std::vector<bool> MatchCategories(std::string_view category) const;
  // Bit mask of known dietary tags; nullopt when one is not a known tag.
  static std::optional<uint32_t> TagMask(const std::vector<std::string>& tags);

  // Releases spare capacity after a bulk load.
  void ShrinkToFit();
  size_t MemoryBytes() const;

 private:
  // A string stored in text_: offset and length. Offsets, not pointers,
  // so text_ may reallocate.
  struct TextRef {
    uint32_t offset;
    uint32_t length;
  };
  std::string_view Text(TextRef r) const { return std::string_view(text_).substr(r.offset, r.length); }
  TextRef AddText(std::string_view s);
  uint32_t Intern(std::vector<std::string>& names, absl::flat_hash_map<std::string, uint32_t>& ids,
                  const std::string& value);

  // Live docs by external id. The set holds doc ids only; hashing and
  // equality look the id's text up, so a lookup by string needs no copy.
  struct IdHash {
    using is_transparent = void;
    const DocTable* table;
    size_t operator()(uint32_t doc) const { return (*this)(table->external_id(doc)); }
    size_t operator()(std::string_view id) const { return absl::HashOf(AsAbsl(id)); }
  };
  struct IdEq {
    using is_transparent = void;
    const DocTable* table;
    std::string_view View(uint32_t doc) const { return table->external_id(doc); }
    std::string_view View(std::string_view id) const { return id; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const { return View(a) == View(b); }
  };

  std::vector<DocInfo> docs_;
  std::vector<DocStats> stats_;     // by doc
  std::vector<uint64_t> live_bits_;  // bit doc & 63 of word doc >> 6
  std::string text_;               // external ids and names, back to back
  std::vector<TextRef> ids_;       // by doc
  std::vector<TextRef> names_;     // by doc
  std::vector<TermId> name_terms_;        // all docs' name terms, concatenated
  std::vector<uint32_t> name_term_start_;  // doc -> offset; size() + 1 entries
  absl::flat_hash_set<uint32_t, IdHash, IdEq> by_external_id_;  // live docs only
  std::vector<std::string> brands_;
  absl::flat_hash_map<std::string, uint32_t> brand_ids_;
  std::vector<std::string> categories_;
  absl::flat_hash_map<std::string, uint32_t> category_ids_;
  std::array<double, kNumFields> length_sum_{};
  uint32_t live_ = 0;
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_DOC_TABLE_H_
