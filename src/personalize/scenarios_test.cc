// The issue's three demo scenarios at the library level: events go through
// the PreferenceEngine, the next candidate list through the
// PersonalizedRanker. Products are shaped like the demo shop's (names,
// categories, dietary tags, the {"flavor": ...} attribute); text scores
// put the products the scenario must move slightly ahead, as a plain text
// ranking would, so each test also checks the order before the events.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "personalize/preference_engine.h"
#include "personalize/ranker.h"
#include "personalize/test_util.h"

namespace leafloaf::personalize {
namespace {

using testing::kT0;
using testing::MakeEvent;
using testing::MakeProduct;

const std::vector<std::string> kPlantTags = {"dairy-free",  "gluten-free", "kosher",
                                             "plant-based", "vegan",       "vegetarian"};
const std::vector<std::string> kChipTags = {"dairy-free",  "gluten-free", "kosher",    "nut-free",
                                            "plant-based", "vegan",       "vegetarian"};

class ScenarioTest : public ::testing::Test {
 protected:
  ScenarioTest() {
    std::vector<Product> catalog = {
        // Milk.
        MakeProduct("milk-whole", "Horizon Organic Whole Milk, 1 gal", "Dairy & Eggs > Milk",
                    "Horizon Organic", 699, {"gluten-free", "kosher", "organic", "vegetarian"},
                    "Fresh whole milk."),
        MakeProduct("oat-milk", "Oatly Oat Milk Original, 64 fl oz",
                    "Plant-Based & Dairy Alternatives > Plant-Based Milk", "Oatly", 549, kPlantTags,
                    "Creamy oat milk."),
        // Yogurt.
        MakeProduct("greek", "Chobani Plain Greek Yogurt, 32 oz", "Dairy & Eggs > Yogurt",
                    "Chobani", 649, {"gluten-free", "kosher", "vegetarian"},
                    "Thick, strained Greek yogurt with live and active cultures."),
        MakeProduct("yoplait", "Yoplait Strawberry Yogurt, 6 oz", "Dairy & Eggs > Yogurt",
                    "Yoplait", 129, {"gluten-free", "vegetarian"},
                    "Smooth, creamy yogurt made with real fruit."),
        MakeProduct("oat-yogurt", "Silk Vanilla Oat Milk Yogurt, 5.3 oz",
                    "Plant-Based & Dairy Alternatives > Plant-Based Yogurt", "Silk", 199,
                    kPlantTags, "Creamy cultured oat yogurt with live and active cultures."),
        MakeProduct("coconut-yogurt", "So Delicious Plain Coconut Yogurt, 24 oz",
                    "Plant-Based & Dairy Alternatives > Plant-Based Yogurt", "So Delicious", 599,
                    kPlantTags, "Rich coconut yogurt fermented with vegan cultures."),
        // Snacks.
        MakeProduct("kettle-jalapeno", "Kettle Brand Jalapeño Potato Chips, 8 oz", "Snacks > Chips",
                    "Kettle Brand", 499, kChipTags, "Thin, crispy potato chips.",
                    R"({"flavor": "spicy"})"),
        MakeProduct("takis", "Takis Fuego Rolled Tortilla Chips, 9.9 oz", "Snacks > Chips", "Takis",
                    499, kChipTags, "Intense rolled tortilla chips.", R"({"flavor": "spicy"})"),
        MakeProduct("cheetos-hot", "Cheetos Crunchy Flamin' Hot, 8.5 oz", "Snacks > Chips",
                    "Cheetos", 499, {"gluten-free", "kosher", "vegetarian"},
                    "Cheesy, crunchy corn snacks.", R"({"flavor": "spicy"})"),
        MakeProduct("lays", "Lay's Original Potato Chips, 8 oz", "Snacks > Chips", "Lay's", 499,
                    kChipTags, "Thin, crispy potato chips.", R"({"flavor": "plain"})"),
        MakeProduct("tostitos", "Tostitos Restaurant Style Tortilla Chips, 13 oz", "Snacks > Chips",
                    "Tostitos", 499, kChipTags, "Stone-ground corn tortilla chips.",
                    R"({"flavor": "plain"})"),
    };
    table_ = FeatureTable::Build(catalog, AttributeExtractor());
  }

  void Track(const std::string& type, const std::string& product, Micros at, double q = 0) {
    Event e = MakeEvent(type, "shopper", product, at, q);
    if (product.empty()) {
      e.query = "milk";
      engine_.Apply(e);
    } else {
      engine_.Apply(e, *table_.Find(product));
    }
  }

