// The one place that maps absl::Status codes to HTTP statuses (STYLE.md),
// and the JSON error body every failure returns:
//   {"error": {"code": "not_found", "message": "..."}}
#ifndef LEAFLOAF_HTTP_ERRORS_H_
#define LEAFLOAF_HTTP_ERRORS_H_

#include <string_view>

#include "absl/status/status.h"
#include "http/http_types.h"

namespace leafloaf::http {

int HttpStatusFor(absl::StatusCode code);
// snake_case name of the code: "invalid_argument", "not_found", ...
std::string_view ErrorCodeName(absl::StatusCode code);

// REQUIRES: !status.ok().
HttpResponse ErrorResponse(const absl::Status& status);
// For failures outside absl (payload too large, timeouts): explicit parts.
HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_ERRORS_H_
