// Package sizes: "22 LB", "1/2 gal", "12 OZ", "6 ct", "500 g" -> size + unit.
#ifndef LEAFLOAF_CATALOG_PACKAGE_SIZE_H_
#define LEAFLOAF_CATALOG_PACKAGE_SIZE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace leafloaf {

struct PackageSize {
  double amount = 0;
  std::string unit;  // one of: oz, fl oz, lb, g, kg, ml, l, gal, qt, pt, ct, pk
};

// Parses a free-text package size. kInvalidArgument when no amount and known
// unit can be read.
absl::StatusOr<PackageSize> ParsePackageSize(std::string_view text);

}  // namespace leafloaf

#endif  // LEAFLOAF_CATALOG_PACKAGE_SIZE_H_
