#include "personalize/personalization_config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <variant>

#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "personalize/ranker_model.h"
#include "spdlog/spdlog.h"
#include "yaml-cpp/yaml.h"

namespace leafloaf::personalize {
namespace {

// One YAML key: where it goes and its allowed range.
struct Key {
  std::string name;
  std::variant<double*, int*> target;
  double min;
  double max;
};

std::vector<Key> SignalKeys(SignalConfig& s) {
  SignalWeights& w = s.weights;
  return {
      {"search", &w.search, -10, 10},
      {"click_product", &w.click_product, -10, 10},
      {"add_to_cart", &w.add_to_cart, -10, 10},
      {"remove_from_cart", &w.remove_from_cart, -10, 10},
      {"purchase", &w.purchase, -10, 10},
      {"displayed_but_scrolled", &w.displayed_but_scrolled, -10, 10},
      {"rate", &w.rate, -10, 10},
  };
}

std::vector<Key> DecayKeys(SignalConfig& s) {
  return {
      {"half_life_days", &s.half_life_days, 0.01, 36500},
      {"category_share", &s.category_share, 0, 10},
      {"department_share", &s.department_share, 0, 10},
      {"brand_share", &s.brand_share, 0, 10},
      {"attribute_share", &s.attribute_share, 0, 10},
      {"negative_dietary_share", &s.negative_dietary_share, 0, 10},
      {"negative_context_share", &s.negative_context_share, 0, 10},
      {"max_abs_affinity", &s.max_abs_affinity, 0.01, 1e6},
      {"max_keys_per_kind", &s.max_keys_per_kind, 1, 1e6},
      {"max_products", &s.max_products, 1, 1e7},
      {"quantity_memory", &s.quantity_memory, 1, 100},
  };
}

std::vector<Key> EdgeKeys(SignalConfig& s) {
  return {
      {"prefers_threshold", &s.prefers_threshold, 1e-6, 1e6},
      {"avoids_threshold", &s.avoids_threshold, -1e6, -1e-6},
      {"weight_step", &s.edge_weight_step, 0, 100},
  };
}

std::vector<Key> RankerKeys(RankerWeights& r) {
  std::vector<Key> keys;
  for (const RankerWeightField& f : RankerWeightFields()) {
    keys.push_back({std::string(f.name), &(r.*(f.field)), -100, 100});
  }
  keys.push_back({"usual_min_purchases", &r.usual_min_purchases, 1, 1e6});
  keys.push_back({"bought_times_min", &r.bought_times_min, 1, 1e6});
  return keys;
}

absl::Status ReadSection(const YAML::Node& node, std::string_view section,
                         const std::vector<Key>& keys, std::vector<std::string> extra = {}) {
  if (!node) return absl::OkStatus();
  if (!node.IsMap())
    return absl::InvalidArgumentError(absl::StrCat(AsAbsl(section), " must be a map"));
  for (const auto& item : node) {
    const std::string name = item.first.as<std::string>();
    if (std::find(extra.begin(), extra.end(), name) != extra.end()) continue;
    const Key* key = nullptr;
    for (const Key& k : keys) {
      if (k.name == name) key = &k;
    }
    const std::string path = absl::StrCat(AsAbsl(section), ".", name);
    if (key == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown key ", path));
    double value = 0;
    try {
      value = item.second.as<double>();
    } catch (const YAML::Exception&) {
      return absl::InvalidArgumentError(absl::StrCat(path, " must be a number"));
    }
    if (!std::isfinite(value) || value < key->min || value > key->max) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " must be in [", key->min, ", ", key->max, "]"));
    }
    if (auto* d = std::get_if<double*>(&key->target)) {
      **d = value;
    } else {
      if (value != std::floor(value)) {
        return absl::InvalidArgumentError(absl::StrCat(path, " must be an integer"));
      }
      *std::get<int*>(key->target) = static_cast<int>(value);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PersonalizationConfig> Parse(std::string_view yaml_text,
                                            const std::string& base_dir) {
  PersonalizationConfig config;
  const YAML::Node root = YAML::Load(std::string(yaml_text));
  if (root.IsNull()) return config;
  if (!root.IsMap()) return absl::InvalidArgumentError("personalization config must be a map");
  for (const auto& item : root) {
    const std::string name = item.first.as<std::string>();
    if (name != "signals" && name != "decay" && name != "edges" && name != "ranker") {
      return absl::InvalidArgumentError(absl::StrCat("unknown key ", name));
    }
  }
  absl::Status s = ReadSection(root["signals"], "signals", SignalKeys(config.signals));
  if (s.ok()) s = ReadSection(root["decay"], "decay", DecayKeys(config.signals));
  if (s.ok()) s = ReadSection(root["edges"], "edges", EdgeKeys(config.signals));
  if (s.ok()) s = ReadSection(root["ranker"], "ranker", RankerKeys(config.ranker), {"model"});
  if (!s.ok()) return s;
  const YAML::Node ranker = root["ranker"];
  if (ranker && ranker.size() > (ranker["model"] ? 1u : 0u)) config.ranker_source = "config";
  if (const YAML::Node model = ranker ? ranker["model"] : YAML::Node(); model) {
    std::string path = model.as<std::string>();
    if (path.empty()) return absl::InvalidArgumentError("ranker.model must be a file name");
    std::filesystem::path resolved(path);
    if (resolved.is_relative()) resolved = std::filesystem::path(base_dir) / resolved;
    config.ranker_model_path = resolved.string();
    auto weights = LoadRankerModel(config.ranker_model_path, config.ranker);
    if (weights.ok()) {
      config.ranker = *weights;
      config.ranker_source = "model";
    } else if (weights.status().code() != absl::StatusCode::kNotFound) {
      return weights.status();
    }
  }
  if (config.ranker.affinity_scale <= 0 || config.ranker.frequency_scale <= 0 ||
      config.ranker.recency_half_life_days <= 0) {
    return absl::InvalidArgumentError("ranker scales and half-life must be > 0");
  }
  return config;
}

}  // namespace

double SignalWeight(const SignalConfig& config, const Event& event) {
  const SignalWeights& w = config.weights;
  const std::string& t = event.type;
  if (t == "purchase") return w.purchase;
  if (t == "add_to_cart") return w.add_to_cart;
  if (t == "click_product") return w.click_product;
  if (t == "displayed_but_scrolled") return w.displayed_but_scrolled;
  if (t == "remove_from_cart") return w.remove_from_cart;
  if (t == "rate") {
    // event_parse.h stores the rating (1..5) as the strength.
    if (event.strength < 1 || event.strength > 5) return 0;
    return w.rate * (event.strength - 3) / 2;
  }
  if (t == "search") return w.search;
  return 0;
}

absl::StatusOr<PersonalizationConfig> ParsePersonalizationConfig(std::string_view yaml_text,
                                                                 const std::string& base_dir) {
  try {
    return Parse(yaml_text, base_dir);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("personalization config: ", e.what()));
  }
}

absl::StatusOr<PersonalizationConfig> LoadPersonalizationConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("no personalization config ", path));
  std::stringstream text;
  text << in.rdbuf();
  auto config =
      ParsePersonalizationConfig(text.str(), std::filesystem::path(path).parent_path().string());
  if (!config.ok()) {
    return absl::Status(config.status().code(),
                        absl::StrCat(path, ": ", config.status().message()));
  }
  return config;
}

