#include "http/reply_cache.h"

#include "gtest/gtest.h"

namespace leafloaf::http {
namespace {

TEST(ReplyCacheTest, RemembersRepliesUntilTheyExpireOrCrowdOut) {
  ReplyCache cache(/*max_entries=*/3, /*ttl_seconds=*/60);
  cache.Put("a", "reply a", 1000);
  EXPECT_EQ(cache.Find("a", 1030), "reply a");
  EXPECT_FALSE(cache.Find("b", 1030).has_value());
  EXPECT_FALSE(cache.Find("a", 1061).has_value());  // expired
  cache.Put("b", "reply b", 1100);                  // evicts the expired a
  EXPECT_EQ(cache.size(), 1u);
  cache.Put("c", "c", 1101);
  cache.Put("d", "d", 1102);
  cache.Put("e", "e", 1103);  // the oldest (b) goes
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Find("b", 1103).has_value());
  EXPECT_EQ(cache.Find("e", 1103), "e");
}

}  // namespace
}  // namespace leafloaf::http
