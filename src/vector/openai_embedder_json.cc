#include "vector/openai_embedder_json.h"

#include <cfloat>
#include <cmath>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"

namespace leafloaf::vector {
namespace {

using nlohmann::json;

absl::Status Malformed(std::string_view why) {
  return absl::InternalError(absl::StrCat("malformed embeddings response: ", AsAbsl(why)));
}

}  // namespace

std::string BuildEmbeddingsRequest(std::string_view model, std::span<const std::string> texts) {
  json request = {{"model", model}, {"input", json::array()}};
  json& input = request["input"];
  for (const std::string& text : texts) input.push_back(text);
  return request.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::StatusOr<std::vector<Vector>> ParseEmbeddingsResponse(std::string_view body,
                                                            size_t expected) {
  // parse(..., allow_exceptions = false) returns a discarded value on error;
  // every access below checks types first, so nothing throws.
  const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Malformed("not JSON");
  if (!doc.is_object()) return Malformed("not a JSON object");
  const auto data = doc.find("data");
  if (data == doc.end() || !data->is_array()) return Malformed("no \"data\" array");
  if (data->size() != expected) {
    return Malformed(absl::StrCat(data->size(), " embeddings for ", expected, " inputs"));
  }
  std::vector<Vector> vectors(expected);
  size_t dim = 0;
  for (size_t position = 0; position < data->size(); ++position) {
    const json& item = (*data)[position];
    if (!item.is_object()) return Malformed("a \"data\" item is not an object");
    size_t index = position;
    if (const auto it = item.find("index"); it != item.end()) {
      if (!it->is_number_unsigned() || it->get<uint64_t>() >= expected) {
        return Malformed("an \"index\" is not an integer in range");
      }
      index = static_cast<size_t>(it->get<uint64_t>());
    }
    if (!vectors[index].empty()) return Malformed(absl::StrCat("index ", index, " appears twice"));
    const auto embedding = item.find("embedding");
    if (embedding == item.end() || !embedding->is_array() || embedding->empty()) {
      return Malformed("an \"embedding\" is missing or not a non-empty array");
    }
    if (dim == 0) dim = embedding->size();
    if (embedding->size() != dim) {
      return Malformed(
          absl::StrCat("embeddings of different lengths (", dim, " and ", embedding->size(), ")"));
    }
    Vector& vector = vectors[index];
    vector.reserve(dim);
    for (const json& value : *embedding) {
      if (!value.is_number()) return Malformed("an embedding value is not a number");
      const double x = value.get<double>();
      if (!std::isfinite(x) || std::fabs(x) > FLT_MAX) {
        return Malformed("an embedding value is out of range");
      }
      vector.push_back(static_cast<float>(x));
    }
  }
  return vectors;
}

std::string ParseEmbeddingsError(std::string_view body) {
  const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return "";
  auto string_at = [](const json& object, const char* key) -> std::string {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
  };
  if (const auto error = doc.find("error"); error != doc.end()) {
    if (error->is_string()) return error->get<std::string>();
    if (error->is_object()) return string_at(*error, "message");
  }
  if (std::string detail = string_at(doc, "detail"); !detail.empty()) return detail;
  return string_at(doc, "message");
}

}  // namespace leafloaf::vector
