// libFuzzer target for the event journal's record and segment readers
// (scripts/fuzz journal): damaged files must read as torn or damaged,
// never crash or over-read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "store/sqlite/journal_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  while (!bytes.empty()) {
    auto read = leafloaf::sqlite::ReadRecord(bytes);
    if (!read.ok() || read->kind != leafloaf::sqlite::DecodedRecord::Kind::kRecord) break;
    bytes.remove_prefix(read->size);
  }
  // A whole segment, with the search past a tear.
  bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  (void)leafloaf::sqlite::ReadSegmentBytes(bytes, /*newest=*/true, 0);
  (void)leafloaf::sqlite::ReadSegmentBytes(bytes, /*newest=*/false, 0);
  return 0;
}
