#include "search/posting_list.h"

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
  uint32_t doc;
  FieldFreqs tf;
  ASSERT_TRUE(it.Next(&doc, &tf));
  EXPECT_EQ(doc, 0u);
  EXPECT_EQ(tf, (FieldFreqs{1, 0, 0, 0}));
  ASSERT_TRUE(it.Next(&doc, &tf));
  EXPECT_EQ(doc, 5u);
  EXPECT_EQ(tf, (FieldFreqs{0, 2, 0, 7}));
  ASSERT_TRUE(it.Next(&doc, &tf));
  EXPECT_EQ(doc, 300000u);
  EXPECT_EQ(tf, (FieldFreqs{255, 1, 1, 1}));
  EXPECT_FALSE(it.Next(&doc, &tf));
}

TEST(PostingListTest, TypicalPostingTakesThreeBytes) {
  PostingList list;
  for (uint32_t d = 0; d < 1000; ++d) list.Add(d * 3, {1, 0, 0, 0});
  EXPECT_LE(list.MemoryBytes(), sizeof(PostingList) + 1000 * 3 * 2);  // capacity slack
}

}  // namespace
}  // namespace leafloaf::search
