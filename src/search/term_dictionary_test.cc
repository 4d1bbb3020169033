#include "search/term_dictionary.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace leafloaf::search {
namespace {

std::vector<std::string> Terms(const TermDictionary& d, const std::vector<TermMatch>& m) {
  std::vector<std::string> out;
  for (const auto& x : m) out.push_back(d.TermText(x.term));
  std::sort(out.begin(), out.end());
  return out;
}

TermDictionary Make(std::initializer_list<std::pair<const char*, const char*>> words) {
  TermDictionary d;
  for (auto [surface, term] : words) d.AddSurface(surface, d.Intern(term));
  d.Finish();
  return d;
}

TEST(TermDictionaryTest, AllowedEditsFollowWordLength) {
  EXPECT_EQ(TermDictionary::AllowedEdits(4), 0);
  EXPECT_EQ(TermDictionary::AllowedEdits(5), 1);
  EXPECT_EQ(TermDictionary::AllowedEdits(8), 1);
  EXPECT_EQ(TermDictionary::AllowedEdits(9), 2);
}

TEST(TermDictionaryTest, PrefixFindsCompletions) {
  TermDictionary d = Make({{"banana", "banana"}, {"bananas", "banana"}, {"band", "band"},
                           {"apple", "appl"}});
  std::vector<TermMatch> m;
  d.PrefixMatches("ban", 10, &m);
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"banana", "banana", "band"}));
  m.clear();
  d.PrefixMatches("x", 10, &m);
  EXPECT_TRUE(m.empty());
}

TEST(TermDictionaryTest, TypoFindsOneEditForMidLengthWords) {
  TermDictionary d = Make({{"banana", "banana"}, {"cheddar", "cheddar"}, {"broccoli", "broccoli"},
                           {"yogurt", "yogurt"}, {"bread", "bread"}});
  std::vector<TermMatch> m;
  d.TypoMatches("bananna", 10, &m);  // one insertion
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"banana"}));
  m.clear();
  d.TypoMatches("chedar", 10, &m);  // one deletion
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"cheddar"}));
  m.clear();
  d.TypoMatches("brocoli", 10, &m);
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"broccoli"}));
  m.clear();
  d.TypoMatches("yougrt", 10, &m);  // transposition counts once
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"yogurt"}));
}

TEST(TermDictionaryTest, TypoRespectsLimitsByLength) {
  TermDictionary d = Make({{"bread", "bread"}, {"milk", "milk"}, {"strawberry", "strawberri"}});
  std::vector<TermMatch> m;
  d.TypoMatches("mlik", 10, &m);  // 4 letters: no typos allowed
  EXPECT_TRUE(m.empty());
  d.TypoMatches("braed", 10, &m);  // 5 letters, one transposition
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"bread"}));
  m.clear();
  d.TypoMatches("strawbery", 10, &m);  // 9 letters: 2 edits allowed
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"strawberri"}));
  m.clear();
  d.TypoMatches("strwbrry", 10, &m);  // 8 letters: 1 edit only, needs 2
  EXPECT_TRUE(m.empty());
  d.TypoMatches("bread", 10, &m);  // exact matches are not typos
  EXPECT_TRUE(m.empty());
}

TEST(TermDictionaryTest, EditsOfTheFirstCharacterCountOnce) {
  TermDictionary d = Make({{"bread", "bread"}, {"strawberry", "strawberri"}, {"tread", "tread"},
                           {"oats", "oat"}});
  std::vector<TermMatch> m;
  d.TypoMatches("xread", 10, &m);  // replaced: bread, tread
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"bread", "tread"}));
  EXPECT_EQ(m[0].edits, 1);
  m.clear();
  d.TypoMatches("hbread", 10, &m);  // one put before it
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"bread"}));
  m.clear();
  d.TypoMatches("goats", 10, &m);  // 5 letters; "oats" lost nothing but the first
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"oat"}));
  m.clear();
  d.TypoMatches("rbead", 10, &m);  // the first two swapped
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"bread"}));
  m.clear();
  d.TypoMatches("xrwad", 10, &m);  // two edits in a 5-letter word: nothing
  EXPECT_TRUE(m.empty());
  d.TypoMatches("trawbery", 10, &m);  // 8 letters: two edits from strawberry, one allowed
  EXPECT_TRUE(m.empty());
}

