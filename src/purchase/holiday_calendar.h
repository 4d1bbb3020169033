// Holidays that move reorder reminders (issue 5, "holiday adjustments from
// a calendar"). Around a holiday, shops close or are crowded and shoppers
// stock up before it, so an item that falls due from the day before a
// holiday to the day after it is brought forward to `lead_days` before the
// holiday (reorder.h applies it).
//
// UnitedStates() is the built-in calendar of the grocery holidays: New
// Year's Day, Easter Sunday, Memorial Day, Independence Day, Labor Day,
// Thanksgiving and Christmas Day. A shop may pass its own list instead.
//
// Thread-safety: immutable once built.
#ifndef LEAFLOAF_PURCHASE_HOLIDAY_CALENDAR_H_
#define LEAFLOAF_PURCHASE_HOLIDAY_CALENDAR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace leafloaf::purchase {

struct Holiday {
  int64_t day = 0;  // days since 1970-01-01 (UTC)
  std::string name;
};

struct HolidayAdjustment {
  Micros due = 0;             // the due time, brought forward when needed
  const Holiday* holiday = nullptr;  // the holiday that moved it; null = unchanged
};

class HolidayCalendar {
 public:
  HolidayCalendar() = default;  // no holidays
  explicit HolidayCalendar(std::vector<Holiday> holidays, int lead_days = 2);

  // The US grocery holidays of the years [from_year, to_year].
  static HolidayCalendar UnitedStates(int from_year = 2000, int to_year = 2100);
  // UnitedStates() of 2000-2100, built once: the server's calendar.
  static const HolidayCalendar& Default();

  // `due` unchanged, or brought forward to lead_days before a holiday when
  // it falls within a day of it.
  HolidayAdjustment Adjust(Micros due) const;

  const std::vector<Holiday>& holidays() const { return holidays_; }

 private:
  std::vector<Holiday> holidays_;  // sorted by day
  int lead_days_ = 2;
};

// Day (since 1970-01-01) of the n-th (1-based; -1 = last) `weekday`
// (0 = Sunday) of a month.
int64_t NthWeekday(int year, int month, int weekday, int n);
// Easter Sunday (Gregorian), as days since 1970-01-01.
int64_t EasterSunday(int year);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_HOLIDAY_CALENDAR_H_
