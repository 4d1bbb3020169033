// libFuzzer entry point for the value parsers the importers run on every
// CSV field: money, ISO and day-month-year dates, package sizes, dietary
// tags (run: scripts/fuzz values).
// Properties: never crashes; a parsed amount formats and re-parses to
// itself; a parsed time formats and re-parses to itself (to the second).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "catalog/dietary.h"
#include "catalog/package_size.h"
#include "common/money.h"
#include "common/time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto cents = leafloaf::ParseMoney(text); cents.ok()) {
    auto again = leafloaf::ParseMoney(leafloaf::FormatMoney(*cents));
    if (!again.ok() || *again != *cents) std::abort();
  }
  if (auto t = leafloaf::ParseIsoTime(text); t.ok()) {
    auto again = leafloaf::ParseIsoTime(leafloaf::FormatIsoTime(*t));
    if (!again.ok() || *again != *t) std::abort();
  }
  (void)leafloaf::ParseDayMonthYear(text);
  (void)leafloaf::ParsePackageSize(text);
  (void)leafloaf::ParseDietaryTags(text);
  (void)leafloaf::InferDietaryTags(text, text);
  return 0;
}
