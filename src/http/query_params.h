// Typed query-string parameters: a missing or empty parameter gives the
// fallback; a malformed or out-of-range one is kInvalidArgument naming it.
#ifndef LEAFLOAF_HTTP_QUERY_PARAMS_H_
#define LEAFLOAF_HTTP_QUERY_PARAMS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "http/http_types.h"

namespace leafloaf::http {

// An integer in [lo, hi].
absl::StatusOr<int> IntQueryParam(const HttpRequest& r, std::string_view name, int fallback, int lo,
                                  int hi);
// "true"/"1" or "false"/"0".
absl::StatusOr<bool> BoolQueryParam(const HttpRequest& r, std::string_view name, bool fallback);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_QUERY_PARAMS_H_
