#include "text/folding.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::text {
namespace {

TEST(FoldTextTest, StripsAccentsAndCase) {
  EXPECT_EQ(FoldText("Crème Brûlée"), "creme brulee");
  EXPECT_EQ(FoldText("JALAPEÑO"), "jalapeno");
  EXPECT_EQ(FoldText("Ångström Çà"), "angstrom ca");
  EXPECT_EQ(FoldText("Häagen-Dazs"), "haagen-dazs");
}

TEST(FoldTextTest, AppliesCompatibilityMappings) {
  EXPECT_EQ(FoldText("\uFB01sh"), "fish");           // ligature fi
  EXPECT_EQ(FoldText("Straße"), "strasse");          // sharp s case-folds to ss
  EXPECT_EQ(FoldText("\uFF21\uFF22\uFF23"), "abc");  // fullwidth ABC
  EXPECT_EQ(FoldText("\u00BD"), "1\u20442");         // vulgar fraction one half
  EXPECT_EQ(FoldText("H\u2082O"), "h2o");            // subscript two
  EXPECT_EQ(FoldText("\u2122"), "tm");               // trade mark sign
}

TEST(FoldTextTest, RemovesCombiningMarksOfDecomposedInput) {
  EXPECT_EQ(FoldText("cafe\u0301"), "cafe");
  EXPECT_EQ(FoldText("n\u0303o\u0308"), "no");
}

TEST(FoldTextTest, DropsDefaultIgnorables) {
  EXPECT_EQ(FoldText("choc\u00ADolate"), "chocolate");  // soft hyphen
  EXPECT_EQ(FoldText("a\u200Db"), "ab");                // zero-width joiner
}

TEST(FoldTextTest, RecomposesHangul) {
  EXPECT_EQ(FoldText("\uD55C\uAD6D"), "\uD55C\uAD6D");  // stays two composed syllables
}

TEST(FoldTextTest, FoldsGreekAndCyrillicCase) {
  EXPECT_EQ(FoldText("ΜΈΛΙ"), "μελι");
  EXPECT_EQ(FoldText("МОЛОКО"), "молоко");
}

TEST(FoldTextTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(FoldText("a\xFF"
                     "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(FoldText("\xE2\x82"), "\uFFFD\uFFFD");  // truncated: one per bad byte
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("héllo wörld"));
  EXPECT_TRUE(IsValidUtf8("\U0001F34E apple"));
  EXPECT_TRUE(IsValidUtf8(std::string("nul\0inside", 10)));
}

TEST(IsValidUtf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("ok then \xC3"));      // truncated at the end
}

TEST(FoldCharsTest, KeepsOriginalByteRanges) {
  std::vector<FoldedChar> chars;
  ASSERT_TRUE(FoldChars("é!", &chars));
  ASSERT_EQ(chars.size(), 2u);
  EXPECT_EQ(chars[0].code_point, U'e');
  EXPECT_EQ(chars[0].begin, 0u);
  EXPECT_EQ(chars[0].end, 2u);
  EXPECT_EQ(chars[0].char_class, CharClass::kLetter);
  EXPECT_EQ(chars[1].begin, 2u);
  EXPECT_EQ(chars[1].char_class, CharClass::kSeparator);
}

TEST(FoldCharsTest, AttachesStrippedMarksToThePreviousCharacter) {
  std::vector<FoldedChar> chars;
  ASSERT_TRUE(FoldChars("e\u0301x", &chars));  // e + combining acute (2 bytes) + x
  ASSERT_EQ(chars.size(), 2u);
  EXPECT_EQ(chars[0].end, 3u);
  EXPECT_EQ(chars[1].begin, 3u);
}

TEST(FoldCharsTest, ClassifiesPunctuationTheTokenizerUses) {
  std::vector<FoldedChar> chars;
  ASSERT_TRUE(FoldChars("'\u2019&.,/\u2044-", &chars));
  std::vector<CharClass> classes;
  for (const FoldedChar& c : chars) classes.push_back(c.char_class);
  EXPECT_EQ(classes,
            (std::vector<CharClass>{CharClass::kApostrophe, CharClass::kApostrophe,
                                    CharClass::kAmpersand, CharClass::kPeriod, CharClass::kComma,
                                    CharClass::kSlash, CharClass::kSlash, CharClass::kSeparator}));
}

TEST(FoldCharsTest, ReportsInvalidInput) {
  std::vector<FoldedChar> chars;
  EXPECT_FALSE(FoldChars("milk\xFF", &chars));
  ASSERT_EQ(chars.size(), 5u);
  EXPECT_EQ(chars[4].code_point, 0xFFFDu);
  EXPECT_EQ(chars[4].char_class, CharClass::kSeparator);
}

}  // namespace
}  // namespace leafloaf::text
