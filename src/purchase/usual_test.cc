#include "purchase/usual.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;
constexpr Micros kDay = 86400LL * 1'000'000;
constexpr Micros kJan1 = 1767225600LL * 1'000'000;  // 2026-01-01 UTC

TEST(UsualTest, MonthOfIsUtc) {
  EXPECT_EQ(MonthOf(kJan1), 1);
  EXPECT_EQ(MonthOf(kJan1 - 1), 12);
  EXPECT_EQ(MonthOf(kJan1 + 40 * kDay), 2);
}

TEST(UsualTest, FrequentProductsWithTheirMedianRecentQuantity) {
  PurchaseHistory history;
  // Four trips; milk in all (quantities 1, 2, 2, 3), eggs in one, bread in
  // two of four (share 0.5).
  history.AddOrder("u", kJan1, Lines{{"milk", 1}, {"bread", 1}});
  history.AddOrder("u", kJan1 + 7 * kDay, Lines{{"milk", 2}, {"eggs", 12}});
  history.AddOrder("u", kJan1 + 14 * kDay, Lines{{"milk", 2}, {"bread", 1}});
  history.AddOrder("u", kJan1 + 21 * kDay, Lines{{"milk", 3}});
  history.Finish();
  auto items = UsualItems(history.baskets(0), kJan1 + 30 * kDay);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(history.product_id(items[0].product), "milk");
  EXPECT_EQ(items[0].purchases, 4);
  EXPECT_DOUBLE_EQ(items[0].share, 1.0);
  EXPECT_DOUBLE_EQ(items[0].usual_quantity, 2);
  EXPECT_DOUBLE_EQ(items[0].confidence, 4.0 / 6);
  EXPECT_EQ(items[0].last_purchased, kJan1 + 21 * kDay);
  EXPECT_FALSE(items[0].seasonal);
  EXPECT_EQ(history.product_id(items[1].product), "bread");
  EXPECT_DOUBLE_EQ(items[1].confidence, 0.5 * 2 / 4);
}

TEST(UsualTest, SummerOnlyItemsAreSeasonalAndInSeasonOnlyInTheirMonths) {
  PurchaseHistory history;
  // One trip a month for a year; ice cream in June, July and August only.
  for (int m = 0; m < 12; ++m) {
    const Micros at = kJan1 + (m * 31 + 2) * kDay;  // day 2 of each month or so
    Lines lines{{"milk", 1}};
    if (m >= 5 && m <= 7) lines.push_back({"ice cream", 2});
    history.AddOrder("u", at, lines);
  }
  history.Finish();
  const Micros july = kJan1 + 190 * kDay;
  const Micros december = kJan1 + 340 * kDay;
  auto summer = UsualItems(history.baskets(0), july);
  ASSERT_EQ(summer.size(), 2u);
  const UsualItem& ice = history.product_id(summer[0].product) == "ice cream" ? summer[0] : summer[1];
  EXPECT_TRUE(ice.seasonal);
  EXPECT_EQ(ice.months, (std::vector<int>{6, 7, 8}));
  EXPECT_TRUE(ice.in_season);
  EXPECT_DOUBLE_EQ(ice.share, 1.0);  // in every trip of its months
  auto winter = UsualItems(history.baskets(0), december);
  for (const UsualItem& item : winter) {
    if (history.product_id(item.product) == "ice cream") {
      EXPECT_FALSE(item.in_season);
    }
  }
}

TEST(UsualTest, NoBasketsNoItems) { EXPECT_TRUE(UsualItems({}, kJan1).empty()); }

}  // namespace
}  // namespace leafloaf::purchase
