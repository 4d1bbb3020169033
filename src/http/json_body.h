// Reading JSON request bodies without exceptions: parse errors and type
// mismatches become kInvalidArgument naming the field.
#ifndef LEAFLOAF_HTTP_JSON_BODY_H_
#define LEAFLOAF_HTTP_JSON_BODY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "http/http_types.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

// The body as JSON; kInvalidArgument when empty or malformed.
absl::StatusOr<nlohmann::json> ParseJsonBody(const HttpRequest& request);

// Optional typed fields of an object. Absent or null gives nullopt; a value
// of the wrong type gives kInvalidArgument("FIELD must be a ...").
absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& obj,
                                                         std::string_view field);
absl::StatusOr<std::optional<double>> OptionalNumber(const nlohmann::json& obj,
                                                    std::string_view field);
absl::StatusOr<std::optional<int64_t>> OptionalInteger(const nlohmann::json& obj,
                                                      std::string_view field);
absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& obj, std::string_view field);
// A list of strings, also accepted as one comma-separated string.
absl::StatusOr<std::vector<std::string>> StringList(const nlohmann::json& obj,
                                                    std::string_view field);

// Splits "a,b, c" into trimmed non-empty parts.
std::vector<std::string> SplitCommaList(std::string_view text);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_JSON_BODY_H_
