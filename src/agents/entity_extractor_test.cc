#include "agents/entity_extractor.h"

#include "gtest/gtest.h"

namespace leafloaf::agents {
namespace {

using internal::Tokenize;

Entities Extract(std::string_view utterance, Intent intent = Intent::kAddToCart,
                 const Lexicon& lexicon = Lexicon()) {
  return ExtractEntities(Tokenize(utterance), intent, lexicon);
}

void ExpectItem(const ItemMention& item, std::string_view text, double quantity,
                std::string_view unit) {
  EXPECT_EQ(item.text, text);
  EXPECT_DOUBLE_EQ(item.quantity, quantity) << item.text;
  EXPECT_EQ(item.unit, unit) << item.text;
}

TEST(EntityExtractorTest, MultiItemRequestWithQuantitiesAndUnits) {
  const Entities e = Extract("add milk, eggs and 2 loaves of bread");
  ASSERT_EQ(e.items.size(), 3u);
  ExpectItem(e.items[0], "milk", 0, "");
  ExpectItem(e.items[1], "eggs", 0, "");
  ExpectItem(e.items[2], "bread", 2, "loaf");
}

TEST(EntityExtractorTest, NumberWordsAndDozens) {
  ExpectItem(Extract("put a dozen eggs in my basket").items.at(0), "eggs", 12, "");
  ExpectItem(Extract("I need half a dozen bagels").items.at(0), "bagels", 6, "");
  ExpectItem(Extract("add two dozen eggs").items.at(0), "eggs", 24, "");
  ExpectItem(Extract("add a couple of avocados").items.at(0), "avocados", 2, "");
  ExpectItem(Extract("add three apples").items.at(0), "apples", 3, "");
  ExpectItem(Extract("add an onion").items.at(0), "onion", 1, "");
  ExpectItem(Extract("can you add some bananas please").items.at(0), "bananas", 0, "");
}

TEST(EntityExtractorTest, Units) {
  ExpectItem(Extract("add 2 gallons of whole milk").items.at(0), "whole milk", 2, "gallon");
  ExpectItem(Extract("throw in 3 lbs of ground beef").items.at(0), "ground beef", 3, "lb");
  ExpectItem(Extract("add a pack of yogurt").items.at(0), "yogurt", 1, "pack");
  ExpectItem(Extract("grab a bunch of cilantro").items.at(0), "cilantro", 1, "bunch");
  ExpectItem(Extract("add a can of black beans").items.at(0), "black beans", 1, "can");
  ExpectItem(Extract("add 6 bottles of water").items.at(0), "water", 6, "bottle");
  ExpectItem(Extract("add a half gallon of orange juice").items.at(0), "orange juice", 0.5,
             "gallon");
}

TEST(EntityExtractorTest, TyposInCueWordsAreStripped) {
  const Entities e = Extract("ad 2 milks");
  ASSERT_EQ(e.items.size(), 1u);
  ExpectItem(e.items[0], "milks", 2, "");
}

TEST(EntityExtractorTest, CompoundsAreNotSplit) {
  ASSERT_EQ(Extract("add half and half").items.size(), 1u);
  EXPECT_EQ(Extract("add mac and cheese").items.at(0).text, "mac and cheese");
}

TEST(EntityExtractorTest, OrdinalReferences) {
  EXPECT_EQ(Extract("add the second one").reference, (Reference{Reference::Kind::kOrdinal, 2}));
  EXPECT_EQ(Extract("I'll take the 3rd").reference, (Reference{Reference::Kind::kOrdinal, 3}));
  EXPECT_EQ(Extract("remove the last one", Intent::kRemoveFromCart).reference,
            (Reference{Reference::Kind::kOrdinal, -1}));
  EXPECT_EQ(Extract("add number 4").reference, (Reference{Reference::Kind::kOrdinal, 4}));
  EXPECT_TRUE(Extract("add the second one").items.empty());
  const Entities two_of = Extract("add 2 of the third one");
  EXPECT_EQ(two_of.reference, (Reference{Reference::Kind::kOrdinal, 3}));
  EXPECT_DOUBLE_EQ(two_of.quantity, 2);
}

TEST(EntityExtractorTest, PronounReferencesButNotDeterminers) {
  EXPECT_EQ(Extract("add it to my cart").reference.kind, Reference::Kind::kLastMentioned);
  EXPECT_EQ(Extract("put that in my cart").reference.kind, Reference::Kind::kLastMentioned);
  EXPECT_EQ(Extract("add this one").reference.kind, Reference::Kind::kLastMentioned);
  const Entities determiner = Extract("add those bananas");
  EXPECT_EQ(determiner.reference.kind, Reference::Kind::kNone);
  ASSERT_EQ(determiner.items.size(), 1u);
  EXPECT_EQ(determiner.items[0].text, "bananas");
}

TEST(EntityExtractorTest, MakeItThreeIsAQuantityForTheLastMentioned) {
  const Entities e = Extract("actually make it 3", Intent::kUpdateQuantity);
  EXPECT_EQ(e.reference.kind, Reference::Kind::kLastMentioned);
  EXPECT_DOUBLE_EQ(e.quantity, 3);
  EXPECT_TRUE(e.items.empty());
  const Entities milk = Extract("change the milk to 2 gallons", Intent::kUpdateQuantity);
  ASSERT_EQ(milk.items.size(), 1u);
  ExpectItem(milk.items[0], "milk", 2, "gallon");
}

TEST(EntityExtractorTest, Budgets) {
  EXPECT_EQ(Extract("keep it under $50", Intent::kSetBudget).budget_cents, 5000);
  EXPECT_EQ(Extract("my budget is 100 dollars", Intent::kSetBudget).budget_cents, 10000);
  EXPECT_EQ(Extract("under 40 bucks", Intent::kSetBudget).budget_cents, 4000);
  EXPECT_EQ(Extract("keep the total under 45.50", Intent::kSetBudget).budget_cents, 4550);
  EXPECT_EQ(Extract("i'm on a tight budget", Intent::kSetBudget).budget_cents, -1);
  // Outside set_budget a bare number is a quantity, not money.
  EXPECT_EQ(Extract("add 40 eggs").budget_cents, -1);
  const Entities search = Extract("show me cereal under $5", Intent::kSearch);
  EXPECT_EQ(search.budget_cents, 500);
  ASSERT_EQ(search.items.size(), 1u);
  EXPECT_EQ(search.items[0].text, "cereal");
}

TEST(EntityExtractorTest, BrandsFromTheLexicon) {
  const Lexicon lexicon({"Ben & Jerry's", "Oatly", "Häagen-Dazs", "Kind", "Rao's Homemade"});
  EXPECT_EQ(Extract("put ben and jerrys in my cart", Intent::kAddToCart, lexicon).brands,
            std::vector<std::string>{"Ben & Jerry's"});
  EXPECT_EQ(Extract("add HAAGEN DAZS and oatly", Intent::kAddToCart, lexicon).brands,
            (std::vector<std::string>{"Häagen-Dazs", "Oatly"}));
  // An everyday word is a brand only when capitalised.
  EXPECT_TRUE(Extract("what kind of bread", Intent::kSearch, lexicon).brands.empty());
  EXPECT_EQ(Extract("add Kind bars", Intent::kAddToCart, lexicon).brands,
            std::vector<std::string>{"Kind"});
  EXPECT_EQ(Extract("find rao's marinara", Intent::kSearch, lexicon).brands,
            std::vector<std::string>{"Rao's Homemade"});
  // The brand stays in the mention.
  EXPECT_EQ(Extract("add Oatly oat milk", Intent::kAddToCart, lexicon).items.at(0).text,
            "oatly oat milk");
}

TEST(EntityExtractorTest, DietaryTagsUseTheCatalogVocabulary) {
  EXPECT_EQ(Extract("i'm vegan", Intent::kSetDietary).dietary, std::vector<std::string>{"vegan"});
  EXPECT_EQ(Extract("show me gluten free pasta", Intent::kSearch).dietary,
            std::vector<std::string>{"gluten-free"});
  EXPECT_EQ(Extract("i'm allergic to nuts", Intent::kSetDietary).dietary,
            std::vector<std::string>{"nut-free"});
  EXPECT_EQ(Extract("we're vegetarian and dairy-free", Intent::kSetDietary).dietary,
            (std::vector<std::string>{"dairy-free", "vegetarian"}));
  EXPECT_EQ(Extract("i'm vegn", Intent::kSetDietary).dietary, std::vector<std::string>{"vegan"});
  EXPECT_TRUE(Extract("add veggie straws").dietary.empty());
}

TEST(EntityExtractorTest, ProductQuestionsDropTheAskedAttribute) {
  const Entities e = Extract("is the oat milk gluten free", Intent::kProductQuestion);
  ASSERT_EQ(e.items.size(), 1u);
  EXPECT_EQ(e.items[0].text, "oat milk");
  EXPECT_EQ(e.dietary, std::vector<std::string>{"gluten-free"});
  EXPECT_EQ(Extract("does the granola have nuts", Intent::kProductQuestion).items.at(0).text,
            "granola");
  EXPECT_EQ(Extract("is it gluten free", Intent::kProductQuestion).reference.kind,
            Reference::Kind::kLastMentioned);
}

TEST(EntityExtractorTest, NoItemsForIntentsWithoutProducts) {
  EXPECT_TRUE(Extract("what's in my cart", Intent::kShowCart).items.empty());
  EXPECT_EQ(Extract("keep it under $50", Intent::kSetBudget).reference.kind,
            Reference::Kind::kNone);
}

}  // namespace
}  // namespace leafloaf::agents
