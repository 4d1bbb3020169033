#include "personalize/preference_engine.h"

#include <atomic>
#include <thread>

#include "common/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "personalize/test_util.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::personalize {
namespace {

using testing::kT0;
using testing::MakeEvent;
using testing::MakeProduct;

class PreferenceEngineTest : public ::testing::Test {
 protected:
  PreferenceEngineTest() {
    Add(MakeProduct("oat", "Oatly Oat Milk, 64 fl oz",
                    "Plant-Based & Dairy Alternatives > Plant-Based Milk", "Oatly", 499,
                    {"dairy-free", "plant-based", "vegan"}));
    Add(MakeProduct("milk", "Whole Milk, 1 gal", "Dairy & Eggs > Milk", "Horizon", 429,
                    {"gluten-free"}));
    Add(MakeProduct("chips", "Jalapeño Potato Chips", "Snacks > Chips", "Kettle Brand", 499));
  }
  void Add(const Product& p) { table_.Upsert(p, extractor_); }
  const ProductFeatures& F(const std::string& id) { return *table_.Find(id); }
  ApplyResult Apply(const std::string& type, const std::string& product, Micros at,
                    double quantity = 0, const std::string& user = "U1") {
    return engine_.Apply(MakeEvent(type, user, product, at, quantity), F(product));
  }

  AttributeExtractor extractor_;
  FeatureTable table_;
  StaticConfigSource config_;
  PreferenceEngine engine_{&config_};
};

TEST_F(PreferenceEngineTest, ClickRaisesEveryFeatureOfTheProductByItsShare) {
  ApplyResult r = Apply("click_product", "oat", kT0);
  EXPECT_DOUBLE_EQ(r.weight, 0.2);
  UserProfile p = engine_.Profile("shop", "U1", kT0);
  EXPECT_EQ(p.events_applied, 1);
  EXPECT_DOUBLE_EQ(
      p.Affinity(FeatureKind::kCategory, "Plant-Based & Dairy Alternatives > Plant-Based Milk"),
      0.2);
  EXPECT_DOUBLE_EQ(p.Affinity(FeatureKind::kDepartment, "Plant-Based & Dairy Alternatives"), 0.1);
  EXPECT_DOUBLE_EQ(p.Affinity(FeatureKind::kBrand, "Oatly"), 0.2);
  EXPECT_DOUBLE_EQ(p.Affinity(FeatureKind::kAttribute, "plant-based"), 0.2);
  EXPECT_DOUBLE_EQ(p.Affinity(FeatureKind::kAttribute, "dairy-free"), 0.2);
  EXPECT_EQ(p.Affinity(FeatureKind::kAttribute, "spicy"), 0);
  EXPECT_EQ(p.History("oat")->clicks, 1);
  // Another user and another shop see nothing.
  EXPECT_TRUE(engine_.Profile("shop", "U2", kT0).empty());
  EXPECT_TRUE(engine_.Profile("other", "U1", kT0).empty());
}

TEST_F(PreferenceEngineTest, NegativeSignalsLowerAffinitiesBelowZero) {
  for (int i = 0; i < 3; ++i) Apply("displayed_but_scrolled", "chips", kT0 + i);
  UserProfile p = engine_.Profile("shop", "U1", kT0 + 3);
  EXPECT_NEAR(p.Affinity(FeatureKind::kAttribute, "spicy"), -0.15, 1e-9);
  Apply("add_to_cart", "chips", kT0 + 4, 1);
  Apply("remove_from_cart", "chips", kT0 + 5, 1);
  p = engine_.Profile("shop", "U1", kT0 + 5);
  EXPECT_NEAR(p.Affinity(FeatureKind::kAttribute, "spicy"), -0.15 + 0.5 - 0.3, 1e-9);
}

TEST_F(PreferenceEngineTest, AffinitiesHalveEveryHalfLife) {
  Apply("purchase", "milk", kT0, 1);
  const Micros day = kMicrosPerDay;
  UserProfile p = engine_.Profile("shop", "U1", kT0 + 30 * day);
  EXPECT_NEAR(p.Affinity(FeatureKind::kBrand, "Horizon"), 0.5, 1e-9);
  p = engine_.Profile("shop", "U1", kT0 + 60 * day);
  EXPECT_NEAR(p.Affinity(FeatureKind::kBrand, "Horizon"), 0.25, 1e-9);
  // A second purchase adds to the decayed value.
  Apply("purchase", "milk", kT0 + 30 * day, 1);
  p = engine_.Profile("shop", "U1", kT0 + 30 * day);
  EXPECT_NEAR(p.Affinity(FeatureKind::kBrand, "Horizon"), 1.5, 1e-9);
  EXPECT_EQ(p.History("milk")->purchases, 2);
  EXPECT_EQ(p.History("milk")->last_purchase_at, kT0 + 30 * day);
}

TEST_F(PreferenceEngineTest, OutOfOrderEventsGiveTheSameState) {
  StaticConfigSource config;
  PreferenceEngine other(&config);
  const Micros day = kMicrosPerDay;
  Apply("purchase", "milk", kT0, 1);
  Apply("click_product", "milk", kT0 + 10 * day);
  other.Apply(MakeEvent("click_product", "U1", "milk", kT0 + 10 * day), F("milk"));
  other.Apply(MakeEvent("purchase", "U1", "milk", kT0, 1), F("milk"));
  UserProfile a = engine_.Profile("shop", "U1", kT0 + 20 * day);
  UserProfile b = other.Profile("shop", "U1", kT0 + 20 * day);
  EXPECT_NEAR(a.Affinity(FeatureKind::kBrand, "Horizon"),
              b.Affinity(FeatureKind::kBrand, "Horizon"), 1e-12);
  EXPECT_EQ(a.History("milk")->last_purchase_at, b.History("milk")->last_purchase_at);
}

TEST_F(PreferenceEngineTest, SuggestedQuantityIsTheMedianOfRecentQuantities) {
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), std::nullopt);
  Apply("add_to_cart", "milk", kT0, 2);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), 2);
  Apply("click_product", "milk", kT0 + 1, 7);  // clicks carry no quantity
  Apply("purchase", "milk", kT0 + 2, 2);
  Apply("add_to_cart", "milk", kT0 + 3, 6);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), 2);
  EXPECT_EQ(engine_.Profile("shop", "U1", kT0 + 3).History("milk")->suggested_quantity, 2);
  // Only the last quantity_memory (5) count.
  for (int i = 0; i < 5; ++i) Apply("add_to_cart", "milk", kT0 + 10 + i, 3);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), 3);
}

