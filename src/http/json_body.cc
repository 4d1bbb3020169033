#include "http/json_body.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/strings.h"

namespace leafloaf::http {
namespace {

const nlohmann::json* Field(const nlohmann::json& obj, std::string_view field) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

absl::Status WrongType(std::string_view field, std::string_view type) {
  return absl::InvalidArgumentError(absl::StrFormat("%s must be %s", AsAbsl(field), AsAbsl(type)));
}

}  // namespace

absl::StatusOr<nlohmann::json> ParseJsonBody(const HttpRequest& request) {
  if (request.body.empty()) return absl::InvalidArgumentError("the request needs a JSON body");
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return absl::InvalidArgumentError("the body is not valid JSON");
  return body;
}

absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& obj,
                                                         std::string_view field) {
  const nlohmann::json* v = Field(obj, field);
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());  // ids sent as numbers
  return WrongType(field, "a string");
}

absl::StatusOr<std::optional<double>> OptionalNumber(const nlohmann::json& obj,
                                                    std::string_view field) {
  const nlohmann::json* v = Field(obj, field);
  if (!v) return std::nullopt;
  if (!v->is_number()) return WrongType(field, "a number");
  double d = v->get<double>();
  if (!std::isfinite(d)) return WrongType(field, "a finite number");
  return d;
}

absl::StatusOr<std::optional<int64_t>> OptionalInteger(const nlohmann::json& obj,
                                                      std::string_view field) {
  const nlohmann::json* v = Field(obj, field);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<int64_t>(d);
  }
  return WrongType(field, "an integer");
}

absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& obj, std::string_view field) {
  const nlohmann::json* v = Field(obj, field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) return WrongType(field, "true or false");
  return v->get<bool>();
}

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(AsAbsl(text), ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> StringList(const nlohmann::json& obj,
                                                    std::string_view field) {
  const nlohmann::json* v = Field(obj, field);
  if (!v) return std::vector<std::string>();
  if (v->is_string()) return SplitCommaList(v->get_ref<const std::string&>());
  if (!v->is_array()) return WrongType(field, "a list of strings");
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string()) return WrongType(field, "a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace leafloaf::http
