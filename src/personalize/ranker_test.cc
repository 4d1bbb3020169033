#include "personalize/ranker.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "personalize/preference_engine.h"
#include "personalize/ranker_model.h"
#include "personalize/test_util.h"

namespace leafloaf::personalize {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::kT0;
using testing::MakeProduct;
using ::testing::Not;

class RankerTest : public ::testing::Test {
 protected:
  RankerTest() {
    std::vector<Product> products = {
        MakeProduct("a", "Greek Yogurt", "Dairy & Eggs > Yogurt", "Chobani", 599,
                    {"gluten-free", "vegetarian"}),
        MakeProduct("b", "Vanilla Yogurt", "Dairy & Eggs > Yogurt", "Yoplait", 349,
                    {"gluten-free", "vegetarian"}),
        MakeProduct("c", "Coconut Yogurt", "Plant-Based & Dairy Alternatives > Plant-Based Yogurt",
                    "So Delicious", 649, {"dairy-free", "plant-based", "vegan"}),
        MakeProduct("d", "Store Yogurt", "Dairy & Eggs > Yogurt", "LeafLoaf", 199,
                    {"gluten-free", "vegetarian"}),
    };
    table_ = FeatureTable::Build(products, AttributeExtractor());
    profile_.shop_id = "shop";
    profile_.user_id = "U1";
    profile_.as_of = kT0;
  }
  std::vector<RankCandidate> Candidates(std::vector<std::pair<std::string, double>> scores) {
    std::vector<RankCandidate> out;
    for (const auto& [id, score] : scores) out.push_back({table_.Find(id), score, 0});
    return out;
  }
  std::vector<std::string> Order(const RankResult& r, const std::vector<RankCandidate>& c) {
    std::vector<std::string> ids;
    for (const RankedItem& item : r.items) ids.push_back(c[item.candidate].features->product_id);
    return ids;
  }

