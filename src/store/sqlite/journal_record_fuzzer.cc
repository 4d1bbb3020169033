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
  // A whole segment, with the search past a tear; its first sequence from
  // the input's first byte.
  if (size == 0) return 0;
  const uint64_t first = 1 + data[0];
  bytes = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)leafloaf::sqlite::ReadSegmentBytes(bytes, /*newest=*/true, first);
  (void)leafloaf::sqlite::ReadSegmentBytes(bytes, /*newest=*/false, first);
  return 0;
}
