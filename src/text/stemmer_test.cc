#include "text/stemmer.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "text/stop_words.h"

namespace leafloaf::text {
namespace {

std::string StemOf(std::string_view word) {
  std::string out;
  StemWord(word, &out);
  return out;
}

TEST(StemmerTest, PluralsAndSingularsGiveOneTerm) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"berries", "berry"},
      {"tomatoes", "tomato"},
      {"chips", "chip"},
      {"potatoes", "potato"},
      {"cherries", "cherry"},
      {"peaches", "peach"},
      {"cookies", "cookie"},
      {"olives", "olive"},
      {"noodles", "noodle"},
      {"anchovies", "anchovy"},
      {"sausages", "sausage"},
      {"eggs", "egg"},
      {"sandwiches", "sandwich"},
      {"mangoes", "mango"},
      {"avocados", "avocado"},
      {"tortillas", "tortilla"},
      {"pies", "pie"},
      {"fries", "fry"},
      {"leaves", "leaf"},
      {"loaves", "loaf"},
      {"halves", "half"},
      {"knives", "knife"},
      {"shelves", "shelf"},
      {"brownies", "brownie"},
      {"strawberries", "strawberry"},
      {"radishes", "radish"},
      {"boxes", "box"},
      {"grapes", "grape"},
      {"chilies", "chili"},
      {"patties", "patty"},
      {"toppings", "topping"},
      {"organics", "organic"},
      {"icings", "icing"},
  };
  for (const auto& [plural, singular] : pairs) {
    EXPECT_EQ(StemOf(plural), StemOf(singular)) << plural << " / " << singular;
  }
  EXPECT_EQ(StemOf("berries"), "berri");
  EXPECT_EQ(StemOf("tomatoes"), "tomato");
}

TEST(StemmerTest, KeepsUnrelatedGroceryWordsApart) {
  EXPECT_NE(StemOf("organic"), StemOf("organ"));
  EXPECT_NE(StemOf("icing"), StemOf("ice"));
  EXPECT_NE(StemOf("corned"), StemOf("corn"));
  EXPECT_NE(StemOf("topping"), StemOf("top"));
  EXPECT_EQ(StemOf("asparagus"), "asparagus");
}

TEST(StemmerTest, LeavesNumbersAndWordsWithDigitsAlone) {
  EXPECT_EQ(StemOf("12"), "12");
  EXPECT_EQ(StemOf("1.5"), "1.5");
  EXPECT_EQ(StemOf("b12s"), "b12s");
}

TEST(StemmerTest, HandlesNonAsciiAndEmptyWords) {
  EXPECT_EQ(StemOf(""), "");
  EXPECT_EQ(StemOf("молоко"), "молоко");
  EXPECT_FALSE(StemOf("jalapenos").empty());
}

TEST(StemmerTest, IsSafeAcrossThreads) {
  const std::vector<std::string> words = {"berries", "tomatoes", "chips", "cookies", "leaves"};
  std::vector<std::string> expected;
  for (const std::string& w : words) expected.push_back(StemOf(w));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (size_t i = 0; i < words.size(); ++i) {
          if (StemOf(words[i]) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(StopWordsTest, ShortListSortedForBinarySearch) {
  auto words = StopWords();
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  for (std::string_view w : words) EXPECT_LE(w.size(), 4u) << w;
  EXPECT_TRUE(IsStopWord("the"));
  EXPECT_TRUE(IsStopWord("with"));
  EXPECT_TRUE(IsStopWord("and"));
  EXPECT_FALSE(IsStopWord("free"));
  EXPECT_FALSE(IsStopWord("no"));
  EXPECT_FALSE(IsStopWord("not"));
  EXPECT_FALSE(IsStopWord("without"));
  EXPECT_FALSE(IsStopWord("milk"));
  EXPECT_FALSE(IsStopWord(""));
}

}  // namespace
}  // namespace leafloaf::text
