// Bridges std::string_view and absl::string_view. Debian 12's abseil is
// built with ABSL_OPTION_USE_STD_STRING_VIEW=0, so absl::string_view is its
// own class and the two do not convert implicitly. LeafLoaf's interfaces
// use std::string_view; calls into absl convert with these.
#ifndef LEAFLOAF_COMMON_STRINGS_H_
#define LEAFLOAF_COMMON_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace leafloaf {

inline absl::string_view AsAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view AsStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace leafloaf

#endif  // LEAFLOAF_COMMON_STRINGS_H_
