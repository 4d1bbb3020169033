#include "purchase/complements.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;

ProductIndex P(const PurchaseHistory& h, std::string_view id) {
  return static_cast<ProductIndex>(h.FindProduct(id));
}

// 10 baskets: pasta + sauce in 4, pasta + bananas in 2, bananas in 8 (in
// everything but two pasta + sauce baskets), cheese with pasta once.
PurchaseHistory Shop() {
  PurchaseHistory h;
  Micros t = 0;
  auto add = [&](std::string_view user, Lines lines) { h.AddOrder(user, ++t, lines); };
  add("a", {{"pasta", 1}, {"sauce", 1}});
  add("a", {{"pasta", 1}, {"sauce", 1}});
  add("b", {{"pasta", 1}, {"sauce", 1}, {"bananas", 1}, {"cheese", 1}});
  add("b", {{"pasta", 1}, {"sauce", 1}, {"bananas", 1}});
  add("c", {{"pasta", 1}, {"bananas", 1}});
  add("c", {{"pasta", 1}, {"bananas", 1}});
  for (int i = 0; i < 4; ++i) add("d", {{"bananas", 1}});
  h.Finish();
  return h;
}

TEST(ComplementsTest, RanksByConfidenceDiscountedByPopularity) {
  PurchaseHistory h = Shop();
  ComplementIndex index(&h);
  auto partners = index.Find(P(h, "pasta"), {}, 10);
  // sauce: together 4 of pasta's 6, lift (4/6) / (4/10) = 5/3.
  // bananas: together 4 of 6 (baskets b, b, c, c), lift (4/6)/(8/10) < 1: dropped.
  // cheese: together once: below min_together.
  ASSERT_EQ(partners.size(), 1u);
  EXPECT_EQ(partners[0].product, P(h, "sauce"));
  EXPECT_EQ(partners[0].together, 4);
  EXPECT_DOUBLE_EQ(partners[0].support, 0.4);
  EXPECT_DOUBLE_EQ(partners[0].confidence, 4.0 / 6);
  EXPECT_DOUBLE_EQ(partners[0].lift, (4.0 / 6) / 0.4);
  EXPECT_DOUBLE_EQ(partners[0].score, (4.0 / 6) * (1 - 0.4 / (4.0 / 6)));
}

TEST(ComplementsTest, TheUsersOwnPairsWeighIn) {
  PurchaseHistory h = Shop();
  ComplementIndex index(&h, {.min_together = 1});
  auto anyone = index.Find(P(h, "sauce"), {}, 10);
  auto for_b = index.Find(P(h, "sauce"), h.baskets(static_cast<UserIndex>(h.FindUser("b"))), 10);
  ASSERT_FALSE(for_b.empty());
  for (const Complement& c : for_b) {
    if (c.product == P(h, "cheese")) {
      EXPECT_EQ(c.user_together, 1);
    }
    if (c.product == P(h, "pasta")) {
      EXPECT_EQ(c.user_together, 2);
    }
  }
  for (const Complement& c : anyone) EXPECT_EQ(c.user_together, 0);
  EXPECT_TRUE(index.Find(P(h, "sauce"), {}, 0).empty());
  EXPECT_TRUE(index.Find(999, {}, 5).empty());
}

}  // namespace
}  // namespace leafloaf::purchase
