#include "personalize/personalization_config.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "personalize/ranker_model.h"
#include "testing/temp_dir.h"

namespace leafloaf::personalize {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  // Each write moves the mtime forward explicitly: coarse file system
  // clocks must not hide a change.
  std::filesystem::file_time_type before{};
  std::error_code ec;
  if (std::filesystem::exists(path)) before = std::filesystem::last_write_time(path, ec);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  if (before != std::filesystem::file_time_type{}) {
    std::filesystem::last_write_time(path, before + std::chrono::seconds(2), ec);
  }
}

TEST(PersonalizationConfigTest, EmptyTextGivesDefaults) {
  auto config = ParsePersonalizationConfig("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->signals.weights.purchase, 1.0);
  EXPECT_EQ(config->signals.weights.displayed_but_scrolled, -0.05);
  EXPECT_EQ(config->signals.half_life_days, 30);
  EXPECT_EQ(config->ranker.text, 1.0);
  EXPECT_EQ(config->ranker_source, "defaults");
}

TEST(PersonalizationConfigTest, ShippedFileStatesTheDefaults) {
  auto config =
      LoadPersonalizationConfig(std::string(LEAFLOAF_SOURCE_DIR) + "/config/personalization.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const SignalConfig d;
  const SignalConfig& s = config->signals;
  EXPECT_EQ(s.weights.search, d.weights.search);
  EXPECT_EQ(s.weights.click_product, d.weights.click_product);
  EXPECT_EQ(s.weights.add_to_cart, d.weights.add_to_cart);
  EXPECT_EQ(s.weights.remove_from_cart, d.weights.remove_from_cart);
  EXPECT_EQ(s.weights.purchase, d.weights.purchase);
  EXPECT_EQ(s.weights.displayed_but_scrolled, d.weights.displayed_but_scrolled);
  EXPECT_EQ(s.weights.rate, d.weights.rate);
  EXPECT_EQ(s.half_life_days, d.half_life_days);
  EXPECT_EQ(s.prefers_threshold, d.prefers_threshold);
  EXPECT_EQ(s.avoids_threshold, d.avoids_threshold);
  const RankerWeights r;
  for (const RankerWeightField& f : RankerWeightFields()) {
    EXPECT_EQ(config->ranker.*(f.field), r.*(f.field)) << f.name;
  }
}

TEST(PersonalizationConfigTest, KeysOverrideDefaults) {
  auto config = ParsePersonalizationConfig(R"(
signals: {purchase: 2, displayed_but_scrolled: -0.1}
decay: {half_life_days: 7, max_keys_per_kind: 10}
edges: {prefers_threshold: 0.5}
ranker: {text: 2, dietary: 0.5, usual_min_purchases: 4}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->signals.weights.purchase, 2);
  EXPECT_EQ(config->signals.weights.displayed_but_scrolled, -0.1);
  EXPECT_EQ(config->signals.weights.add_to_cart, 0.5);
  EXPECT_EQ(config->signals.half_life_days, 7);
  EXPECT_EQ(config->signals.max_keys_per_kind, 10);
  EXPECT_EQ(config->signals.prefers_threshold, 0.5);
  EXPECT_EQ(config->ranker.text, 2);
  EXPECT_EQ(config->ranker.dietary, 0.5);
  EXPECT_EQ(config->ranker.usual_min_purchases, 4);
  EXPECT_EQ(config->ranker_source, "config");
}

TEST(PersonalizationConfigTest, InvalidKeysAreNamed) {
  struct Case {
    const char* yaml;
    const char* message;
  } cases[] = {
      {"signals: {purchse: 1}", "unknown key signals.purchse"},
      {"signal: {}", "unknown key signal"},
      {"signals: {purchase: heavy}", "signals.purchase must be a number"},
      {"decay: {half_life_days: 0}", "decay.half_life_days must be in"},
      {"decay: {max_products: 2.5}", "decay.max_products must be an integer"},
      {"edges: {avoids_threshold: 0.2}", "edges.avoids_threshold must be in"},
      {"ranker: {affinity_scale: 0}", "scales and half-life must be > 0"},
      {"signals: [1, 2]", "signals must be a map"},
      {"signals: {purchase: [1", "personalization config"},
  };
  for (const Case& c : cases) {
    auto config = ParsePersonalizationConfig(c.yaml);
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << c.yaml;
    EXPECT_NE(config.status().message().find(c.message), std::string::npos)
        << c.yaml << ": " << config.status();
  }
}

TEST(PersonalizationConfigTest, RateIsScaledByTheRating) {
  SignalConfig config;
  Event e{.type = "rate"};
  e.strength = 5;
  EXPECT_DOUBLE_EQ(SignalWeight(config, e), 1.0);
  e.strength = 1;
  EXPECT_DOUBLE_EQ(SignalWeight(config, e), -1.0);
  e.strength = 4;
  EXPECT_DOUBLE_EQ(SignalWeight(config, e), 0.5);
  e.strength = 0;  // no rating
  EXPECT_EQ(SignalWeight(config, e), 0);
  EXPECT_EQ(SignalWeight(config, Event{.type = "teleport"}), 0);
  EXPECT_EQ(SignalWeight(config, Event{.type = "displayed_but_scrolled"}), -0.05);
}

TEST(PersonalizationConfigTest, RankerModelFileReplacesConfigWeights) {
  leafloaf::testing::TempDir dir;
  RankerWeights trained;
  trained.text = 0.7;
  trained.frequency = 0.4;
  WriteFile(dir.File("model.json"), RankerModelJson(trained, {{"examples", 12}}));
  auto config = ParsePersonalizationConfig("ranker: {model: model.json, brand: 0.3}", dir.path());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->ranker_source, "model");
  EXPECT_EQ(config->ranker.text, 0.7);
  EXPECT_EQ(config->ranker.frequency, 0.4);
  EXPECT_EQ(config->ranker_model_path, dir.File("model.json"));

  // A missing model leaves the config's weights; an invalid one is an error.
  auto missing = ParsePersonalizationConfig("ranker: {model: none.json, brand: 0.3}", dir.path());
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->ranker.brand, 0.3);
  EXPECT_EQ(missing->ranker_source, "config");
  WriteFile(dir.File("bad.json"),
            R"({"format": "leafloaf.linear_ranker", "version": 1,
                                      "weights": {"txt": 1}})");
  auto bad = ParsePersonalizationConfig("ranker: {model: bad.json}", dir.path());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("unknown weight 'txt'"), std::string::npos);
}