  std::vector<std::string> Rank(const std::vector<std::pair<std::string, double>>& scores,
                                Micros now) {
    std::vector<RankCandidate> candidates;
    for (const auto& [id, score] : scores) candidates.push_back({table_.Find(id), score, 10});
    RankResult r = ranker_.Rank(candidates, engine_.Profile("shop", "shopper", now));
    std::vector<std::string> ids;
    for (const RankedItem& item : r.items) ids.push_back(scores[item.candidate].first);
    return ids;
  }

  FeatureTable table_;
  StaticConfigSource config_;
  PreferenceEngine engine_{&config_};
  PersonalizedRanker ranker_{config_.Current()->ranker};
};

TEST_F(ScenarioTest, OneOatMilkClickRanksPlantBasedYogurtsFirst) {
  // "yogurt": the dairy yogurts' shorter names score a little higher; a
  // milk only matched in its description scores far lower.
  const std::vector<std::pair<std::string, double>> yogurt = {{"greek", 10.0},
                                                              {"yoplait", 9.8},
                                                              {"oat-yogurt", 9.3},
                                                              {"coconut-yogurt", 9.1},
                                                              {"oat-milk", 4.0}};
  EXPECT_THAT(Rank(yogurt, kT0), ::testing::ElementsAre("greek", "yoplait", "oat-yogurt",
                                                        "coconut-yogurt", "oat-milk"));

  Track("search", "", kT0);
  Track("click_product", "oat-milk", kT0 + kMicrosPerSecond);
  std::vector<std::string> order = Rank(yogurt, kT0 + 2 * kMicrosPerSecond);
  EXPECT_THAT(order, ::testing::ElementsAre("oat-yogurt", "coconut-yogurt", "greek", "yoplait",
                                            "oat-milk"));
}

TEST_F(ScenarioTest, ScrollingPastSpicyChipsRanksSpicySnacksLower) {
  // Near-equal text matches, as a broad "chips" search gives.
  const std::vector<std::pair<std::string, double>> snacks = {
      {"kettle-jalapeno", 8.00}, {"cheetos-hot", 7.99}, {"lays", 7.98}, {"tostitos", 7.97}};
  EXPECT_THAT(Rank(snacks, kT0),
              ::testing::ElementsAre("kettle-jalapeno", "cheetos-hot", "lays", "tostitos"));

  // Two spicy chips shown and scrolled past, twice each.
  for (int i = 0; i < 2; ++i) {
    Track("displayed_but_scrolled", "kettle-jalapeno", kT0 + 10 * i);
    Track("displayed_but_scrolled", "takis", kT0 + 10 * i + 1);
  }
  std::vector<std::string> order = Rank(snacks, kT0 + 100);
  // Spicy products rank below the plain ones, including a spicy brand the
  // shopper was never shown; the demotion is gentle (attribute_avoid), so
  // they move among near-equal matches but stay in sight.
  EXPECT_THAT(order, ::testing::ElementsAre("lays", "tostitos", "kettle-jalapeno", "cheetos-hot"));
}

TEST_F(ScenarioTest, AddingTwoGallonsOfMilkSuggestsTwoNextTime) {
  Track("add_to_cart", "milk-whole", kT0, 2);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "shopper", "milk-whole"), 2);
  UserProfile profile = engine_.Profile("shop", "shopper", kT0 + 7 * kMicrosPerDay);
  ASSERT_NE(profile.History("milk-whole"), nullptr);
  EXPECT_EQ(profile.History("milk-whole")->suggested_quantity, 2);
  EXPECT_EQ(engine_.SuggestedQuantity("shop", "shopper", "oat-milk"), std::nullopt);
}

TEST_F(ScenarioTest, RepeatedPurchasesMakeYourUsual) {
  for (int week = 0; week < 5; ++week) {
    Track("purchase", "milk-whole", kT0 + week * 7 * kMicrosPerDay, 1);
  }
  std::vector<RankCandidate> candidates = {{table_.Find("oat-milk"), 10.0, 50},
                                           {table_.Find("milk-whole"), 9.0, 50}};
  RankResult r =
      ranker_.Rank(candidates, engine_.Profile("shop", "shopper", kT0 + 30 * kMicrosPerDay));
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].candidate, 1u);
  EXPECT_THAT(r.items[0].badges, ::testing::Contains("your usual"));
  EXPECT_THAT(r.items[0].badges, ::testing::Contains("bought 5 times"));
}

}  // namespace
}  // namespace leafloaf::personalize
