// Personalization settings: how events become preference signals
// (SignalConfig) and how the ranker combines its factors (RankerWeights),
// read from YAML (config/personalization.yaml documents every key).
//
// ConfigWatcher reloads the file when it changes, without a restart: every
// Current() call checks the file's modification time and size, at most once
// per `poll_interval`, and re-parses it when they changed. A file that does
// not parse or validate is logged and ignored; the previous configuration
// stays in force until a valid file appears.
//
// Thread-safety: SignalConfig and RankerWeights are plain data. A
// ConfigSource's Current() may be called from any thread; the returned
// pointer stays valid as long as the caller holds it.
#ifndef LEAFLOAF_PERSONALIZE_PERSONALIZATION_CONFIG_H_
#define LEAFLOAF_PERSONALIZE_PERSONALIZATION_CONFIG_H_

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "store/records.h"

namespace leafloaf::personalize {

// Weight of one event of each type. Positive signals raise the affinities
// of the product's category, brand and attributes; negative ones lower them.
struct SignalWeights {
  double search = 0;  // a search names no product: counted only
  double click_product = 0.2;
  double add_to_cart = 0.5;
  double remove_from_cart = -0.3;
  double purchase = 1.0;
  double displayed_but_scrolled = -0.05;
  // A rating r (1..5) weighs rate * (r - 3) / 2: +rate for 5, -rate for 1.
  double rate = 1.0;
};

struct SignalConfig {
  SignalWeights weights;
  // Affinities, counts' recency and price bands halve every half-life.
  double half_life_days = 30;
  // Share of an event's weight that goes to each kind of feature.
  double category_share = 1.0;    // the full category path
  double department_share = 0.5;  // its top level
  double brand_share = 1.0;
  double attribute_share = 1.0;  // each attribute (dietary tags included)
  // Negative events move dietary-tag attributes by only this share of
  // attribute_share: scrolling past spicy vegan chips says "not spicy", not
  // "not vegan". Dietary preferences are learned from choices.
  double negative_dietary_share = 0.0;
  // Negative events move the product's category, department and brand by
  // only this share: passing over one jalapeño chip says "not spicy" far
  // more than "not chips" or "not this brand".
  double negative_context_share = 0.0;
  // Affinities are clamped to [-max_abs_affinity, max_abs_affinity].
  double max_abs_affinity = 5.0;
  // Per user: affinities kept per kind and products remembered; past these
  // the weakest (resp. least recently seen) are dropped.
  int max_keys_per_kind = 256;
  int max_products = 2048;
  // Recent add_to_cart/purchase quantities kept per user x product; the
  // suggested quantity is their median.
  int quantity_memory = 5;
  // Memory graph: a `prefers` edge is open while the affinity is >=
  // prefers_threshold, an `avoids` edge while it is <= avoids_threshold.
  double prefers_threshold = 0.3;
  double avoids_threshold = -0.1;
  // An open edge's weight is re-written when it moved by this fraction.
  double edge_weight_step = 0.25;