TEST_F(PreferenceEngineTest, PriceBandsFollowWhatTheUserPays) {
  Apply("purchase", "milk", kT0, 1);
  Apply("purchase", "oat", kT0, 1);
  UserProfile p = engine_.Profile("shop", "U1", kT0);
  ASSERT_TRUE(p.price_bands.contains("Dairy & Eggs > Milk"));
  EXPECT_EQ(p.price_bands["Dairy & Eggs > Milk"].typical_price_cents(), 429);
  EXPECT_NEAR(p.price_bands["Dairy & Eggs > Milk"].spread_log_price, 0, 1e-6);
  // Negative signals say nothing about the price paid.
  Apply("displayed_but_scrolled", "chips", kT0);
  EXPECT_FALSE(engine_.Profile("shop", "U1", kT0).price_bands.contains("Snacks > Chips"));
}

TEST_F(PreferenceEngineTest, PriceSensitivityFromPricesBelowTheCategoryMedian) {
  FeatureTable table = FeatureTable::Build(
      std::vector<Product>{
          MakeProduct("cheap", "Store Milk", "Dairy & Eggs > Milk", "LeafLoaf", 250),
          MakeProduct("mid", "Milk", "Dairy & Eggs > Milk", "Horizon", 400),
          MakeProduct("dear", "Organic Milk", "Dairy & Eggs > Milk", "Organic Valley", 650)},
      extractor_);
  EXPECT_EQ(table.Find("cheap")->reference_price_cents, 400);
  engine_.Apply(MakeEvent("purchase", "thrifty", "cheap", kT0, 1), *table.Find("cheap"));
  engine_.Apply(MakeEvent("purchase", "lavish", "dear", kT0, 1), *table.Find("dear"));
  UserProfile thrifty = engine_.Profile("shop", "thrifty", kT0);
  UserProfile lavish = engine_.Profile("shop", "lavish", kT0);
  EXPECT_LT(thrifty.price_position, 0);
  EXPECT_GT(thrifty.price_sensitivity, 0.9);
  EXPECT_GT(lavish.price_position, 0);
  EXPECT_EQ(lavish.price_sensitivity, 0);
}