TEST(RankerModelTest, RoundTripsAndRejectsOtherFormats) {
  RankerWeights w;
  w.price = 0.33;
  w.popularity = 0.01;
  auto parsed = ParseRankerModel(RankerModelJson(w), RankerWeights{});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  for (const RankerWeightField& f : RankerWeightFields()) {
    EXPECT_EQ((*parsed).*(f.field), w.*(f.field)) << f.name;
  }
  EXPECT_FALSE(ParseRankerModel(R"({"format": "xgboost", "version": 1, "weights": {}})", w).ok());
  EXPECT_FALSE(ParseRankerModel(R"({"format": "leafloaf.linear_ranker", "version": 2,
                                    "weights": {}})",
                                w)
                   .ok());
  EXPECT_FALSE(ParseRankerModel(R"({"format": "leafloaf.linear_ranker", "version": 1,
                                    "weights": {"text": "high"}})",
                                w)
                   .ok());
  EXPECT_FALSE(ParseRankerModel("[]", w).ok());
  EXPECT_EQ(LoadRankerModel("/nonexistent/model.json", w).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ConfigWatcherTest, ReloadsOnChangeAndKeepsTheOldConfigWhenInvalid) {
  leafloaf::testing::TempDir dir;
  const std::string path = dir.File("personalization.yaml");
  WriteFile(path, "signals: {click_product: 0.2}\n");
  auto watcher = ConfigWatcher::Open({.path = path, .poll_interval = std::chrono::milliseconds(0)});
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  EXPECT_EQ((*watcher)->Current()->signals.weights.click_product, 0.2);

  WriteFile(path, "signals: {click_product: 0.4}\n");
  EXPECT_EQ((*watcher)->Current()->signals.weights.click_product, 0.4);
  EXPECT_EQ((*watcher)->reloads(), 1);

  WriteFile(path, "signals: {click_product: [oops\n");
  EXPECT_EQ((*watcher)->Current()->signals.weights.click_product, 0.4);
  EXPECT_EQ((*watcher)->last_error().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*watcher)->reloads(), 1);
  // The same bad file is not re-parsed on every call.
  EXPECT_TRUE((*watcher)->Poll().ok());

  WriteFile(path, "signals: {click_product: 0.6}\n");
  EXPECT_EQ((*watcher)->Current()->signals.weights.click_product, 0.6);
  EXPECT_EQ((*watcher)->reloads(), 2);
}

TEST(ConfigWatcherTest, ChecksTheFileAtMostOncePerInterval) {
  leafloaf::testing::TempDir dir;
  const std::string path = dir.File("personalization.yaml");
  WriteFile(path, "signals: {purchase: 1}\n");
  auto watcher = ConfigWatcher::Open({.path = path, .poll_interval = std::chrono::hours(1)});
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  WriteFile(path, "signals: {purchase: 3}\n");
  EXPECT_EQ((*watcher)->Current()->signals.weights.purchase, 1);  // not yet due
  ASSERT_TRUE((*watcher)->Poll().ok());                           // forced
  EXPECT_EQ((*watcher)->Current()->signals.weights.purchase, 3);
}

TEST(ConfigWatcherTest, ReloadsWhenTheModelFileChanges) {
  leafloaf::testing::TempDir dir;
  const std::string path = dir.File("personalization.yaml");
  WriteFile(path, "ranker: {model: model.json}\n");
  auto watcher = ConfigWatcher::Open({.path = path, .poll_interval = std::chrono::milliseconds(0)});
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  EXPECT_EQ((*watcher)->Current()->ranker_source, "defaults");
  RankerWeights trained;
  trained.brand = 0.42;
  WriteFile(dir.File("model.json"), RankerModelJson(trained));
  EXPECT_EQ((*watcher)->Current()->ranker.brand, 0.42);
  EXPECT_EQ((*watcher)->Current()->ranker_source, "model");
}

TEST(ConfigWatcherTest, MissingFileIsNotFound) {
  EXPECT_EQ(ConfigWatcher::Open({.path = "/nonexistent/p.yaml"}).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace leafloaf::personalize
