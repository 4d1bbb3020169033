// PostingList: the documents containing one term, with the term's
// frequency in each field, compressed. Append-only in increasing doc order
// (the index gives every new or updated product a new doc id), so updates
// never rewrite a list; deleted docs are skipped through the doc table.
//
// Encoding per posting: varint(doc - previous doc), a byte whose low four
// bits say which fields hold the term and whose high four bits say which of
// those hold it more than once, then one byte (tf, capped at 255) per field
// of the second kind. Typical postings take 2 to 3 bytes. Every 64
// postings a skip entry lets SkipTo() jump ahead.
//
// Thread-safety: not synchronized; the owning index guards it.
#ifndef LEAFLOAF_SEARCH_POSTING_LIST_H_
#define LEAFLOAF_SEARCH_POSTING_LIST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace leafloaf::search {

inline constexpr int kNumFields = 4;  // name, brand, category, description
using FieldFreqs = std::array<uint8_t, kNumFields>;

class PostingList {
 public:
  // REQUIRES: doc greater than every doc added before; some tf > 0.
  void Add(uint32_t doc, const FieldFreqs& tf);
  // Releases spare capacity after a bulk load.
  void ShrinkToFit() {
    bytes_.shrink_to_fit();
    skips_.shrink_to_fit();
  }
  // Postings added, including ones of deleted docs.
  uint32_t size() const { return count_; }
  size_t MemoryBytes() const { return bytes_.capacity() + skips_.capacity() * sizeof(Skip) + sizeof(*this); }

  // Reads postings in doc order. Positioned before the first posting.
  class Iterator {
   public:
    explicit Iterator(const PostingList& list)
        : list_(&list), p_(list.bytes_.data()), end_(p_ + list.bytes_.size()) {}
    // Moves to the next posting; false at the end.
    bool NextPosting() {
      started_ = true;
      return Advance();
    }
    // Moves to the first posting with doc >= target (never backwards);
    // false when there is none. Uses the skip table to jump over blocks.
    bool SkipTo(uint32_t target);
    uint32_t doc() const { return doc_; }
    const FieldFreqs& tf() const { return tf_; }

   private:
    // Reads a varint doc-id delta at p and moves p past it.
    static uint32_t ReadDelta(const uint8_t*& p) {
      uint32_t delta = 0;
      int shift = 0;
      while (*p & 0x80) {
        delta |= static_cast<uint32_t>(*p++ & 0x7F) << shift;
        shift += 7;
      }
      return delta | static_cast<uint32_t>(*p++) << shift;
    }
    bool Advance() {
      if (p_ == end_) return false;
      doc_ += ReadDelta(p_);
      uint8_t mask = *p_++;
      for (int f = 0; f < kNumFields; ++f) {
        tf_[f] = (mask >> (f + kNumFields)) & 1 ? *p_++ : static_cast<uint8_t>((mask >> f) & 1);
      }
      return true;
    }
    const PostingList* list_;
    const uint8_t* p_;
    const uint8_t* end_;
    uint32_t doc_ = 0;
    FieldFreqs tf_{};
    size_t next_skip_ = 0;
    bool started_ = false;
  };

 private:
  // Every kSkipInterval postings: where the block starts and the doc before
  // it (the base of its first delta).
  struct Skip {
    uint32_t last_doc;
    uint32_t offset;
  };
  static constexpr uint32_t kSkipInterval = 64;

  std::vector<uint8_t> bytes_;
  std::vector<Skip> skips_;
  uint32_t last_doc_ = 0;
  uint32_t count_ = 0;
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_POSTING_LIST_H_