TEST_F(PreferenceEngineTest, ConfigChangesApplyToTheNextEvent) {
  class Switchable : public ConfigSource {
   public:
    std::shared_ptr<const PersonalizationConfig> Current() const override { return current; }
    std::shared_ptr<const PersonalizationConfig> current =
        std::make_shared<PersonalizationConfig>();
  } source;
  PreferenceEngine engine(&source);
  engine.Apply(MakeEvent("click_product", "U1", "milk", kT0), F("milk"));
  auto heavier = std::make_shared<PersonalizationConfig>();
  heavier->signals.weights.click_product = 1.0;
  source.current = heavier;
  engine.Apply(MakeEvent("click_product", "U1", "milk", kT0), F("milk"));
  EXPECT_DOUBLE_EQ(engine.Profile("shop", "U1", kT0).Affinity(FeatureKind::kBrand, "Horizon"), 1.2);
}

TEST_F(PreferenceEngineTest, AffinitiesAreCappedAndClamped) {
  auto config = std::make_shared<PersonalizationConfig>();
  config->signals.max_keys_per_kind = 10;
  config->signals.max_abs_affinity = 2;
  StaticConfigSource source(*config);
  PreferenceEngine engine(&source);
  for (int i = 0; i < 50; ++i) {
    ProductFeatures f;
    f.product_id = "P" + std::to_string(i);
    f.brand = "Brand" + std::to_string(i);
    engine.Apply(MakeEvent("purchase", "U1", f.product_id, kT0 + i, 1), f);
  }
  for (int i = 0; i < 5; ++i)
    engine.Apply(MakeEvent("purchase", "U1", "milk", kT0 + 60, 1), F("milk"));
  UserProfile p = engine.Profile("shop", "U1", kT0 + 60);
  EXPECT_LE(p.affinity[static_cast<int>(FeatureKind::kBrand)].size(), 10u);
  EXPECT_DOUBLE_EQ(p.Affinity(FeatureKind::kBrand, "Horizon"),
                   2);                                       // clamped from 5
  EXPECT_GT(p.Affinity(FeatureKind::kBrand, "Brand49"), 0);  // the newest stays
}

TEST_F(PreferenceEngineTest, ForgetErasesTheUser) {
  Apply("purchase", "milk", kT0, 2);
  Apply("purchase", "milk", kT0, 2, "U2");
  EXPECT_TRUE(engine_.Forget("shop", "U1"));
  EXPECT_FALSE(engine_.Forget("shop", "U1"));
  EXPECT_TRUE(engine_.Profile("shop", "U1", kT0).empty());
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), std::nullopt);
  EXPECT_FALSE(engine_.Profile("shop", "U2", kT0).empty());
}

TEST_F(PreferenceEngineTest, SnapshotListsLikesAndDislikesAsJson) {
  Apply("purchase", "oat", kT0, 1);
  for (int i = 0; i < 4; ++i) Apply("displayed_but_scrolled", "chips", kT0 + i);
  PreferenceSnapshot s = engine_.Snapshot("shop", "U1", kT0 + 10, 3);
  const auto& likes = s.likes[static_cast<int>(FeatureKind::kAttribute)];
  ASSERT_EQ(likes.size(), 3u);
  EXPECT_NEAR(likes[0].value, 1.0, 1e-9);
  const auto& dislikes = s.dislikes[static_cast<int>(FeatureKind::kAttribute)];
  ASSERT_EQ(dislikes.size(), 1u);
  EXPECT_EQ(dislikes[0].key, "spicy");
  nlohmann::json json = SnapshotJson(s);
  EXPECT_EQ(json["user_id"], "U1");
  EXPECT_EQ(json["affinities"]["attribute"]["dislikes"][0]["key"], "spicy");
  EXPECT_EQ(json["products"][0]["product_id"], "oat");
  EXPECT_EQ(json["products"][0]["purchases"], 1);
  // purchase of oat: prefers edges for its category, brand and attributes.
  EXPECT_FALSE(json["edges"].empty());
  EXPECT_EQ(json["edges"][0]["relation"], "prefers");
}

