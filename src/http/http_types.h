// The HTTP request and response as handlers see them: plain structs with
// no Beast types, so route code compiles fast and tests need no sockets.
#ifndef LEAFLOAF_HTTP_HTTP_TYPES_H_
#define LEAFLOAF_HTTP_HTTP_TYPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, "/api/products?limit=5"
  std::string path;    // decoded path without the query
  absl::flat_hash_map<std::string, std::string> query;    // decoded
  absl::flat_hash_map<std::string, std::string> headers;  // lower-case names
  std::string body;

  // The header's value, or "" when absent. `name` is lower-case.
  std::string_view Header(std::string_view name) const;
  // The query parameter, or nullopt when absent.
  std::optional<std::string_view> Query(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse Json(const nlohmann::json& body, int status = 200);
  static HttpResponse Text(std::string body, std::string content_type, int status = 200);
};

// Splits a request target into a decoded path and query parameters.
// Returns false when percent-encoding is malformed.
bool ParseTarget(std::string_view target, std::string* path,
                 absl::flat_hash_map<std::string, std::string>* query);

// Percent-decodes `in` ('+' as space when `plus_as_space`). False on bad escapes.
bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_HTTP_TYPES_H_