  FeatureTable table_;
  UserProfile profile_;
  PersonalizedRanker ranker_;
};

TEST_F(RankerTest, EmptyProfileKeepsTheTextOrder) {
  auto c = Candidates({{"c", 2.0}, {"a", 3.0}, {"b", 1.0}});
  RankResult r = ranker_.Rank(c, profile_);
  EXPECT_FALSE(r.personalization_applied);
  EXPECT_THAT(Order(r, c), ElementsAre("a", "c", "b"));
  EXPECT_DOUBLE_EQ(r.items[0].text_relevance, 1.0);
  EXPECT_EQ(r.items[0].personalization_score, 0);
  EXPECT_TRUE(r.items[0].badges.empty());
}

TEST_F(RankerTest, DeclaredRestrictionsAreAHardFilter) {
  auto c = Candidates({{"a", 3.0}, {"c", 2.0}, {"b", 1.0}});
  std::vector<std::string> vegan = {"vegan"};
  RankResult r = ranker_.Rank(c, profile_, {.declared_dietary = vegan});
  EXPECT_TRUE(r.personalization_applied);
  EXPECT_EQ(r.filtered_out, 2);
  EXPECT_THAT(Order(r, c), ElementsAre("c"));
  // Inferred preferences never filter.
  profile_.events_applied = 1;
  profile_.affinity[static_cast<int>(FeatureKind::kAttribute)]["vegan"] = 3;
  EXPECT_EQ(ranker_.Rank(c, profile_).items.size(), 3u);
}

TEST_F(RankerTest, InferredDietaryPreferenceLiftsMatchingProductsWithABadge) {
  profile_.events_applied = 1;
  profile_.affinity[static_cast<int>(FeatureKind::kAttribute)]["plant-based"] = 0.2;
  auto c = Candidates({{"a", 1.0}, {"c", 0.95}});
  RankResult r = ranker_.Rank(c, profile_);
  EXPECT_THAT(Order(r, c), ElementsAre("c", "a"));
  EXPECT_THAT(r.items[0].badges, Contains("matches your plant-based preference"));
  EXPECT_THAT(r.items[1].badges, Not(Contains("matches your plant-based preference")));
  ASSERT_FALSE(r.items[0].reasons.empty());
  bool has_dietary = false;
  for (const Reason& reason : r.items[0].reasons) {
    if (reason.factor == "dietary") {
      has_dietary = true;
      EXPECT_GT(reason.contribution, 0);
      EXPECT_EQ(reason.detail, "you like plant-based products");
    }
  }
  EXPECT_TRUE(has_dietary);
}

TEST_F(RankerTest, FrequentPurchasesGiveUsualAndCountBadges) {
  profile_.events_applied = 5;
  profile_.products["b"] = {.purchases = 5, .last_purchase_at = kT0 - 3 * kMicrosPerDay};
  profile_.products["d"] = {.purchases = 2, .last_purchase_at = kT0 - 40 * kMicrosPerDay};
  auto c = Candidates({{"a", 1.0}, {"b", 0.9}, {"d", 0.9}});
  RankResult r = ranker_.Rank(c, profile_);
  EXPECT_THAT(Order(r, c), ElementsAre("b", "d", "a"));
  EXPECT_THAT(r.items[0].badges, ElementsAre("your usual", "bought 5 times"));
  EXPECT_THAT(r.items[1].badges, ElementsAre("bought 2 times"));
  EXPECT_TRUE(r.items[2].badges.empty());
  bool has_recency = false;
  for (const Reason& reason : r.items[0].reasons) {
    if (reason.factor == "recency") {
      has_recency = true;
      EXPECT_EQ(reason.detail, "last bought 3 days ago");
    }
  }
  EXPECT_TRUE(has_recency);
}

TEST_F(RankerTest, ReasonsAddUpToTheScore) {
  profile_.events_applied = 3;
  profile_.affinity[static_cast<int>(FeatureKind::kBrand)]["Chobani"] = 0.7;
  profile_.affinity[static_cast<int>(FeatureKind::kCategory)]["Dairy & Eggs > Yogurt"] = -0.4;
  profile_.products["a"] = {.purchases = 1, .last_purchase_at = kT0};
  auto c = Candidates({{"a", 1.0}, {"b", 0.5}});
  c[0].popularity = 40;
  c[1].popularity = 3;
  RankResult r = ranker_.Rank(c, profile_);
  for (const RankedItem& item : r.items) {
    double sum = 0;
    for (const Reason& reason : item.reasons) sum += reason.contribution;
    EXPECT_NEAR(sum, item.score, 1e-3);
    EXPECT_NEAR(item.personalization_score, item.score - item.text_relevance, 1e-9);
    for (size_t i = 1; i < item.reasons.size(); ++i) {
      EXPECT_GE(std::abs(item.reasons[i - 1].contribution), std::abs(item.reasons[i].contribution));
    }
  }
}

TEST_F(RankerTest, OnlyTheTopResultsAreExplainedWithTheSameOrder) {
  profile_.events_applied = 1;
  profile_.affinity[static_cast<int>(FeatureKind::kBrand)]["Yoplait"] = 1;
  auto c = Candidates({{"a", 1.0}, {"b", 0.95}, {"c", 0.9}, {"d", 0.8}});
  RankResult all = ranker_.Rank(c, profile_);
  RankResult top2 = ranker_.Rank(c, profile_, {.explain_top_k = 2});
  RankResult none = ranker_.Rank(c, profile_, {.explain = false});
  EXPECT_EQ(Order(all, c), Order(top2, c));
  EXPECT_EQ(Order(all, c), Order(none, c));
  for (size_t i = 0; i < all.items.size(); ++i) {
    EXPECT_DOUBLE_EQ(all.items[i].score, none.items[i].score);
    EXPECT_FALSE(all.items[i].reasons.empty());
    EXPECT_EQ(top2.items[i].reasons.empty(), i >= 2) << i;
    EXPECT_TRUE(none.items[i].reasons.empty());
  }
}

TEST_F(RankerTest, PersonalizationIsBoundedByItsWeights) {
  const RankerWeights w;
  const double bound = w.category + w.department + w.brand + w.attribute + w.dietary + w.frequency +
                       w.recency + w.price + w.popularity;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> value(-5, 5);
  auto c = Candidates({{"a", 1.0}, {"b", 0.8}, {"c", 0.6}, {"d", 0.1}});
  for (int trial = 0; trial < 200; ++trial) {
    UserProfile p = profile_;
    p.events_applied = 1;
    for (const char* key : {"Chobani", "Yoplait", "So Delicious", "LeafLoaf"}) {
      p.affinity[static_cast<int>(FeatureKind::kBrand)][key] = value(rng);
    }
    for (const char* key : {"vegan", "plant-based", "gluten-free", "high-protein", "dairy-free"}) {
      p.affinity[static_cast<int>(FeatureKind::kAttribute)][key] = value(rng);
    }
    p.products["d"] = {.purchases = trial, .last_purchase_at = kT0};
    p.price_sensitivity = std::abs(value(rng)) / 5;
    RankResult r = ranker_.Rank(c, p, {.explain = false});
    for (const RankedItem& item : r.items) {
      EXPECT_LE(std::abs(item.personalization_score), bound + 1e-9);
      EXPECT_TRUE(item.reasons.empty());
    }
  }
}

TEST_F(RankerTest, PriceSensitiveShoppersSeeCheaperProductsFirst) {
  auto c = Candidates({{"a", 1.0}, {"d", 1.0}});  // 599 and 199 cents, median 349
  profile_.events_applied = 4;
  RankResult neutral = ranker_.Rank(c, profile_);
  EXPECT_THAT(Order(neutral, c), ElementsAre("a", "d"));
  profile_.price_sensitivity = 1;
  RankResult sensitive = ranker_.Rank(c, profile_);
  EXPECT_THAT(Order(sensitive, c), ElementsAre("d", "a"));
}

TEST_F(RankerTest, PricesAboveTheUsersBandAreLowered) {
  profile_.events_applied = 4;
  profile_.price_bands["Dairy & Eggs > Yogurt"] = {
      .mean_log_price = std::log(199.0), .spread_log_price = 0.05, .weight = 3};
  auto c = Candidates({{"a", 1.0}, {"d", 0.97}});
  RankResult r = ranker_.Rank(c, profile_);
  EXPECT_THAT(Order(r, c), ElementsAre("d", "a"));
  bool lowered = false;
  for (const Reason& reason : r.items[1].reasons) {
    lowered |= reason.factor == "price" && reason.contribution < 0;
  }
  EXPECT_TRUE(lowered);
}

TEST_F(RankerTest, ModelWeightsDecideTheCombination) {
  profile_.events_applied = 1;
  profile_.affinity[static_cast<int>(FeatureKind::kBrand)]["Yoplait"] = 2;
  auto c = Candidates({{"a", 1.0}, {"b", 0.95}});
  EXPECT_THAT(Order(PersonalizedRanker().Rank(c, profile_), c), ElementsAre("b", "a"));
  auto text_only = ParseRankerModel(R"({"format": "leafloaf.linear_ranker", "version": 1,
                                        "weights": {"brand": 0}})",
                                    RankerWeights{});
  ASSERT_TRUE(text_only.ok()) << text_only.status();
  EXPECT_THAT(Order(PersonalizedRanker(*text_only).Rank(c, profile_), c), ElementsAre("a", "b"));
}

}  // namespace
}  // namespace leafloaf::personalize

