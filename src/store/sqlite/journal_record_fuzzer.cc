// libFuzzer target for the event journal's record reader (scripts/fuzz
// journal): damaged files must read as torn, never crash or over-read.
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
  return 0;
}
