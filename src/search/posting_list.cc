#include "search/posting_list.h"

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
  // The last block whose preceding doc is below target, past our position.
  size_t lo = next_skip_, hi = skips.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (skips[mid].last_doc < target) lo = mid + 1; else hi = mid;
  }
  if (lo > next_skip_) {
    const Skip& jump = skips[lo - 1];
    const uint8_t* block = list_->bytes_.data() + jump.offset;
    if (block > p_) {
      p_ = block;
      doc_ = jump.last_doc;
    }
    next_skip_ = lo;
  }
  started_ = true;
  while (Advance()) {
    if (doc_ >= target) return true;
  }
  return false;
}

}  // namespace leafloaf::search
