#include "http/query_params.h"

#include <charconv>
#include <string>

#include "absl/strings/str_format.h"

namespace leafloaf::http {

absl::StatusOr<int> IntQueryParam(const HttpRequest& r, std::string_view name, int fallback, int lo, int hi) {
  auto text = r.Query(name);
  if (!text || text->empty()) return fallback;
  int v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < lo || v > hi) {
    return absl::InvalidArgumentError(absl::StrFormat("%s must be an integer from %d to %d",
                                                      std::string(name), lo, hi));
  }
  return v;
}

absl::StatusOr<bool> BoolQueryParam(const HttpRequest& r, std::string_view name, bool fallback) {
  auto text = r.Query(name);
  if (!text || text->empty()) return fallback;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  return absl::InvalidArgumentError(absl::StrFormat("%s must be true or false", std::string(name)));
}

}  // namespace leafloaf::http
