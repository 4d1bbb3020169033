#include "purchase/inference/household_inference.h"

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

constexpr Micros kWeek = int64_t{7} * 24 * 3600 * 1'000'000;

TEST(HouseholdInferenceTest, KidsProducts) {
  const personalize::AttributeExtractor extractor;
  EXPECT_TRUE(IsKidsProduct(MakeProduct("1", "Baby Diapers", "Drug Gm > Diapers & Disposables"),
                            extractor));
  EXPECT_TRUE(IsKidsProduct(MakeProduct("2", "Kids Cereal", "Grocery > Cold Cereal > Kids Cereal"),
                            extractor));
  EXPECT_TRUE(IsKidsProduct(
      MakeProduct("3", "Formula Milk Base", "Drug Gm > Infant Formula > Infant Formula Milk Base"),
      extractor));
  EXPECT_TRUE(
      IsKidsProduct(MakeProduct("4", "Apple Juice Boxes 8 pack", "Beverages > Juice"), extractor));
  EXPECT_FALSE(IsKidsProduct(MakeProduct("5", "Baby Carrots", "Produce > Vegetables"), extractor));
  EXPECT_FALSE(IsKidsProduct(MakeProduct("6", "Whole Milk", "Dairy > Milk"), extractor));
}

TEST(HouseholdInferenceTest, SignalsRanksAndBuckets) {
  PurchaseHistory history;
  // single: 2 items over 1 week, quantity 1, one product per group.
  history.AddOrder("single", 0, Lines{{"milk", 1}});
  history.AddOrder("single", kWeek, Lines{{"milk", 1}});
  // family: 5 items over 2 weeks, quantities 3 2 2 1 1, two milks in the
  // same 4-week period, kids cereal and diapers.
  history.AddOrder("family", 0, Lines{{"milk", 3}, {"kids_cereal", 2}});
  history.AddOrder("family", 2 * kWeek, Lines{{"milk", 2}, {"skim", 1}, {"diapers", 1}});
  // couple: 4 items over 1 week, quantities 2 1 2 1.
  history.AddOrder("couple", 0, Lines{{"milk", 2}, {"bread", 1}});
  history.AddOrder("couple", kWeek, Lines{{"milk", 2}, {"bread", 1}});
  history.Finish();
  const std::vector<Product> products = {
      MakeProduct("milk", "Whole Milk", "Dairy > Milk"),
      MakeProduct("skim", "Skim Milk", "Dairy > Milk"),
      MakeProduct("kids_cereal", "Kids Cereal", "Grocery > Cold Cereal > Kids Cereal"),
      MakeProduct("diapers", "Baby Diapers", "Drug Gm > Diapers"),
      MakeProduct("bread", "Bread", "Bakery > Bread"),
  };
  std::vector<Product> products_priced = products;
  products_priced[0].price_cents = 100;  // milk
  const HouseholdInference inference = HouseholdInference::Build(
      history, CatalogFor(history, products),
      {.size_shares = {1.0 / 3, 1.0 / 3, 1.0 / 3}, .kids_share = 1.0 / 3});
  const auto& single = inference.Estimate(static_cast<UserIndex>(history.FindUser("single")));
  const auto& family = inference.Estimate(static_cast<UserIndex>(history.FindUser("family")));
  const auto& couple = inference.Estimate(static_cast<UserIndex>(history.FindUser("couple")));

  EXPECT_DOUBLE_EQ(family.signals.items_per_week, 2.5);
  EXPECT_DOUBLE_EQ(family.signals.quantity_per_item, 1.8);
  EXPECT_DOUBLE_EQ(family.signals.variety, 1.0 / 3);
  EXPECT_DOUBLE_EQ(family.signals.kids_share, 0.4);
  EXPECT_EQ(family.signals.kids_items, 2);
  EXPECT_DOUBLE_EQ(couple.signals.items_per_week, 4);
  EXPECT_DOUBLE_EQ(couple.signals.quantity_per_item, 1.5);
  EXPECT_DOUBLE_EQ(single.signals.variety, 0);

  // Ranks (volume, quantity, variety, kids): single 0 0 .25 .25, family
  // .5 1 1 1, couple 1 .5 .25 .25.
  EXPECT_DOUBLE_EQ(single.size_score, 0.125);
  EXPECT_DOUBLE_EQ(family.size_score, 0.875);
  EXPECT_DOUBLE_EQ(couple.size_score, 0.5);
  EXPECT_DOUBLE_EQ(family.kids_score, 0.9375);
  EXPECT_DOUBLE_EQ(couple.kids_score, 0.375);

  EXPECT_EQ(single.size_bucket, 1);
  EXPECT_EQ(couple.size_bucket, 2);
  EXPECT_EQ(family.size_bucket, 3);
  EXPECT_TRUE(family.has_kids);
  EXPECT_FALSE(couple.has_kids);
  EXPECT_FALSE(single.has_kids);
  // Depth in bucket (edge 0.5, centre 1) x evidence 2 / (2 + 5).
  EXPECT_NEAR(single.size_confidence, 0.5 * 2 / 7, 1e-12);
  EXPECT_NEAR(couple.size_confidence, 1.0 * 2 / 7, 1e-12);
  EXPECT_NEAR(family.size_confidence, 0.5 * 2 / 7, 1e-12);

  // Volume alone: single 2/wk, family 2.5/wk, couple 4/wk; kids alone.
  const HouseholdInference volume_only =
      HouseholdInference::Build(history, CatalogFor(history, products),
                                {.size_shares = {1.0 / 3, 1.0 / 3, 1.0 / 3},
                                 .kids_share = 1.0 / 3,
                                 .signal_weights = {1, 0, 0, 0, 0},
                                 .kids_weight = 1});
  const UserIndex couple_index = static_cast<UserIndex>(history.FindUser("couple"));
  EXPECT_DOUBLE_EQ(volume_only.Estimate(couple_index).size_score, 1);
  EXPECT_EQ(volume_only.Estimate(couple_index).size_bucket, 3);
  EXPECT_DOUBLE_EQ(volume_only.Estimate(couple_index).kids_score, 0.25);
  EXPECT_TRUE(volume_only.Estimate(static_cast<UserIndex>(history.FindUser("family"))).has_kids);

  // Spend alone, from priced orders: single 2 x 100 over 1 week, family
  // 3 x 100 + 2 x 300 over 2 weeks = 450/wk, couple 2 x 100 over 1 week
  // plus bread without any price = 200/wk.
  const UserIndex single_index = static_cast<UserIndex>(history.FindUser("single"));
  const UserIndex family_index = static_cast<UserIndex>(history.FindUser("family"));
  const ProductIndex milk = static_cast<ProductIndex>(history.FindProduct("milk"));
  const ProductIndex cereal = static_cast<ProductIndex>(history.FindProduct("kids_cereal"));
  const ProductIndex bread = static_cast<ProductIndex>(history.FindProduct("bread"));
  const std::vector<PricedOrder> orders = {
      {single_index, {{milk, 1, 100}}},
      {single_index, {{milk, 1, 0}}},  // no line price: the catalog's 100
      {family_index, {{milk, 3, 100}, {cereal, 2, 300}}},
      {couple_index, {{milk, 2, 100}, {bread, 1, 0}}},
  };
  const HouseholdInference spend_only =
      HouseholdInference::Build(history, CatalogFor(history, products_priced),
                                {.size_shares = {1.0 / 3, 1.0 / 3, 1.0 / 3},
                                 .kids_share = 1.0 / 3,
                                 .signal_weights = {0, 0, 0, 0, 1}},
                                orders);
  EXPECT_DOUBLE_EQ(spend_only.Estimate(single_index).signals.spend_per_week_cents, 200);
  EXPECT_DOUBLE_EQ(spend_only.Estimate(family_index).signals.spend_per_week_cents, 450);
  EXPECT_DOUBLE_EQ(spend_only.Estimate(couple_index).signals.spend_per_week_cents, 200);
  // Ranks: single and couple tie at 0.25, family 1.
  EXPECT_DOUBLE_EQ(spend_only.Estimate(single_index).size_score, 0.25);
  EXPECT_DOUBLE_EQ(spend_only.Estimate(family_index).size_score, 1);
  EXPECT_EQ(spend_only.Estimate(family_index).size_bucket, 3);
  // Without orders the spend weight is ignored: all weights zero -> 0.5.
  const HouseholdInference no_orders = HouseholdInference::Build(
      history, CatalogFor(history, products_priced), {.signal_weights = {0, 0, 0, 0, 1}});
  EXPECT_DOUBLE_EQ(no_orders.Estimate(family_index).size_score, 0.5);
}

}  // namespace
}  // namespace leafloaf::purchase
