#include "search/posting_list.h"

#include <algorithm>

namespace leafloaf::search {

void PostingList::Add(uint32_t doc, const FieldFreqs& tf) {
  if (count_ > 0 && count_ % kSkipInterval == 0) {
    skips_.push_back({last_doc_, static_cast<uint32_t>(bytes_.size())});
  }
  uint32_t delta = doc - last_doc_;  // the first doc is stored as doc - 0
  while (delta >= 0x80) {
    bytes_.push_back(static_cast<uint8_t>(delta | 0x80));
    delta >>= 7;
  }
  bytes_.push_back(static_cast<uint8_t>(delta));
  uint8_t mask = 0;
  for (int f = 0; f < kNumFields; ++f) {
    mask |= static_cast<uint8_t>((tf[f] > 0) << f);
    mask |= static_cast<uint8_t>((tf[f] > 1) << (f + kNumFields));
  }
  bytes_.push_back(mask);
  for (int f = 0; f < kNumFields; ++f) {
    if (tf[f] > 1) bytes_.push_back(tf[f]);
  }
  last_doc_ = doc;
  ++count_;
}

bool PostingList::Iterator::SkipTo(uint32_t target) {
  if (started_ && doc_ >= target) return true;
  const auto& skips = list_->skips_;
  // The first block boundary at or past target, from our position. Gallop
  // first: an intersection probes in doc order, so the target is usually
  // in this block or the next few, and a binary search over every block
  // left cost a mispredicted branch per halving.
  size_t lo = next_skip_;
  if (lo < skips.size() && skips[lo].last_doc < target) {
    size_t hi = lo + 1, step = 1;
    while (hi < skips.size() && skips[hi].last_doc < target) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    hi = std::min(hi, skips.size());
    ++lo;  // skips[lo - 1].last_doc < target
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (skips[mid].last_doc < target) lo = mid + 1; else hi = mid;
    }
    const Skip& jump = skips[lo - 1];
    const uint8_t* block = list_->bytes_.data() + jump.offset;
    if (block > p_) {
      p_ = block;
      doc_ = jump.last_doc;
    }
    next_skip_ = lo;
  }
  started_ = true;
  // Postings below target are passed over without reading their
  // frequencies: the mask's high bits say how many bytes they take. A
  // table, not std::popcount: without -mpopcnt (the build targets any
  // x86-64) that is a libgcc call, 3% of a hybrid query.
  static constexpr uint8_t kExtraBytes[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
  static_assert(kNumFields == 4, "kExtraBytes has an entry per mask of kNumFields bits");
  while (p_ != end_) {
    const uint8_t* posting = p_;
    const uint32_t delta = ReadDelta(p_);
    if (doc_ + delta >= target) {
      p_ = posting;
      return Advance();
    }
    doc_ += delta;
    p_ += 1 + kExtraBytes[*p_ >> kNumFields];
  }
  return false;
}

}  // namespace leafloaf::search
