#include "purchase/inference/dietary_inference.h"

#include <cmath>
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

TEST(DietaryInferenceTest, ClassifiesProducts) {
  const personalize::AttributeExtractor extractor;
  EXPECT_TRUE(ClassifyProduct(MakeProduct("1", "Whole Milk", "Dairy > Milk"), extractor).dairy);
  const ProductDiet almond =
      ClassifyProduct(MakeProduct("2", "Almond Milk", "Dairy > Milk"), extractor);
  EXPECT_FALSE(almond.dairy);
  EXPECT_TRUE(almond.plant_based);
  EXPECT_FALSE(
      ClassifyProduct(MakeProduct("3", "Peanut Butter", "Pantry > Spreads"), extractor).dairy);
  EXPECT_TRUE(
      ClassifyProduct(MakeProduct("4", "Chicken Breast", "Meat > Poultry"), extractor).meat);
  EXPECT_FALSE(
      ClassifyProduct(MakeProduct("5", "Meatless Burger", "Frozen > Burgers"), extractor).meat);
  EXPECT_TRUE(
      ClassifyProduct(MakeProduct("6", "Sourdough Bread", "Bakery > Bread"), extractor).gluten);
  EXPECT_FALSE(
      ClassifyProduct(MakeProduct("7", "Seeded Bread", "Bakery > Bread", 0, {"gluten-free"}),
                      extractor)
          .gluten);
  const ProductDiet buns = ClassifyProduct(
      MakeProduct("11", "Hot Dog Buns", "Grocery > Baked Bread/Buns/Rolls"), extractor);
  EXPECT_FALSE(buns.meat);
  EXPECT_TRUE(buns.gluten);
  EXPECT_TRUE(ClassifyProduct(MakeProduct("12", "Hot Dogs", "Meat > Franks"), extractor).meat);
  const ProductDiet eggs =
      ClassifyProduct(MakeProduct("8", "Free Range Eggs", "Pantry > Eggs"), extractor);
  EXPECT_TRUE(eggs.egg);
  EXPECT_TRUE(eggs.animal());
  EXPECT_FALSE(eggs.dairy);
  EXPECT_FALSE(
      ClassifyProduct(MakeProduct("9", "Eggplant", "Produce > Vegetables"), extractor).egg);
  EXPECT_FALSE(
      ClassifyProduct(MakeProduct("10", "Greek Yogurt", "Dairy", 0, {"vegan"}), extractor).dairy);
}

TEST(DietaryInferenceTest, RestrictionsWithOpportunityConfidence) {
  PurchaseHistory history;
  history.AddOrder("omni", 1, Lines{{"milk", 1}, {"chicken", 1}});
  history.AddOrder("omni", 2, Lines{{"bread", 1}, {"apples", 1}});
  history.AddOrder("vegan", 1, Lines{{"almond", 1}, {"apples", 1}});
  history.AddOrder("vegan", 2, Lines{{"gf_bread", 1}});
  history.AddOrder("vegan", 3, Lines{{"apples", 1}});
  history.AddOrder("veggie", 1, Lines{{"milk", 1}, {"eggs", 1}});
  history.Finish();
  const std::vector<Product> products = {
      MakeProduct("milk", "Whole Milk", "Dairy > Milk"),
      MakeProduct("almond", "Almond Milk", "Dairy > Milk"),
      MakeProduct("chicken", "Chicken Breast", "Meat > Poultry"),
      MakeProduct("bread", "Sourdough Bread", "Bakery > Bread"),
      MakeProduct("gf_bread", "Seeded Bread", "Bakery > Bread", 0, {"gluten-free"}),
      MakeProduct("apples", "Apples", "Produce > Fruit"),
      MakeProduct("eggs", "Free Range Eggs", "Pantry > Eggs"),
  };
  const DietaryInference inference =
      DietaryInference::Build(history, CatalogFor(history, products));
  // 6 baskets: dairy in 2 (omni 1, veggie), meat 1, gluten 1, animal 2.
  EXPECT_DOUBLE_EQ(inference.ClassBasketShare(DietClass::kDairy), 2.0 / 6);
  EXPECT_DOUBLE_EQ(inference.ClassBasketShare(DietClass::kMeat), 1.0 / 6);
  EXPECT_DOUBLE_EQ(inference.ClassBasketShare(DietClass::kGluten), 1.0 / 6);
  EXPECT_DOUBLE_EQ(inference.ClassBasketShare(DietClass::kAnimal), 2.0 / 6);

  const DietaryProfile vegan = inference.Profile(static_cast<UserIndex>(history.FindUser("vegan")));
  const auto& no_dairy = vegan.restrictions[static_cast<size_t>(Restriction::kNoDairy)];
  EXPECT_TRUE(no_dairy.inferred);
  EXPECT_EQ(no_dairy.baskets, 3);
  EXPECT_NEAR(no_dairy.confidence, 19.0 / 27, 1e-12);  // 1 - (4/6)^3
  EXPECT_NEAR(vegan.restrictions[static_cast<size_t>(Restriction::kNoMeat)].confidence, 91.0 / 216,
              1e-12);  // 1 - (5/6)^3
  EXPECT_NEAR(vegan.restrictions[static_cast<size_t>(Restriction::kNoGluten)].confidence,
              91.0 / 216, 1e-12);
  EXPECT_TRUE(vegan.restrictions[static_cast<size_t>(Restriction::kVegan)].inferred);
  EXPECT_NEAR(vegan.restrictions[static_cast<size_t>(Restriction::kVegan)].confidence, 19.0 / 27,
              1e-12);
  EXPECT_DOUBLE_EQ(vegan.plant_based_share, 0.25);  // almond milk of 4 items

  const DietaryProfile omni = inference.Profile(static_cast<UserIndex>(history.FindUser("omni")));
  const auto& omni_dairy = omni.restrictions[static_cast<size_t>(Restriction::kNoDairy)];
  EXPECT_FALSE(omni_dairy.inferred);
  EXPECT_EQ(omni_dairy.confidence, 0);
  EXPECT_EQ(omni_dairy.baskets_with_class, 1);
  EXPECT_FALSE(omni.restrictions[static_cast<size_t>(Restriction::kNoGluten)].inferred);

  const DietaryProfile veggie =
      inference.Profile(static_cast<UserIndex>(history.FindUser("veggie")));
  EXPECT_TRUE(veggie.restrictions[static_cast<size_t>(Restriction::kNoMeat)].inferred);
  EXPECT_NEAR(veggie.restrictions[static_cast<size_t>(Restriction::kNoMeat)].confidence, 1.0 / 6,
              1e-12);  // one basket: weak evidence
  EXPECT_FALSE(veggie.restrictions[static_cast<size_t>(Restriction::kVegan)].inferred);
  EXPECT_EQ(RestrictionName(Restriction::kNoGluten), "no-gluten");
}

}  // namespace
}  // namespace leafloaf::purchase
