#include "catalog/dietary.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DietaryTest, KnownTagsIncludeTheRequiredVocabularySorted) {
  auto tags = KnownDietaryTags();
  for (std::string_view tag :
       {"organic", "vegan", "vegetarian", "gluten-free", "lactose-free", "dairy-free",
        "plant-based", "nut-free", "sugar-free", "low-sugar", "low-fat", "kosher", "keto"}) {
    EXPECT_NE(std::find(tags.begin(), tags.end(), tag), tags.end()) << tag;
  }
  EXPECT_TRUE(std::is_sorted(tags.begin(), tags.end()));
}

TEST(DietaryTest, CanonicalFoldsSpellingVariants) {
  EXPECT_EQ(CanonicalDietaryTag("Gluten Free"), "gluten-free");
  EXPECT_EQ(CanonicalDietaryTag("gluten_free"), "gluten-free");
  EXPECT_EQ(CanonicalDietaryTag("GF"), "gluten-free");
  EXPECT_EQ(CanonicalDietaryTag("  GLUTEN-FREE "), "gluten-free");
  EXPECT_EQ(CanonicalDietaryTag("Non-Dairy"), "dairy-free");
  EXPECT_EQ(CanonicalDietaryTag("Plant Based"), "plant-based");
  EXPECT_EQ(CanonicalDietaryTag("fat free"), "low-fat");
  EXPECT_EQ(CanonicalDietaryTag("Ketogenic"), "keto");
  EXPECT_EQ(CanonicalDietaryTag("USDA Organic"), "organic");
  EXPECT_EQ(CanonicalDietaryTag("vegan"), "vegan");
  EXPECT_EQ(CanonicalDietaryTag("spicy"), std::nullopt);
  EXPECT_EQ(CanonicalDietaryTag(""), std::nullopt);
}

TEST(DietaryTest, ParseSplitsSortsDedupsAndCollectsUnknown) {
  std::vector<std::string> unknown;
  EXPECT_THAT(ParseDietaryTags("Vegan; gluten free|GF, organic,, spicy", &unknown),
              ElementsAre("gluten-free", "organic", "vegan"));
  EXPECT_THAT(unknown, ElementsAre("spicy"));
  EXPECT_THAT(ParseDietaryTags(""), IsEmpty());
}

TEST(DietaryTest, InferTakesClaimsFromTheName) {
  EXPECT_THAT(InferDietaryTags("Organic Whole Milk", "organic milk, vitamin d3"),
              ElementsAre("organic"));
  EXPECT_THAT(InferDietaryTags("Gluten-Free Crackers", "rice flour, salt"),
              ElementsAre("gluten-free"));
  EXPECT_THAT(InferDietaryTags("Kosher Dill Pickles", "cucumbers, water, salt"),
              ElementsAre("kosher"));
  EXPECT_THAT(InferDietaryTags("Fat Free Skim Milk", "skim milk"), ElementsAre("low-fat"));
}

TEST(DietaryTest, InferOrganicFromIngredients) {
  EXPECT_THAT(InferDietaryTags("Apple Sauce", "organic apples, water"), ElementsAre("organic"));
}

TEST(DietaryTest, InferDoesNotClaimVeganFromAbsenceOfAnimalWords) {
  EXPECT_THAT(InferDietaryTags("Tortilla Chips", "corn, oil, salt"), IsEmpty());
}

TEST(DietaryTest, PlantMilkIsPlantBasedAndDairyFree) {
  EXPECT_THAT(InferDietaryTags("Oat Milk Original", "oat base (water, oats), rapeseed oil"),
              ElementsAre("dairy-free", "lactose-free", "plant-based"));
  EXPECT_THAT(InferDietaryTags("Unsweetened Almondmilk", "almondmilk (filtered water, almonds)"),
              ElementsAre("dairy-free", "lactose-free", "plant-based"));
}

TEST(DietaryTest, VeganImpliesVegetarianAndDairyFree) {
  EXPECT_THAT(InferDietaryTags("Vegan Chili", "beans, tomatoes, coconut milk, peanut butter"),
              ElementsAre("dairy-free", "lactose-free", "plant-based", "vegan", "vegetarian"));
}

TEST(DietaryTest, IngredientsVetoContradictedClaims) {
  EXPECT_THAT(InferDietaryTags("Vegan Mac", "pasta, whey, salt"), ElementsAre("vegetarian"));
  EXPECT_THAT(InferDietaryTags("Non-Dairy Creamer", "corn syrup, sodium caseinate"), IsEmpty());
  EXPECT_THAT(InferDietaryTags("Vegetarian Soup", "water, chicken broth"), IsEmpty());
  EXPECT_THAT(InferDietaryTags("Gluten Free Cookies", "wheat flour, sugar"), IsEmpty());
  EXPECT_THAT(InferDietaryTags("Nut Free Bar", "oats, almonds"), IsEmpty());
  EXPECT_THAT(InferDietaryTags("Lactose Free Milk", "milk, lactase enzyme"),
              ElementsAre("lactose-free"));
}

}  // namespace
}  // namespace leafloaf
