#include "agents/intent_rules.h"

#include "gtest/gtest.h"

namespace leafloaf::agents {
namespace {

std::optional<Intent> RuleIntent(std::string_view utterance) {
  const std::optional<RuleMatch> match = MatchIntentRule(internal::Tokenize(utterance));
  if (!match) return std::nullopt;
  return match->intent;
}

TEST(IntentRulesTest, CheckoutSurvivesTypos) {
  EXPECT_EQ(RuleIntent("checkout"), Intent::kCheckout);
  EXPECT_EQ(RuleIntent("chekout"), Intent::kCheckout);
  EXPECT_EQ(RuleIntent("let's check out now"), Intent::kCheckout);
  EXPECT_EQ(RuleIntent("place my order"), Intent::kCheckout);
}

TEST(IntentRulesTest, CheckOutTheProductIsNotCheckout) {
  EXPECT_NE(RuleIntent("check out the vegan cheese"), Intent::kCheckout);
}

TEST(IntentRulesTest, ShowCartSurvivesTypos) {
  EXPECT_EQ(RuleIntent("whats in my crat"), Intent::kShowCart);
  EXPECT_EQ(RuleIntent("show me my basket"), Intent::kShowCart);
  EXPECT_EQ(RuleIntent("what's my total"), Intent::kShowCart);
  // "cat" is one edit from "cart" but too short to be a typo of it.
  EXPECT_NE(RuleIntent("show me cat food"), Intent::kShowCart);
}

TEST(IntentRulesTest, CartVerbs) {
  EXPECT_EQ(RuleIntent("empty my cart"), Intent::kClearCart);
  EXPECT_EQ(RuleIntent("remove everything"), Intent::kClearCart);
  EXPECT_EQ(RuleIntent("remove the milk"), Intent::kRemoveFromCart);
  EXPECT_EQ(RuleIntent("remvoe the bread"), Intent::kRemoveFromCart);
  EXPECT_EQ(RuleIntent("ad 2 milks"), Intent::kAddToCart);
  EXPECT_EQ(RuleIntent("actually make it 3"), Intent::kUpdateQuantity);
  EXPECT_EQ(RuleIntent("change the eggs to a dozen"), Intent::kUpdateQuantity);
}

TEST(IntentRulesTest, ConversationalIntents) {
  EXPECT_EQ(RuleIntent("add my usual items"), Intent::kAddUsual);
  EXPECT_EQ(RuleIntent("what am I running low on"), Intent::kReorderDue);
  EXPECT_EQ(RuleIntent("what goes with pasta"), Intent::kComplements);
  EXPECT_EQ(RuleIntent("I'm vegan"), Intent::kSetDietary);
  EXPECT_EQ(RuleIntent("keep it under $50"), Intent::kSetBudget);
  EXPECT_EQ(RuleIntent("my budget is 100 dollars"), Intent::kSetBudget);
  EXPECT_EQ(RuleIntent("how much is the oat milk"), Intent::kProductQuestion);
  EXPECT_EQ(RuleIntent("is it gluten free"), Intent::kProductQuestion);
  EXPECT_EQ(RuleIntent("what can you do"), Intent::kHelp);
  EXPECT_EQ(RuleIntent("thanks"), Intent::kOther);
}

TEST(IntentRulesTest, DietaryWordsInASearchDoNotDeclareADiet) {
  EXPECT_NE(RuleIntent("i'm looking for vegan cheese"), Intent::kSetDietary);
  EXPECT_EQ(RuleIntent("i'm looking for vegan cheese"), Intent::kSearch);
}

TEST(IntentRulesTest, NoRuleForBareProducts) {
  EXPECT_EQ(RuleIntent("oat milk"), std::nullopt);
  EXPECT_EQ(RuleIntent(""), std::nullopt);
}

TEST(IntentRulesTest, EveryRuleHasAName) {
  for (int rule = 0; rule < kNumIntentRules; ++rule) EXPECT_FALSE(IntentRuleName(rule).empty());
}

}  // namespace
}  // namespace leafloaf::agents
