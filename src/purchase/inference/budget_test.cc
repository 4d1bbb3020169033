#include "purchase/inference/budget.h"

#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "purchase/inference/test_catalog.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;
using testing_helpers::CatalogFor;
using testing_helpers::MakeProduct;

class BudgetModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Users a (0), b (1), c (2); products milk 0, store 1, organic 2, oat 3,
    // bread 4, mystery 5 in order of first appearance.
    history_.AddOrder("a", 10,
                      Lines{{"milk", 1}, {"store", 2}, {"organic", 1}, {"oat", 1}, {"bread", 1}});
    history_.AddOrder("b", 20, Lines{{"store", 1}});
    history_.AddOrder("b", 30, Lines{{"store", 2}, {"oat", 1}});
    history_.AddOrder("b", 40, Lines{{"oat", 1}});
    history_.AddOrder("c", 50, Lines{{"mystery", 1}});
    history_.Finish();
    const std::vector<Product> products = {
        MakeProduct("milk", "Whole Milk 1L", "Dairy > Milk", 200),
        MakeProduct("store", "Store Whole Milk 1L", "Dairy > Milk", 120),
        MakeProduct("organic", "Organic Whole Milk 1L", "Dairy > Milk", 300),
        MakeProduct("oat", "Oat Drink", "Dairy > Milk",
                    0),  // priced from its lines
        MakeProduct("bread", "Bread", "Bakery", 250),
        MakeProduct("mystery", "Mystery", "", 0),
    };
    const std::vector<PricedOrder> orders = {
        {0, {{0, 1, 200}, {1, 2, 120}, {2, 1, 300}, {3, 1, 150}, {4, 1, 250}}},
        {1, {{1, 1, 120}}},
        {1, {{1, 2, 0}, {3, 1, 170}}},  // store's line without price: catalog 120
        {1, {{3, 1, 100}}},
        {2, {{5, 1, 0}}},  // no price anywhere
    };
    model_ = BudgetModel::Build(history_, CatalogFor(history_, products), orders);
  }

  PurchaseHistory history_;
  BudgetModel model_;
};

TEST_F(BudgetModelTest, PriceFallsBackToTheMedianLinePrice) {
  EXPECT_EQ(model_.Price(0), 200);
  EXPECT_EQ(model_.Price(3), 150);  // median of 150, 170, 100
  EXPECT_EQ(model_.Price(5), 0);
}

TEST_F(BudgetModelTest, PercentilesWithinTheCategory) {
  // Milk by price: store 120, oat 150, milk 200, organic 300.
  EXPECT_DOUBLE_EQ(*model_.PricePercentile(1), 0);
  EXPECT_DOUBLE_EQ(*model_.PricePercentile(3), 1.0 / 3);
  EXPECT_DOUBLE_EQ(*model_.PricePercentile(0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*model_.PricePercentile(2), 1);
  EXPECT_FALSE(model_.PricePercentile(4).has_value());  // alone in Bakery
  EXPECT_FALSE(model_.PricePercentile(5).has_value());  // no price
}

TEST_F(BudgetModelTest, TypicalBasketSpendIsTheMedianOrderTotal) {
  // a: 200 + 2 x 120 + 300 + 150 + 250.
  EXPECT_EQ(model_.TypicalBasketSpend(0), 1140);
  // b: 120, 2 x 120 + 170 = 410, 100 -> 120.
  EXPECT_EQ(model_.TypicalBasketSpend(1), 120);
  EXPECT_FALSE(model_.TypicalBasketSpend(2).has_value());
}

TEST_F(BudgetModelTest, PreferredTierFromTheMeanPercentile) {
  // a: (2/3 + 0 + 1 + 1/3) / 4 = 0.5 -> mid.
  std::vector<CategoryTier> a = model_.PreferredTiers(0);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].category, "Dairy > Milk");
  EXPECT_EQ(a[0].tier, PriceTier::kMid);
  EXPECT_DOUBLE_EQ(a[0].mean_percentile, 0.5);
  EXPECT_EQ(a[0].purchases, 4);
  // b: store twice (0), oat twice (1/3) -> 1/6 -> budget.
  std::vector<CategoryTier> b = model_.PreferredTiers(1);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].tier, PriceTier::kBudget);
  EXPECT_DOUBLE_EQ(b[0].mean_percentile, 1.0 / 6);
  EXPECT_EQ(b[0].purchases, 4);
  EXPECT_TRUE(model_.PreferredTiers(2).empty());
  EXPECT_EQ(PriceTierName(PriceTier::kPremium), "premium");
}

TEST_F(BudgetModelTest, CheaperAlternativesBySimilarNameThenPrice) {
  // For organic (300): milk 3/4 similar, store 3/5, oat 0.
  std::vector<CheaperAlternative> alternatives = model_.CheaperAlternatives(2, 5);
  ASSERT_EQ(alternatives.size(), 3u);
  EXPECT_EQ(alternatives[0].product, 0u);
  EXPECT_DOUBLE_EQ(alternatives[0].name_similarity, 0.75);
  EXPECT_EQ(alternatives[0].savings_cents, 100);
  EXPECT_EQ(alternatives[1].product, 1u);
  EXPECT_DOUBLE_EQ(alternatives[1].name_similarity, 0.6);
  EXPECT_EQ(alternatives[1].price_cents, 120);
  EXPECT_EQ(alternatives[2].product, 3u);
  EXPECT_EQ(model_.CheaperAlternatives(2, 2).size(), 2u);
  EXPECT_TRUE(model_.CheaperAlternatives(1, 5).empty());  // the cheapest
  EXPECT_TRUE(model_.CheaperAlternatives(4, 5).empty());  // alone in Bakery
  EXPECT_TRUE(model_.CheaperAlternatives(5, 5).empty());  // no price
}

}  // namespace
}  // namespace leafloaf::purchase
