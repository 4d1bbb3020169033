#include "personalize/attribute_extractor.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf::personalize {
namespace {

using ::testing::Contains;
using ::testing::Not;

std::vector<std::string> Extract(std::string_view name, std::string_view description = "",
                                 std::vector<std::string> tags = {}, std::string_view json = "") {
  return AttributeExtractor().Extract(name, description, tags, json);
}

TEST(AttributeExtractorTest, SpicyFromWordsWithAccentsAndApostrophes) {
  EXPECT_THAT(Extract("Kettle Brand Jalapeño Potato Chips, 8 oz"), Contains("spicy"));
  EXPECT_THAT(Extract("Cheetos Crunchy Flamin' Hot Cheese Flavored Snacks"), Contains("spicy"));
  EXPECT_THAT(Extract("Tostitos Chili Lime Tortilla Chips"), Contains("spicy"));
  EXPECT_THAT(Extract("Sea Salt Potato Chips", "Bold, spicy heat in every bite."),
              Contains("spicy"));
  EXPECT_THAT(Extract("Lay's Original Potato Chips", "Thin, crispy potato chips."),
              Not(Contains("spicy")));
}

TEST(AttributeExtractorTest, WholeWordsOnly) {
  EXPECT_THAT(Extract("Chilled Hotel Pan Salad"), Not(Contains("spicy")));
  EXPECT_THAT(Extract("Organically Grown Tea"), Not(Contains("organic")));
}

TEST(AttributeExtractorTest, IgnoredPhrasesDoNotCount) {
  EXPECT_THAT(Extract("Bun Length Beef Hot Dogs"), Not(Contains("spicy")));
  EXPECT_THAT(Extract("Swiss Miss Hot Cocoa Mix"), Not(Contains("spicy")));
  EXPECT_THAT(Extract("Hot Italian Sausage"), Contains("spicy"));
  EXPECT_THAT(Extract("Organic Baby Spinach"), Not(Contains("baby")));
  EXPECT_THAT(Extract("Gerber Baby Food Pouch"), Contains("baby"));
}

TEST(AttributeExtractorTest, VetoCancelsTextButNotStatedAttributes) {
  EXPECT_THAT(Extract("Mild Buffalo Wing Sauce"), Not(Contains("spicy")));
  EXPECT_THAT(Extract("Mild Buffalo Wing Sauce", "", {}, R"({"flavor": "spicy"})"),
              Contains("spicy"));
}

TEST(AttributeExtractorTest, JsonAttributesStateAttributes) {
  EXPECT_THAT(Extract("Takis Fuego", "", {}, R"({"tier": "national", "flavor": "spicy"})"),
              Contains("spicy"));
  EXPECT_THAT(Extract("Plain Crackers", "", {}, R"({"flavor": "plain"})"), Not(Contains("spicy")));
  EXPECT_THAT(Extract("Puffs", "", {}, R"({"for": ["baby"]})"), Contains("baby"));
  // Invalid JSON is ignored, text still counts.
  EXPECT_THAT(Extract("Spicy Mustard", "", {}, "{not json"), Contains("spicy"));
}

TEST(AttributeExtractorTest, DietaryTagsAreAttributesAndImplyOthers) {
  std::vector<std::string> got = Extract("Oat Yogurt", "", {"gluten-free", "vegan"});
  EXPECT_THAT(got, Contains("vegan"));
  EXPECT_THAT(got, Contains("gluten-free"));
  EXPECT_THAT(got, Contains("plant-based"));
  EXPECT_THAT(got, Contains("dairy-free"));
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end());
}

TEST(AttributeExtractorTest, SugarProteinKidsAndPlantWords) {
  EXPECT_THAT(Extract("Heinz Reduced Sugar Ketchup"), Contains("low-sugar"));
  std::vector<std::string> milk = Extract("Silk Unsweetened Almond Milk");
  EXPECT_THAT(milk, Contains("sugar-free"));
  EXPECT_THAT(milk, Contains("plant-based"));
  EXPECT_THAT(milk, Not(Contains("low-sugar")));
  EXPECT_THAT(Extract("Welch's Fruit Snacks for Kids"), Contains("kids"));
  EXPECT_THAT(Extract("Chobani Greek Yogurt"), Contains("high-protein"));
  EXPECT_THAT(Extract("Whole Milk, 1 gal"), Not(Contains("plant-based")));
}

TEST(AttributeExtractorTest, TableIsData) {
  constexpr AttributeRule kRules[] = {
      {.attribute = "smoky", .keywords = "smoked|barbecue|bbq", .veto = "liquid smoke free"}};
  AttributeExtractor extractor(kRules);
  EXPECT_EQ(extractor.Extract("BBQ Potato Chips", "", {}, ""), (std::vector<std::string>{"smoky"}));
  EXPECT_TRUE(extractor.Extract("Plain Chips", "", {}, "").empty());
  // The default table's rules do not apply to a custom one.
  EXPECT_EQ(extractor.Extract("Spicy Chips", "", {}, ""), std::vector<std::string>{});
}

TEST(AttributeExtractorTest, FoldForMatchingMakesSpaceDelimitedWords) {
  EXPECT_EQ(FoldForMatching("Flamin' HOT, Jalapeño!"), " flamin hot jalapeno ");
  EXPECT_EQ(FoldForMatching(""), " ");
}

}  // namespace
}  // namespace leafloaf::personalize
