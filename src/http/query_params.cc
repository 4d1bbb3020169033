#include "http/query_params.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "catalog/dietary.h"
#include "common/status_macros.h"
#include "http/json_body.h"
#include "common/strings.h"

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

absl::StatusOr<std::vector<std::string>> DietaryQueryParam(const HttpRequest& r,
                                                          std::string_view name) {
  std::optional<std::string_view> text = r.Query(name);
  if (!text) return std::vector<std::string>{};
  std::vector<std::string> unknown;
  std::vector<std::string> tags = ParseDietaryTags(*text, &unknown);
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown dietary tag in ", AsAbsl(name), ": ", unknown[0]));
  }
  return tags;
}

absl::StatusOr<std::vector<std::string>> DietaryBodyField(const nlohmann::json& body,
                                                         std::string_view field) {
  LL_ASSIGN_OR_RETURN(std::vector<std::string> items, StringList(body, field));
  std::vector<std::string> tags, unknown;
  for (const std::string& item : items) {
    for (std::string& tag : ParseDietaryTags(item, &unknown)) tags.push_back(std::move(tag));
  }
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown dietary tag in ", AsAbsl(field), ": ", unknown[0]));
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

}  // namespace leafloaf::http
