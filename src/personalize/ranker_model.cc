#include "personalize/ranker_model.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/strings.h"

namespace leafloaf::personalize {
namespace {

// The first kNumRankFactors entries are the ranker's factors in RankFactor
// order (ranker.cc names and weighs its factors from them); the rest are
// its scales and thresholds.
constexpr RankerWeightField kFields[] = {
    {"text", &RankerWeights::text},
    {"category", &RankerWeights::category},
    {"department", &RankerWeights::department},
    {"brand", &RankerWeights::brand},
    {"attribute", &RankerWeights::attribute},
    {"attribute_avoid", &RankerWeights::attribute_avoid},
    {"dietary", &RankerWeights::dietary},
    {"frequency", &RankerWeights::frequency},
    {"recency", &RankerWeights::recency},
    {"price", &RankerWeights::price},
    {"popularity", &RankerWeights::popularity},
    {"affinity_scale", &RankerWeights::affinity_scale},
    {"frequency_scale", &RankerWeights::frequency_scale},
    {"recency_half_life_days", &RankerWeights::recency_half_life_days},
    {"preference_badge_min", &RankerWeights::preference_badge_min},
};

}  // namespace

std::span<const RankerWeightField> RankerWeightFields() { return kFields; }

absl::StatusOr<RankerWeights> ParseRankerModel(std::string_view json_text,
                                               const RankerWeights& base) {
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError("ranker model: not a JSON object");
  }
  auto format = json.find("format");
  if (format == json.end() || !format->is_string() ||
      format->get_ref<const std::string&>() != kRankerModelFormat) {
    return absl::InvalidArgumentError(
        absl::StrCat("ranker model: format must be \"", AsAbsl(kRankerModelFormat), "\""));
  }
  auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer() ||
      version->get<int>() != kRankerModelVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("ranker model: version must be ", kRankerModelVersion));
  }
  auto weights = json.find("weights");
  if (weights == json.end() || !weights->is_object()) {
    return absl::InvalidArgumentError("ranker model: weights must be an object");
  }
  RankerWeights out = base;
  for (const auto& [name, value] : weights->items()) {
    const RankerWeightField* field = nullptr;
    for (const RankerWeightField& f : kFields) {
      if (f.name == name) field = &f;
    }
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("ranker model: unknown weight '", name, "'"));
    }
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      return absl::InvalidArgumentError(
          absl::StrCat("ranker model: weight '", name, "' must be a finite number"));
    }
    out.*(field->field) = value.get<double>();
  }
  if (out.affinity_scale <= 0 || out.frequency_scale <= 0 || out.recency_half_life_days <= 0) {
    return absl::InvalidArgumentError("ranker model: scales and half-life must be > 0");
  }
  return out;
}

absl::StatusOr<RankerWeights> LoadRankerModel(const std::string& path, const RankerWeights& base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("no ranker model file ", path));
  std::stringstream text;
  text << in.rdbuf();
  auto weights = ParseRankerModel(text.str(), base);
  if (!weights.ok()) {
    return absl::Status(weights.status().code(),
                        absl::StrCat(path, ": ", weights.status().message()));
  }
  return weights;
}

std::string RankerModelJson(const RankerWeights& weights, const nlohmann::json& training) {
  nlohmann::json json;
  json["format"] = std::string(kRankerModelFormat);
  json["version"] = kRankerModelVersion;
  nlohmann::json& w = json["weights"];
  w = nlohmann::json::object();
  for (const RankerWeightField& f : kFields) w[std::string(f.name)] = weights.*(f.field);
  json["training"] = training;
  return json.dump(2);
}

}  // namespace leafloaf::personalize
