// PostingList: the documents containing one term, with the term's
// frequency in each field, compressed. Append-only in increasing doc order
// (the index gives every new or updated product a new doc id), so updates
// never rewrite a list; deleted docs are skipped through the doc table.
//
// Encoding per posting: varint(doc - previous doc), a byte whose low four
// bits say which fields hold the term, then one byte (tf, capped at 255)
// per such field. Typical postings take 3 bytes.
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
  // Postings added, including ones of deleted docs.
  uint32_t size() const { return count_; }
  size_t MemoryBytes() const { return bytes_.capacity() + sizeof(*this); }

  class Iterator {
   public:
    explicit Iterator(const PostingList& list) : p_(list.bytes_.data()), end_(p_ + list.bytes_.size()) {}
    // Reads the next posting; false at the end.
    bool Next(uint32_t* doc, FieldFreqs* tf) {
      if (p_ == end_) return false;
      uint32_t delta = 0;
      int shift = 0;
      while (*p_ & 0x80) {
        delta |= static_cast<uint32_t>(*p_++ & 0x7F) << shift;
        shift += 7;
      }
      delta |= static_cast<uint32_t>(*p_++) << shift;
      doc_ += delta;
      *doc = doc_;
      uint8_t mask = *p_++;
      for (int f = 0; f < kNumFields; ++f) (*tf)[f] = (mask >> f) & 1 ? *p_++ : 0;
      return true;
    }

   private:
    const uint8_t* p_;
    const uint8_t* end_;
    uint32_t doc_ = 0;
  };

 private:
  std::vector<uint8_t> bytes_;
  uint32_t last_doc_ = 0;
  uint32_t count_ = 0;
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_POSTING_LIST_H_
