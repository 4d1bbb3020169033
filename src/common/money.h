// Money is integer cents everywhere (DESIGN.md). These helpers convert at
// the edges: CSV decimals in, JSON numbers out.
#ifndef LEAFLOAF_COMMON_MONEY_H_
#define LEAFLOAF_COMMON_MONEY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace leafloaf {

using Cents = int64_t;

// Parses "3.86", "-5.487", "$1,299.00", "12" into cents, rounding half away
// from zero past the second decimal. Rejects empty, non-numeric and
// out-of-range text with kInvalidArgument.
absl::StatusOr<Cents> ParseMoney(std::string_view text);

// Formats cents as a plain decimal with two places: 1234 -> "12.34".
std::string FormatMoney(Cents cents);

// Cents as a double number of currency units, for JSON.
inline double CentsToUnits(Cents cents) { return static_cast<double>(cents) / 100.0; }

}  // namespace leafloaf

#endif  // LEAFLOAF_COMMON_MONEY_H_