ConfigWatcher::ConfigWatcher(ConfigWatcherOptions options, PersonalizationConfig config,
                             FileStamp stamp)
    : options_(std::move(options)),
      config_(std::make_shared<const PersonalizationConfig>(std::move(config))),
      stamp_(stamp),
      last_check_(std::chrono::steady_clock::now()) {}

ConfigWatcher::FileStamp ConfigWatcher::StampOf(const std::string& path,
                                                const std::string& model_path) {
  FileStamp stamp;
  std::error_code ec;
  stamp.mtime = std::filesystem::last_write_time(path, ec);
  stamp.size = std::filesystem::file_size(path, ec);
  if (!model_path.empty()) {
    stamp.model_mtime = std::filesystem::last_write_time(model_path, ec);
    if (ec) stamp.model_mtime = {};
    stamp.model_size = std::filesystem::file_size(model_path, ec);
    if (ec) stamp.model_size = 0;
  }
  return stamp;
}

absl::StatusOr<std::unique_ptr<ConfigWatcher>> ConfigWatcher::Open(ConfigWatcherOptions options) {
  // Stamp first: a write racing the load is then seen by the next poll.
  FileStamp before = StampOf(options.path, "");
  auto config = LoadPersonalizationConfig(options.path);
  if (!config.ok()) return config.status();
  FileStamp stamp = StampOf(options.path, config->ranker_model_path);
  stamp.mtime = before.mtime;
  stamp.size = before.size;
  return std::unique_ptr<ConfigWatcher>(
      new ConfigWatcher(std::move(options), std::move(*config), stamp));
}

std::shared_ptr<const PersonalizationConfig> ConfigWatcher::Current() const {
  bool due;
  {
    absl::MutexLock lock(&mu_);
    auto now = std::chrono::steady_clock::now();
    due = now - last_check_ >= options_.poll_interval;
    if (due) last_check_ = now;
    if (!due) return config_;
  }
  Poll().IgnoreError();  // logged by Poll(); the old config stays
  absl::MutexLock lock(&mu_);
  return config_;
}

absl::Status ConfigWatcher::Poll() const {
  std::string model_path;
  FileStamp old;
  {
    absl::MutexLock lock(&mu_);
    model_path = config_->ranker_model_path;
    old = stamp_;
  }
  FileStamp now = StampOf(options_.path, model_path);
  if (now == old) return absl::OkStatus();
  auto config = LoadPersonalizationConfig(options_.path);
  absl::MutexLock lock(&mu_);
  // Remember the stamp either way, so an invalid file is reported once.
  stamp_ = now;
  if (!config.ok()) {
    last_error_ = config.status();
    spdlog::warn("personalization config not reloaded, keeping the previous one: {}",
                 config.status().ToString());
    return config.status();
  }
  if (config->ranker_model_path != model_path) {
    stamp_ = StampOf(options_.path, config->ranker_model_path);
    stamp_.mtime = now.mtime;
    stamp_.size = now.size;
  }
  config_ = std::make_shared<const PersonalizationConfig>(std::move(*config));
  ++reloads_;
  spdlog::info("personalization config reloaded from {}", options_.path);
  return absl::OkStatus();
}

int ConfigWatcher::reloads() const {
  absl::MutexLock lock(&mu_);
  return reloads_;
}

absl::Status ConfigWatcher::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

}  // namespace leafloaf::personalize
