#include "purchase/holiday_calendar.h"

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

Micros At(int y, int m, int d, int hour = 10) {
  return DaysFromCivil(y, m, d) * kMicrosPerDay + hour * 3600LL * 1'000'000;
}

TEST(HolidayCalendarTest, MovableHolidaysLandOnTheirDays) {
  EXPECT_EQ(NthWeekday(2026, 11, 4, 4), DaysFromCivil(2026, 11, 26));  // Thanksgiving
  EXPECT_EQ(NthWeekday(2025, 11, 4, 4), DaysFromCivil(2025, 11, 27));
  EXPECT_EQ(NthWeekday(2026, 5, 1, -1), DaysFromCivil(2026, 5, 25));   // Memorial Day
  EXPECT_EQ(NthWeekday(2026, 9, 1, 1), DaysFromCivil(2026, 9, 7));     // Labor Day
  EXPECT_EQ(NthWeekday(2024, 2, 4, -1), DaysFromCivil(2024, 2, 29));   // leap-day Thursday
  EXPECT_EQ(EasterSunday(2024), DaysFromCivil(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), DaysFromCivil(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2026), DaysFromCivil(2026, 4, 5));
  EXPECT_EQ(EasterSunday(2000), DaysFromCivil(2000, 4, 23));
}

TEST(HolidayCalendarTest, DueDatesAroundAHolidayComeForward) {
  const HolidayCalendar us = HolidayCalendar::UnitedStates(2025, 2027);
  EXPECT_EQ(us.holidays().size(), 21u);
  // Due on Christmas Eve, Day or Boxing Day: two days before Christmas,
  // keeping the time of day.
  for (int d : {24, 25, 26}) {
    HolidayAdjustment a = us.Adjust(At(2026, 12, d));
    ASSERT_NE(a.holiday, nullptr) << d;
    EXPECT_EQ(a.holiday->name, "Christmas Day");
    EXPECT_EQ(a.due, At(2026, 12, 23));
  }
  // Already before the window, or well after: unchanged.
  for (Micros due : {At(2026, 12, 23), At(2026, 12, 22), At(2026, 12, 27), At(2026, 12, 10)}) {
    HolidayAdjustment a = us.Adjust(due);
    EXPECT_EQ(a.holiday, nullptr);
    EXPECT_EQ(a.due, due);
  }
  HolidayAdjustment thanksgiving = us.Adjust(At(2026, 11, 27));
  ASSERT_NE(thanksgiving.holiday, nullptr);
  EXPECT_EQ(thanksgiving.holiday->name, "Thanksgiving");
  EXPECT_EQ(thanksgiving.due, At(2026, 11, 24));
  // New Year's Eve moves before New Year's Day of the next year.
  HolidayAdjustment new_year = us.Adjust(At(2026, 12, 31));
  ASSERT_NE(new_year.holiday, nullptr);
  EXPECT_EQ(new_year.due, At(2026, 12, 30));
  EXPECT_EQ(HolidayCalendar().Adjust(At(2026, 12, 25)).holiday, nullptr);  // no calendar
}

}  // namespace
}  // namespace leafloaf::purchase