  double half_life_micros() const { return half_life_days * 86400e6; }
};

// The weight of `event` under `config` (0 for unknown types).
double SignalWeight(const SignalConfig& config, const Event& event);

// The personalized ranker's linear combination (ranker.h has the formula).
// Every factor is in [-1, 1] before weighting; text relevance in [0, 1].
struct RankerWeights {
  double text = 1.0;         // text score / best text score of the list
  double category = 0.10;    // affinity for the product's category path
  double department = 0.05;  // ... and its top level
  double brand = 0.10;
  double attribute = 0.20;   // non-dietary attributes: spicy, kids, ...
  // ... when the user's attributes of the product sum below zero: avoidance
  // is mostly learned from scroll-pasts, weak evidence, so it demotes
  // gently (a few places among near-equal text matches), not out of sight.
  double attribute_avoid = 0.02;
  double dietary = 0.25;     // inferred dietary preferences (soft)
  double frequency = 0.20;   // how often the user bought this product
  double recency = 0.05;     // how recently
  double price = 0.10;       // price band and sensitivity
  // Shop-wide popularity. 0 by default: the search index's text score
  // already carries a popularity prior, and counting it twice reshuffles
  // near-equal matches the moment a user gets a profile.
  double popularity = 0.0;
  // Shape of the factors.
  double affinity_scale = 0.5;  // factor = tanh(affinity / scale)
  double frequency_scale = 3;   // factor = 1 - exp(-purchases / scale)
  double recency_half_life_days = 30;
  // Badges.
  int usual_min_purchases = 3;         // "your usual"
  int bought_times_min = 2;            // "bought N times"
  double preference_badge_min = 0.15;  // "matches your X preference"
};

struct PersonalizationConfig {
  SignalConfig signals;
  RankerWeights ranker;
  // The ranker model file named by `ranker.model` (resolved), or "".
  std::string ranker_model_path;
  // Where the ranker's weights came from: "defaults", "config" or "model".
  std::string ranker_source = "defaults";
};

// Parses YAML text. Missing keys keep their defaults; unknown keys, wrong
// types and out-of-range values are kInvalidArgument naming the key.
// `base_dir` resolves a relative `ranker.model` path; a model file that
// exists replaces the `ranker` weights (ranker_model.h), a missing one is
// ignored, an invalid one is an error.
absl::StatusOr<PersonalizationConfig> ParsePersonalizationConfig(std::string_view yaml_text,
                                                                 const std::string& base_dir = ".");
// Reads and parses a file: kNotFound when it does not exist.
absl::StatusOr<PersonalizationConfig> LoadPersonalizationConfig(const std::string& path);

class ConfigSource {
 public:
  virtual ~ConfigSource() = default;
  // The configuration in force. Never null.
  virtual std::shared_ptr<const PersonalizationConfig> Current() const = 0;
};

// A fixed configuration, for tests and for servers without a config file.
class StaticConfigSource final : public ConfigSource {
 public:
  explicit StaticConfigSource(PersonalizationConfig config = {})
      : config_(std::make_shared<const PersonalizationConfig>(std::move(config))) {}
  std::shared_ptr<const PersonalizationConfig> Current() const override { return config_; }

 private:
  std::shared_ptr<const PersonalizationConfig> config_;
};

struct ConfigWatcherOptions {
  std::string path;  // the YAML file
  // Current() looks at the file at most this often; 0 = on every call.
  std::chrono::milliseconds poll_interval{1000};
};

class ConfigWatcher final : public ConfigSource {
 public:
  // Loads the file; the error when it is missing or invalid.
  static absl::StatusOr<std::unique_ptr<ConfigWatcher>> Open(ConfigWatcherOptions options);

  std::shared_ptr<const PersonalizationConfig> Current() const override;
  // Checks the file now. OK when unchanged or reloaded; the parse error
  // when the file changed but is invalid (the old config stays).
  absl::Status Poll() const;
  // Successful reloads since Open(), and the last rejected file's error.
  int reloads() const;
  absl::Status last_error() const;

 private:
  // Modification time and size of the YAML file and of the model file.
  struct FileStamp {
    std::filesystem::file_time_type mtime{}, model_mtime{};
    uintmax_t size = 0, model_size = 0;
    bool operator==(const FileStamp&) const = default;
  };
  ConfigWatcher(ConfigWatcherOptions options, PersonalizationConfig config, FileStamp stamp);
  static FileStamp StampOf(const std::string& path, const std::string& model_path);

  const ConfigWatcherOptions options_;
  mutable absl::Mutex mu_;
  mutable std::shared_ptr<const PersonalizationConfig> config_ ABSL_GUARDED_BY(mu_);
  mutable FileStamp stamp_ ABSL_GUARDED_BY(mu_);
  mutable std::chrono::steady_clock::time_point last_check_ ABSL_GUARDED_BY(mu_);
  mutable int reloads_ ABSL_GUARDED_BY(mu_) = 0;
  mutable absl::Status last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PERSONALIZATION_CONFIG_H_
