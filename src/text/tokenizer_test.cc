#include "text/tokenizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf::text {
namespace {

using ::testing::ElementsAre;

struct Tok {
  std::string surface;
  uint32_t position;
  uint32_t begin;
  uint32_t end;
  bool numeric;
};

std::vector<Tok> TokensOf(std::string_view text) {
  std::vector<Tok> tokens;
  Tokenize(text, [&tokens](const RawToken& t) {
    tokens.push_back({std::string(t.surface), t.position, t.begin, t.end, t.numeric});
  });
  return tokens;
}

std::vector<std::string> Surfaces(std::string_view text) {
  std::vector<std::string> out;
  for (const Tok& t : TokensOf(text)) out.push_back(t.surface);
  return out;
}

TEST(TokenizerTest, SplitsOnPunctuationAndKeepsOffsets) {
  const std::string text = "Gluten-Free Crème Brûlée";
  std::vector<Tok> tokens = TokensOf(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].surface, "gluten");
  EXPECT_EQ(tokens[1].surface, "free");
  EXPECT_EQ(tokens[2].surface, "creme");
  EXPECT_EQ(tokens[3].surface, "brulee");
  for (size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(tokens[i].position, i);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "Free");
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "Crème");
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "Brûlée");
}

TEST(TokenizerTest, OffsetsCoverTrailingCombiningMarks) {
  const std::string text = "cafe\u0301 au lait";
  std::vector<Tok> tokens = TokensOf(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].surface, "cafe");
  EXPECT_EQ(tokens[0].end, 6u);  // includes the two bytes of U+0301
}

TEST(TokenizerTest, LigatureKeepsTheSourceRange) {
  std::vector<Tok> tokens = TokensOf("\uFB01sh");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].surface, "fish");
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 5u);
}

TEST(TokenizerTest, NumbersAndUnits) {
  EXPECT_THAT(Surfaces("2% milk"), ElementsAre("2", "milk"));
  EXPECT_THAT(Surfaces("1/2 gal"), ElementsAre("1/2", "gal"));
  EXPECT_THAT(Surfaces("\u00BD gal"), ElementsAre("1/2", "gal"));
  EXPECT_THAT(Surfaces("1.5L bottle"), ElementsAre("1.5", "l", "bottle"));
  EXPECT_THAT(Surfaces("12oz"), ElementsAre("12", "oz"));
  EXPECT_THAT(Surfaces("12-oz can"), ElementsAre("12", "oz", "can"));
  EXPECT_THAT(Surfaces("V8"), ElementsAre("v", "8"));
  EXPECT_THAT(Surfaces("1,000 mg"), ElementsAre("1000", "mg"));
  EXPECT_THAT(Surfaces("1,000,000"), ElementsAre("1000000"));
  EXPECT_THAT(Surfaces("1,5 kg"), ElementsAre("1", "5", "kg"));
  EXPECT_THAT(Surfaces("1,0000"), ElementsAre("1", "0000"));
  EXPECT_THAT(Surfaces("$3.99."), ElementsAre("3.99"));
  EXPECT_THAT(Surfaces(".5 1."), ElementsAre("5", "1"));
}

TEST(TokenizerTest, NumericFlag) {
  std::vector<Tok> tokens = TokensOf("6 ct 1/2");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_TRUE(tokens[0].numeric);
  EXPECT_FALSE(tokens[1].numeric);
  EXPECT_TRUE(tokens[2].numeric);
}

TEST(TokenizerTest, Apostrophes) {
  EXPECT_THAT(Surfaces("Annie's Mac"), ElementsAre("annie", "mac"));
  EXPECT_THAT(Surfaces("Annie\u2019s Mac"), ElementsAre("annie", "mac"));
  EXPECT_THAT(Surfaces("O'Brien's"), ElementsAre("obrien"));
  EXPECT_THAT(Surfaces("farmers' market"), ElementsAre("farmers", "market"));
  EXPECT_THAT(Surfaces("rock 'n' roll"), ElementsAre("rock", "n", "roll"));
  EXPECT_THAT(Surfaces("it'sy"), ElementsAre("itsy"));
  EXPECT_THAT(Surfaces("90's"), ElementsAre("90", "s"));
}

TEST(TokenizerTest, PossessiveIsInsideTheHighlight) {
  const std::string text = "M&M's Peanut";
  std::vector<Tok> tokens = TokensOf(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].surface, "mm");
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "M&M's");
}

TEST(TokenizerTest, AmpersandJoinsOnlyShortRuns) {
  EXPECT_THAT(Surfaces("M&M"), ElementsAre("mm"));
  EXPECT_THAT(Surfaces("AT&T"), ElementsAre("att"));
  EXPECT_THAT(Surfaces("PB&J"), ElementsAre("pbj"));
  EXPECT_THAT(Surfaces("A&W Root Beer"), ElementsAre("aw", "root", "beer"));
  EXPECT_THAT(Surfaces("Ben&Jerry's"), ElementsAre("ben", "jerry"));
  EXPECT_THAT(Surfaces("Mac & Cheese"), ElementsAre("mac", "cheese"));
  EXPECT_THAT(Surfaces("salt&pepper"), ElementsAre("salt", "pepper"));
  EXPECT_THAT(Surfaces("&&a&"), ElementsAre("a"));
}

TEST(TokenizerTest, PositionsCountEveryToken) {
  std::vector<Tok> tokens = TokensOf("milk, for the kids!");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[3].surface, "kids");
  EXPECT_EQ(tokens[3].position, 3u);
}

TEST(TokenizerTest, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(TokensOf("").empty());
  EXPECT_TRUE(TokensOf(" -- !!! ... ").empty());
  EXPECT_TRUE(TokensOf("\u00AD\u0301").empty());
}

TEST(TokenizerTest, LongRunsAreCut) {
  std::vector<Tok> tokens = TokensOf(std::string(200, 'a'));
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].surface.size(), 64u);
  EXPECT_EQ(tokens[3].surface.size(), 8u);
  EXPECT_EQ(tokens[1].begin, 64u);
  std::vector<Tok> digits = TokensOf(std::string(63, '1') + ".5");
  ASSERT_EQ(digits.size(), 2u);  // the "." would not fit: cut before it
  EXPECT_EQ(digits[0].surface, std::string(63, '1'));
  EXPECT_EQ(digits[1].surface, "5");
}

TEST(TokenizerTest, ScriptsWithoutSpacesAreOneToken) {
  EXPECT_THAT(Surfaces("抹茶ラテ 2本"), ElementsAre("抹茶ラテ", "2", "本"));
  EXPECT_THAT(Surfaces("Молоко 3,2%"), ElementsAre("молоко", "3", "2"));
}

TEST(TokenizerTest, InvalidBytesSeparateTokens) {
  std::vector<Tok> tokens;
  bool valid = Tokenize(
      "milk\xFF\xFE"
      "eggs",
      [&tokens](const RawToken& t) {
        tokens.push_back({std::string(t.surface), t.position, t.begin, t.end, t.numeric});
      });
  EXPECT_FALSE(valid);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].surface, "milk");
  EXPECT_EQ(tokens[1].surface, "eggs");
  EXPECT_EQ(tokens[1].begin, 6u);
}

}  // namespace
}  // namespace leafloaf::text