// From 9 characters, an edit of the first character leaves one more edit,
// searched when nothing is within one edit of the word.
TEST(TermDictionaryTest, LongWordsAllowAFirstCharacterEditAndOneMore) {
  TermDictionary d = Make({{"strawberry", "strawberri"}});
  std::vector<TermMatch> m;
  d.TypoMatches("trawberry", 10, &m);  // the first letter lost: one edit
  ASSERT_EQ(Terms(d, m), (std::vector<std::string>{"strawberri"}));
  EXPECT_EQ(m[0].edits, 1);
  m.clear();
  d.TypoMatches("strawbery", 10, &m);  // one edit elsewhere is one
  ASSERT_EQ(Terms(d, m), (std::vector<std::string>{"strawberri"}));
  EXPECT_EQ(m[0].edits, 1);
  // Each way of editing the first character, then one more edit.
  for (const char* typo : {"xtrawbery",       // replaced, and one lost
                           "tsrawbery",       // swapped, and one lost
                           "trawberyr",       // removed, and two swapped
                           "astrawberyy"}) {  // one put before, and one replaced
    m.clear();
    d.TypoMatches(typo, 10, &m);
    ASSERT_EQ(Terms(d, m), (std::vector<std::string>{"strawberri"})) << typo;
    EXPECT_EQ(m[0].edits, 2) << typo;
  }
  m.clear();
  d.TypoMatches("xtrawbrrx", 10, &m);  // replaced, and two more: three
  EXPECT_TRUE(m.empty());
}

// The two-edit first-character search runs only when nothing is within one
// edit: a closer surface shuts it off.
TEST(TermDictionaryTest, FirstCharacterPlusOneOnlyWhenNothingIsCloser) {
  TermDictionary d = Make({{"strawberry", "strawberri"}, {"xtrawberry", "xtrawberri"}});
  std::vector<TermMatch> m;
  d.TypoMatches("xtrawbery", 10, &m);  // xtrawberry is one edit away
  EXPECT_EQ(Terms(d, m), (std::vector<std::string>{"xtrawberri"}));
}

// Beyond ASCII, a first character replaced by one of two bytes that differ
// in both (two byte edits) is still found by the two-edit pass.
TEST(TermDictionaryTest, TwoByteFirstCharacterReplacedCountsTwoEdits) {
  TermDictionary d = Make({{"\xc5\x9b" "bcdefghi", "s"}});
  std::vector<TermMatch> m;
  d.TypoMatches("\xc3\xa9" "bcdefghi", 10, &m);
  ASSERT_EQ(Terms(d, m), (std::vector<std::string>{"s"}));
  EXPECT_EQ(m[0].edits, 2);
}

TEST(TermDictionaryTest, FirstCharacterEditsFindPendingSurfaces) {
  TermDictionary d;
  d.AddSurface("bread", d.Intern("bread"));  // not finished: still pending
  std::vector<TermMatch> m;
  d.TypoMatches("xread", 10, &m);
  EXPECT_EQ(m.size(), 1u);
}

TEST(TermDictionaryTest, PendingSurfacesAreSearchedBeforeCompaction) {
  TermDictionary d;
  d.AddSurface("banana", d.Intern("banana"));  // not finished
  std::vector<TermMatch> m;
  d.TypoMatches("bananna", 10, &m);
  EXPECT_EQ(m.size(), 1u);
  m.clear();
  d.PrefixMatches("bana", 10, &m);
  EXPECT_EQ(m.size(), 1u);
}

}  // namespace
}  // namespace leafloaf::search
