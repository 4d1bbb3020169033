#include "purchase/reorder.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;
constexpr Micros kDay = 86400LL * 1'000'000;

TEST(MedianTest, OddEvenAndEmpty) {
  std::vector<double> odd{5, 1, 3}, even{4, 1, 3, 2}, none;
  EXPECT_EQ(Median(odd), 3);
  EXPECT_EQ(Median(even), 2.5);
  EXPECT_EQ(Median(none), 0);
}

TEST(ReorderCyclesTest, ShrinksTheUsersMedianTowardThePopulationCycle) {
  PurchaseHistory history;
  // u1 buys milk every 10 days (3 intervals); u2 every 4 days (1 interval);
  // bread once.
  for (int d : {0, 10, 20, 30}) history.AddOrder("u1", d * kDay, Lines{{"milk", 1}});
  history.AddOrder("u1", 5 * kDay, Lines{{"bread", 1}});
  for (int d : {0, 4}) history.AddOrder("u2", d * kDay, Lines{{"milk", 2}});
  history.Finish();
  ReorderCycles cycles;
  cycles.Fit(history);
  // Population: intervals 10, 10, 10, 4 -> median 10.
  EXPECT_DOUBLE_EQ(cycles.population_cycle_days(static_cast<ProductIndex>(history.FindProduct("milk"))), 10);

  // u2: one 4-day interval, k = 2: (1 x 4 + 2 x 10) / 3 = 8 days.
  auto u2 = cycles.Cycles(history.baskets(static_cast<UserIndex>(history.FindUser("u2"))), 10 * kDay);
  ASSERT_EQ(u2.size(), 1u);
  EXPECT_DOUBLE_EQ(u2[0].cycle_days, 8);
  EXPECT_EQ(u2[0].last_purchased, 4 * kDay);
  EXPECT_EQ(u2[0].due, 12 * kDay);
  EXPECT_DOUBLE_EQ(u2[0].overdue, 6.0 / 8);
  EXPECT_DOUBLE_EQ(u2[0].confidence, 1.0 / 3 / (1 + 0));  // MAD 0

  // u1: three 10-day intervals -> 10 days; bread (bought once) has no cycle.
  auto u1 = cycles.Cycles(history.baskets(static_cast<UserIndex>(history.FindUser("u1"))), 41 * kDay);
  ASSERT_EQ(u1.size(), 1u);
  EXPECT_DOUBLE_EQ(u1[0].cycle_days, 10);
  EXPECT_DOUBLE_EQ(u1[0].confidence, 3.0 / 5);
  EXPECT_NEAR(u1[0].overdue, 1.1, 1e-9);
}

TEST(ReorderCyclesTest, AGapDoesNotStretchTheCycle) {
  PurchaseHistory history;
  // Every 7 days, then a 60-day gap (a holiday away), then every 7 again.
  for (int d : {0, 7, 14, 74, 81, 88}) history.AddOrder("u1", d * kDay, Lines{{"eggs", 1}});
  history.Finish();
  ReorderCycles cycles;
  cycles.Fit(history);
  auto items = cycles.Cycles(history.baskets(0), 90 * kDay);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_DOUBLE_EQ(items[0].user_median_days, 7);
  EXPECT_DOUBLE_EQ(items[0].cycle_days, 7);  // the population is this user
}

TEST(ReorderCyclesTest, DueKeepsOverdueItemsAndBundlesCloseDueDates) {
  PurchaseHistory history;
  for (int d : {0, 10, 20}) history.AddOrder("u1", d * kDay, Lines{{"milk", 1}, {"bread", 1}});
  for (int d : {0, 30}) history.AddOrder("u1", d * kDay + 1, Lines{{"rice", 1}});
  for (int d : {0, 2, 4}) history.AddOrder("u1", d * kDay + 2, Lines{{"coffee", 1}});
  history.Finish();
  ReorderCycles cycles;
  cycles.Fit(history);
  // As of day 29: milk and bread (cycle 10, last day 20) are 0.9 due;
  // rice (cycle 30, last day 30) is not; coffee (cycle 2, last day 4) is
  // long overdue.
  auto due = cycles.Due(history.baskets(0), 29 * kDay, 10);
  ASSERT_EQ(due.size(), 3u);
  std::vector<std::string> names;
  for (const auto& item : due) names.push_back(history.product_id(item.product));
  EXPECT_EQ(std::count(names.begin(), names.end(), "rice"), 0);
  int milk_bundle = 0, bread_bundle = 0, coffee_bundle = 0;
  for (const auto& item : due) {
    const std::string& name = history.product_id(item.product);
    (name == "milk" ? milk_bundle : name == "bread" ? bread_bundle : coffee_bundle) = item.bundle;
  }
  EXPECT_EQ(milk_bundle, bread_bundle);   // both due on day 30
  EXPECT_NE(milk_bundle, coffee_bundle);  // coffee was due on day 6
  EXPECT_EQ(cycles.Due(history.baskets(0), 29 * kDay, 1).size(), 1u);
}

TEST(ReorderCyclesTest, AnItemDueAroundAHolidayIsDueBeforeIt) {
  // Weekly milk, last bought on 2026-12-18: due on Christmas Day.
  const Micros last = DaysFromCivil(2026, 12, 18) * kMicrosPerDay;
  PurchaseHistory history;
  for (int w = 3; w >= 0; --w) history.AddOrder("u1", last - w * 7 * kDay, Lines{{"milk", 1}});
  history.Finish();
  const HolidayCalendar us = HolidayCalendar::UnitedStates(2026, 2026);
  ReorderCycles plain, adjusted({.holidays = &us});
  plain.Fit(history);
  adjusted.Fit(history);
  const auto baskets = history.baskets(0);
  const Micros as_of = DaysFromCivil(2026, 12, 22) * kMicrosPerDay;  // 4 days after
  auto before = plain.Cycles(baskets, as_of);
  auto after = adjusted.Cycles(baskets, as_of);
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(before[0].due, DaysFromCivil(2026, 12, 25) * kMicrosPerDay);
  EXPECT_EQ(before[0].holiday, nullptr);
  EXPECT_EQ(after[0].due, DaysFromCivil(2026, 12, 23) * kMicrosPerDay);
  EXPECT_EQ(after[0].unadjusted_due, before[0].due);
  ASSERT_NE(after[0].holiday, nullptr);
  EXPECT_EQ(after[0].holiday->name, "Christmas Day");
  // 4 of 7 days: not due yet without the holiday; 4 of 5 with it.
  EXPECT_DOUBLE_EQ(before[0].overdue, 4.0 / 7);
  EXPECT_DOUBLE_EQ(after[0].overdue, 4.0 / 5);
  EXPECT_TRUE(plain.Due(baskets, as_of, 10).empty());
  EXPECT_EQ(adjusted.Due(baskets, as_of, 10).size(), 1u);
}

}  // namespace
}  // namespace leafloaf::purchase
