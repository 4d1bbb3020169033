#include "search/posting_list.h"

#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::search {
namespace {

TEST(PostingListTest, RoundTripsDocsAndFieldFrequencies) {
  PostingList list;
  list.Add(0, {1, 0, 0, 0});
  list.Add(5, {0, 2, 0, 7});
  list.Add(300000, {255, 1, 1, 1});
  EXPECT_EQ(list.size(), 3u);
  PostingList::Iterator it(list);
  ASSERT_TRUE(it.NextPosting());
  EXPECT_EQ(it.doc(), 0u);
  EXPECT_EQ(it.tf(), (FieldFreqs{1, 0, 0, 0}));
  ASSERT_TRUE(it.NextPosting());
  EXPECT_EQ(it.doc(), 5u);
  EXPECT_EQ(it.tf(), (FieldFreqs{0, 2, 0, 7}));
  ASSERT_TRUE(it.NextPosting());
  EXPECT_EQ(it.doc(), 300000u);
  EXPECT_EQ(it.tf(), (FieldFreqs{255, 1, 1, 1}));
  EXPECT_FALSE(it.NextPosting());
}

TEST(PostingListTest, TypicalPostingTakesThreeBytes) {
  PostingList list;
  for (uint32_t d = 0; d < 1000; ++d) list.Add(d * 3, {1, 0, 0, 0});
  EXPECT_LE(list.MemoryBytes(), sizeof(PostingList) + 1000 * 3 * 2);  // capacity slack
}

TEST(PostingListTest, SkipToFindsFirstDocAtOrAfterTarget) {
  PostingList list;
  for (uint32_t d = 0; d < 10000; ++d) list.Add(d * 7 + 3, {static_cast<uint8_t>(d % 200 + 1), 0, 0, 0});
  PostingList::Iterator it(list);
  ASSERT_TRUE(it.SkipTo(0));
  EXPECT_EQ(it.doc(), 3u);
  ASSERT_TRUE(it.SkipTo(3));  // already there: stays
  EXPECT_EQ(it.doc(), 3u);
  ASSERT_TRUE(it.SkipTo(1000));
  EXPECT_EQ(it.doc(), 1004u);  // 143 * 7 + 3
  EXPECT_EQ(it.tf()[0], 143 % 200 + 1);
  ASSERT_TRUE(it.SkipTo(50000));
  EXPECT_EQ(it.doc(), 50004u);
  ASSERT_TRUE(it.SkipTo(69996));
  EXPECT_EQ(it.doc(), 69996u);
  EXPECT_FALSE(it.SkipTo(69997));
  // Every target agrees with a linear scan.
  for (uint32_t target = 0; target < 70010; target += 997) {
    PostingList::Iterator a(list);
    bool found = a.SkipTo(target);
    uint32_t expect = (target <= 3) ? 3 : ((target - 3 + 6) / 7) * 7 + 3;
    EXPECT_EQ(found, expect <= 69996u) << target;
    if (found) {
      EXPECT_EQ(a.doc(), expect) << target;
    }
  }
}

TEST(PostingListTest, SkipsInDocOrderAgreeWithTheDecodedList) {
  // Random gaps and frequencies (some fields repeated, so postings vary in
  // length), probed by one iterator with small and large strides.
  std::mt19937 rng(7);
  PostingList list;
  std::vector<std::pair<uint32_t, FieldFreqs>> expected;
  uint32_t doc = 0;
  for (int i = 0; i < 20000; ++i) {
    doc += 1 + rng() % (i % 500 < 50 ? 2000 : 5);
    FieldFreqs tf{};
    for (int f = 0; f < kNumFields; ++f) tf[f] = static_cast<uint8_t>(rng() % 4 == 0 ? rng() % 6 : 0);
    if (tf == FieldFreqs{}) tf[0] = 1;
    list.Add(doc, tf);
    expected.push_back({doc, tf});
  }
  for (uint32_t stride : {1u, 3u, 40u, 900u, 60000u}) {
    PostingList::Iterator it(list);
    size_t e = 0;
    for (uint32_t target = 0; target <= doc + 1; target += 1 + rng() % stride) {
      while (e < expected.size() && expected[e].first < target) ++e;
      const bool found = it.SkipTo(target);
      ASSERT_EQ(found, e < expected.size()) << stride << " " << target;
      if (!found) break;
      ASSERT_EQ(it.doc(), expected[e].first) << stride << " " << target;
      ASSERT_EQ(it.tf(), expected[e].second) << stride << " " << target;
    }
  }
}

}  // namespace
}  // namespace leafloaf::search
