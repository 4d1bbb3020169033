#include "agents/internal/tokens.h"

#include <string>

#include "gtest/gtest.h"

namespace leafloaf::agents::internal {
namespace {

std::string Texts(std::string_view utterance) {
  std::string out;
  for (const Token& t : Tokenize(utterance)) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

TEST(TokenizeTest, FoldsCaseAccentsAndApostrophes) {
  EXPECT_EQ(Texts("What's in my CART?"), "whats in my cart .");
  EXPECT_EQ(Texts("Häagen-Dazs crème brûlée"), "haagen dazs creme brulee");
}

TEST(TokenizeTest, KeepsMoneyNumbersAndListPunctuation) {
  const std::vector<Token> tokens = Tokenize("add milk, eggs & $4.50 of 1/2 gal 2lbs 3rd");
  ASSERT_EQ(tokens.size(), 13u);
  EXPECT_EQ(tokens[2].text, ",");
  EXPECT_EQ(tokens[4].text, "&");
  EXPECT_EQ(tokens[5].text, "$");
  EXPECT_TRUE(tokens[6].is_number());
  EXPECT_DOUBLE_EQ(tokens[6].value, 4.5);
  EXPECT_DOUBLE_EQ(tokens[8].value, 0.5);
  EXPECT_DOUBLE_EQ(tokens[10].value, 2);  // "2lbs" -> "2" "lbs"
  EXPECT_EQ(tokens[11].text, "lbs");
  EXPECT_EQ(tokens[12].text, "3rd");  // ordinal suffix stays
}

TEST(TokenizeTest, RemembersCapitals) {
  const std::vector<Token> tokens = Tokenize("add KIND bars");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_FALSE(tokens[0].capitalized);
  EXPECT_TRUE(tokens[1].capitalized);
}

TEST(TokenizeTest, SurvivesJunk) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize("\xff\xfe\x00\x01").empty());
  const std::string long_junk(20000, 'x');
  EXPECT_LE(Tokenize(long_junk).size(), kMaxTokens);
  std::string many_words;
  for (int i = 0; i < 1000; ++i) many_words += "a ";
  EXPECT_EQ(Tokenize(many_words).size(), kMaxTokens);
}

TEST(ClassifierTextTest, NumbersBecomeZero) {
  EXPECT_EQ(ClassifierText(Tokenize("Add 2 milks, please!")), "add 0 milks please");
  EXPECT_EQ(ClassifierText(Tokenize("under $50")), "under $ 0");
}

TEST(FuzzyEqualsTest, OneTypoForShortCuesTwoForLong) {
  EXPECT_TRUE(FuzzyEquals("crat", "cart"));        // transposition
  EXPECT_TRUE(FuzzyEquals("chekout", "checkout"));  // deletion
  EXPECT_TRUE(FuzzyEquals("chckot", "checkout"));   // two edits, long cue
  EXPECT_FALSE(FuzzyEquals("xart", "cart"));        // first letter differs
  EXPECT_FALSE(FuzzyEquals("ad", "add"));           // short cue: exact only
  EXPECT_FALSE(FuzzyEquals("crust", "cart"));
}

TEST(EditDistanceTest, CapsItsWork) {
  EXPECT_EQ(EditDistance("kitten", "sitting", 5), 3);
  EXPECT_EQ(EditDistance("abc", "abcdefgh", 2), 3);
}

TEST(SingularTest, CommonGroceryPlurals) {
  EXPECT_EQ(Singular("loaves"), "loaf");
  EXPECT_EQ(Singular("berries"), "berry");
  EXPECT_EQ(Singular("tomatoes"), "tomato");
  EXPECT_EQ(Singular("peaches"), "peach");
  EXPECT_EQ(Singular("milks"), "milk");
  EXPECT_EQ(Singular("hummus"), "hummus");
  EXPECT_EQ(Singular("eggs"), "egg");
}

}  // namespace
}  // namespace leafloaf::agents::internal