TEST_F(PreferenceEngineTest, ConcurrentAppliesAreAllCounted) {
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread writes a shared user and its own one.
        Apply("click_product", "milk", kT0 + i, 0, "shared");
        Apply("click_product", "oat", kT0 + i, 0, "U" + std::to_string(t));
      }
    });
  }
  for (auto& th : threads) th.join();
  UserProfile shared = engine_.Profile("shop", "shared", kT0 + kPerThread);
  EXPECT_EQ(shared.events_applied, kThreads * kPerThread);
  EXPECT_EQ(shared.History("milk")->clicks, kThreads * kPerThread);
  EXPECT_EQ(engine_.user_count(), static_cast<size_t>(kThreads + 1));
}

TEST_F(PreferenceEngineTest, RebuildFromEventsEqualsLiveLearning) {
  std::vector<Event> events = {MakeEvent("search", "U1", "", kT0),
                               MakeEvent("click_product", "U1", "oat", kT0 + 1),
                               MakeEvent("add_to_cart", "U1", "milk", kT0 + 2, 2),
                               MakeEvent("displayed_but_scrolled", "U1", "chips", kT0 + 3),
                               MakeEvent("purchase", "U2", "milk", kT0 + 4, 1),
                               MakeEvent("click_product", "U1", "deleted-product", kT0 + 5)};
  events[0].query = "milk";
  for (const Event& e : events) {
    const ProductFeatures* f = table_.Find(e.product_external_id);
    if (e.product_external_id.empty()) {
      engine_.Apply(e);
    } else if (f != nullptr) {
      engine_.Apply(e, *f);
    }
  }
  StaticConfigSource config;
  PreferenceEngine rebuilt(&config);
  // State of the shop from before the rebuild is replaced; other shops stay.
  rebuilt.Apply(MakeEvent("purchase", "stale", "milk", kT0, 1), F("milk"));
  Event other_shop = MakeEvent("purchase", "U1", "milk", kT0, 1);
  other_shop.shop_id = "other";
  rebuilt.Apply(other_shop, F("milk"));
  auto stats = rebuilt.RebuildShop(
      "shop",
      [&](const std::function<absl::Status(const Event&)>& fn) {
        for (const Event& e : events) LL_RETURN_IF_ERROR(fn(e));
        return absl::OkStatus();
      },
      [&](std::string_view, std::string_view id) { return table_.Find(id); });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->events, 6);
  EXPECT_EQ(stats->applied, 5);
  EXPECT_EQ(stats->skipped, 1);
  EXPECT_EQ(stats->users, 2);
  EXPECT_TRUE(rebuilt.Profile("shop", "stale", kT0).empty());
  EXPECT_FALSE(rebuilt.Profile("other", "U1", kT0).empty());
  for (const char* user : {"U1", "U2"}) {
    EXPECT_EQ(SnapshotJson(rebuilt.Snapshot("shop", user, kT0 + 10)).dump(),
              SnapshotJson(engine_.Snapshot("shop", user, kT0 + 10)).dump())
        << user;
  }
  EXPECT_EQ(rebuilt.SuggestedQuantity("shop", "U1", "milk"), 2);
}

TEST_F(PreferenceEngineTest, RebuildStopsAtTheSourcesError) {
  auto stats = engine_.RebuildShop(
      "shop",
      [](const std::function<absl::Status(const Event&)>&) {
        return absl::UnavailableError("store is closed");
      },
      [](std::string_view, std::string_view) { return nullptr; });
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(PreferenceEngineTest, RebuildsFromTheStore) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Add(MakeProduct("milk", "Whole Milk, 1 gal", "Dairy & Eggs > Milk", "Horizon", 429));
  batch.Add(MakeEvent("add_to_cart", "U1", "milk", kT0, 2));
  batch.Add(MakeEvent("purchase", "U1", "milk", kT0 + 1, 2));
  ASSERT_EQ((*store)->Write(std::move(batch)).accepted(), 3u);
  auto stats =
      RebuildShopFromStore(engine_, **store, "shop",
                           [&](std::string_view, std::string_view id) { return table_.Find(id); });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->applied, 2);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "U1", "milk"), 2);
  EXPECT_EQ(engine_.Profile("shop", "U1", kT0 + 1).History("milk")->purchases, 1);
}

}  // namespace
}  // namespace leafloaf::personalize
