// Typed query-string parameters: a missing or empty parameter gives the
// fallback; a malformed or out-of-range one is kInvalidArgument naming it.
// Dietary restrictions are read the same way from a query or a JSON body.
#ifndef LEAFLOAF_HTTP_QUERY_PARAMS_H_
#define LEAFLOAF_HTTP_QUERY_PARAMS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "http/http_types.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

// An integer in [lo, hi].
absl::StatusOr<int> IntQueryParam(const HttpRequest& r, std::string_view name, int fallback, int lo,
                                  int hi);
// "true"/"1" or "false"/"0".
absl::StatusOr<bool> BoolQueryParam(const HttpRequest& r, std::string_view name, bool fallback);
// "vegan,gluten-free": canonical dietary tags (catalog/dietary.h), empty
// when absent; an unknown tag is kInvalidArgument. Declared restrictions:
// every suggested product must carry every tag.
absl::StatusOr<std::vector<std::string>> DietaryQueryParam(const HttpRequest& r,
                                                          std::string_view name);
// The same read from a JSON body's `field`: a list of tags or one
// comma-separated string (json_body.h's StringList); empty when absent.
absl::StatusOr<std::vector<std::string>> DietaryBodyField(const nlohmann::json& body,
                                                         std::string_view field);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_QUERY_PARAMS_H_
