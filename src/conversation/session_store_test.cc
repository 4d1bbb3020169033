#include "conversation/session_store.h"

#include "gtest/gtest.h"

namespace leafloaf::conversation {
namespace {

class FakeClock final : public Clock {
 public:
  Micros Now() const override { return now; }
  Micros now = 1'000'000;
};

constexpr Micros kMinute = 60'000'000;

TEST(SessionStoreTest, RemembersASessionForItsUserUntilItIdlesOut) {
  FakeClock clock;
  SessionStore store(&clock);
  Session s = store.Load("shop", "u1", "");
  ASSERT_FALSE(s.id.empty());
  EXPECT_EQ(s.id.rfind("sess_", 0), 0u);
  s.shown = {{"P1", "Milk"}, {"P2", "Oat milk"}};
  s.focus = {"P2", "Oat milk"};
  store.Save(s);
  clock.now += 29 * kMinute;
  Session again = store.Load("shop", "u1", s.id);
  EXPECT_EQ(again.id, s.id);
  ASSERT_EQ(again.shown.size(), 2u);
  EXPECT_EQ(again.focus.product_id, "P2");
  store.Save(again);  // active again: another 30 minutes
  clock.now += 29 * kMinute;
  EXPECT_EQ(store.Load("shop", "u1", s.id).shown.size(), 2u);
  clock.now += 31 * kMinute;
  Session expired = store.Load("shop", "u1", s.id);
  EXPECT_EQ(expired.id, s.id);  // the id is free again, so it is reused
  EXPECT_TRUE(expired.shown.empty());
}

TEST(SessionStoreTest, NeverHandsOneUsersSessionToAnother) {
  FakeClock clock;
  SessionStore store(&clock);
  Session mine = store.Load("shop", "u1", "chosen-id");
  EXPECT_EQ(mine.id, "chosen-id");
  mine.focus = {"P1", "Milk"};
  store.Save(mine);
  Session theirs = store.Load("shop", "u2", "chosen-id");
  EXPECT_NE(theirs.id, "chosen-id");
  EXPECT_TRUE(theirs.focus.product_id.empty());
  // Another shop's session of the same id is another session.
  Session other_shop = store.Load("shop2", "u1", "chosen-id");
  EXPECT_EQ(other_shop.id, "chosen-id");
  EXPECT_TRUE(other_shop.focus.product_id.empty());
  // A save under a taken id does not overwrite its owner's session.
  theirs.id = "chosen-id";
  theirs.focus = {"P9", "Eggs"};
  store.Save(theirs);
  EXPECT_EQ(store.Load("shop", "u1", "chosen-id").focus.product_id, "P1");
}

TEST(SessionStoreTest, HoldsAtMostMaxSessions) {
  FakeClock clock;
  SessionStore store(&clock, {.max_sessions = 100});
  for (int i = 0; i < 500; ++i) {
    clock.now += 1000;
    store.Save(store.Load("shop", "u" + std::to_string(i), ""));
    ASSERT_LE(store.size(), 100u);
  }
  EXPECT_GT(store.size(), 50u);
}

}  // namespace
}  // namespace leafloaf::conversation
