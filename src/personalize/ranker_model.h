// The linear ranker model file: RankerWeights as JSON, written by an
// offline trainer (`leafloaf train ranker`, ranker_training.h) and read at startup
// and on config reload (personalization_config.h, `ranker.model`).
//
//   {"format": "leafloaf.linear_ranker", "version": 1,
//    "weights": {"text": 1.0, "category": 0.1, ...},   any subset of the
//                                                       RankerWeights names
//    "training": {...}}                                 free-form, ignored
//
// Thread-safety: stateless functions.
#ifndef LEAFLOAF_PERSONALIZE_RANKER_MODEL_H_
#define LEAFLOAF_PERSONALIZE_RANKER_MODEL_H_

#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "personalize/personalization_config.h"

namespace leafloaf::personalize {

inline constexpr std::string_view kRankerModelFormat = "leafloaf.linear_ranker";
inline constexpr int kRankerModelVersion = 1;

// The real-valued fields of RankerWeights by their config/model name.
struct RankerWeightField {
  std::string_view name;
  double RankerWeights::*field;
};
std::span<const RankerWeightField> RankerWeightFields();

// Weights from a model: fields it names replace those of `base`.
// kInvalidArgument for malformed JSON, another format or version, an
// unknown weight name or a non-finite value.
absl::StatusOr<RankerWeights> ParseRankerModel(std::string_view json_text,
                                               const RankerWeights& base);
// kNotFound when the file does not exist.
absl::StatusOr<RankerWeights> LoadRankerModel(const std::string& path, const RankerWeights& base);

// The model file's text for `weights`; `training` is stored as is.
std::string RankerModelJson(const RankerWeights& weights,
                            const nlohmann::json& training = nlohmann::json::object());

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_RANKER_MODEL_H_
