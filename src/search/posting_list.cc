#include "search/posting_list.h"

namespace leafloaf::search {

void PostingList::Add(uint32_t doc, const FieldFreqs& tf) {
  uint32_t delta = doc - last_doc_;  // the first doc is stored as doc - 0
  while (delta >= 0x80) {
    bytes_.push_back(static_cast<uint8_t>(delta | 0x80));
    delta >>= 7;
  }
  bytes_.push_back(static_cast<uint8_t>(delta));
  uint8_t mask = 0;
  for (int f = 0; f < kNumFields; ++f) mask |= static_cast<uint8_t>((tf[f] > 0) << f);
  bytes_.push_back(mask);
  for (int f = 0; f < kNumFields; ++f) {
    if (tf[f] > 0) bytes_.push_back(tf[f]);
  }
  last_doc_ = doc;
  ++count_;
}

}  // namespace leafloaf::search