namespace leafloaf::personalize {
namespace {

using testing::kT0;
using testing::MakeProduct;

// The trainer fits weights over Factors(); Rank() must score exactly
// their weighted sum, for any weights and any profile.
TEST(RankerFactorsTest, WeightedFactorsEqualRankScores) {
  std::vector<Product> products = {
      MakeProduct("a", "Greek Yogurt", "Dairy & Eggs > Yogurt", "Chobani", 599,
                  {"gluten-free", "vegetarian"}),
      MakeProduct("b", "Spicy Vanilla Yogurt", "Dairy & Eggs > Yogurt", "Yoplait", 349,
                  {"gluten-free", "vegetarian"}),
      MakeProduct("c", "Organic Coconut Yogurt",
                  "Plant-Based & Dairy Alternatives > Plant-Based Yogurt", "So Delicious", 649,
                  {"dairy-free", "plant-based", "vegan"}),
      MakeProduct("d", "Store Yogurt", "Dairy", "LeafLoaf", 0),
  };
  FeatureTable table = FeatureTable::Build(products, AttributeExtractor());
  StaticConfigSource config;
  PreferenceEngine engine(&config);
  const std::vector<std::pair<std::string, std::string>> events = {
      {"purchase", "a"}, {"purchase", "a"}, {"click_product", "c"},
      {"displayed_but_scrolled", "b"}, {"add_to_cart", "d"}, {"purchase", "b"}};
  std::vector<RankCandidate> candidates;
  double text = 3;
  for (const char* id : {"a", "b", "c", "d"}) {
    candidates.push_back({table.Find(id), text, text * 7});
    text -= 0.7;
  }
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> weight(-1, 1);
  for (size_t n = 0; n <= events.size(); ++n) {
    if (n > 0) {
      const auto& [type, id] = events[n - 1];
      engine.Apply(testing::MakeEvent(type, "U1", id, kT0 + static_cast<Micros>(n) * kMicrosPerDay),
                   *table.Find(id));
    }
    UserProfile profile = engine.Profile("shop", "U1", kT0 + 20 * kMicrosPerDay);
    for (int trial = 0; trial < 5; ++trial) {
      RankerWeights w;
      for (int f = 0; f < kNumRankFactors; ++f) w.*RankFactorWeight(static_cast<RankFactor>(f)) = weight(rng);
      PersonalizedRanker ranker(w);
      std::vector<RankFactors> factors = ranker.Factors(candidates, profile);
      RankResult result = ranker.Rank(candidates, profile, {.explain = false});
      ASSERT_EQ(result.items.size(), candidates.size());
      for (const RankedItem& item : result.items) {
        EXPECT_NEAR(factors[item.candidate].Score(w), item.score, 1e-12)
            << "events " << n << " candidate " << item.candidate;
      }
    }
  }
}

TEST(RankerFactorsTest, NamesMatchTheModelFile) {
  // The factor table is the model file's, in RankFactor order.
  EXPECT_EQ(RankFactorName(RankFactor::kText), "text");
  EXPECT_EQ(RankFactorName(RankFactor::kAttributeAvoid), "attribute_avoid");
  EXPECT_EQ(RankFactorName(RankFactor::kPopularity), "popularity");
  EXPECT_EQ(RankFactorWeight(RankFactor::kFrequency), &RankerWeights::frequency);
  EXPECT_EQ(RankFactorWeight(RankFactor::kPrice), &RankerWeights::price);
  for (int f = 0; f < kNumRankFactors; ++f) {
    const RankFactor factor = static_cast<RankFactor>(f);
    RankerWeights w;
    w.*RankFactorWeight(factor) = 42;
    auto parsed = ParseRankerModel(RankerModelJson(w), RankerWeights{});
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ((*parsed).*RankFactorWeight(factor), 42) << RankFactorName(factor);
    bool found = false;
    for (const RankerWeightField& field : RankerWeightFields()) {
      found = found || (field.name == RankFactorName(factor) && field.field == RankFactorWeight(factor));
    }
    EXPECT_TRUE(found) << RankFactorName(factor);
  }
}

}  // namespace
}  // namespace leafloaf::personalize
