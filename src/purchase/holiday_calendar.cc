#include "purchase/holiday_calendar.h"

#include <algorithm>

namespace leafloaf::purchase {
namespace {

int Weekday(int64_t day) {  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(((day % 7) + 7 + 4) % 7);
}

int DaysInMonth(int year, int month) {
  return static_cast<int>(DaysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) -
                          DaysFromCivil(year, month, 1));
}

}  // namespace

int64_t NthWeekday(int year, int month, int weekday, int n) {
  if (n > 0) {
    const int64_t first = DaysFromCivil(year, month, 1);
    return first + (weekday - Weekday(first) + 7) % 7 + 7 * (n - 1);
  }
  const int64_t last = DaysFromCivil(year, month, DaysInMonth(year, month));
  return last - (Weekday(last) - weekday + 7) % 7;
}

int64_t EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

HolidayCalendar::HolidayCalendar(std::vector<Holiday> holidays, int lead_days)
    : holidays_(std::move(holidays)), lead_days_(lead_days) {
  std::sort(holidays_.begin(), holidays_.end(),
            [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
}

HolidayCalendar HolidayCalendar::UnitedStates(int from_year, int to_year) {
  std::vector<Holiday> out;
  for (int y = from_year; y <= to_year; ++y) {
    out.push_back({DaysFromCivil(y, 1, 1), "New Year's Day"});
    out.push_back({EasterSunday(y), "Easter"});
    out.push_back({NthWeekday(y, 5, 1, -1), "Memorial Day"});
    out.push_back({DaysFromCivil(y, 7, 4), "Independence Day"});
    out.push_back({NthWeekday(y, 9, 1, 1), "Labor Day"});
    out.push_back({NthWeekday(y, 11, 4, 4), "Thanksgiving"});
    out.push_back({DaysFromCivil(y, 12, 25), "Christmas Day"});
  }
  return HolidayCalendar(std::move(out));
}

const HolidayCalendar& HolidayCalendar::Default() {
  static const HolidayCalendar* calendar = new HolidayCalendar(UnitedStates());
  return *calendar;
}

HolidayAdjustment HolidayCalendar::Adjust(Micros due) const {
  HolidayAdjustment out{due, nullptr};
  const int64_t day = due >= 0 ? due / kMicrosPerDay : (due - kMicrosPerDay + 1) / kMicrosPerDay;
  // The first holiday on or after the day before `due`.
  auto it = std::lower_bound(holidays_.begin(), holidays_.end(), day - 1,
                             [](const Holiday& h, int64_t d) { return h.day < d; });
  if (it == holidays_.end() || it->day > day + 1) return out;
  const Micros moved = (it->day - lead_days_) * kMicrosPerDay + (due - day * kMicrosPerDay);
  if (moved < due) {
    out.due = moved;
    out.holiday = &*it;
  }
  return out;
}

}  // namespace leafloaf::purchase
