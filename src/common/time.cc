#include "common/time.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/str_format.h"

namespace leafloaf {

Micros SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's days_from_civil algorithm.
int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

absl::Status BadTime(std::string_view text) {
  return absl::InvalidArgumentError(absl::StrFormat("not a date: '%s'", text));
}

}  // namespace

absl::StatusOr<Micros> MakeUtc(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return absl::InvalidArgumentError(
        absl::StrFormat("date out of range: %04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour,
                        minute, second));
  }
  int64_t days = DaysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60 * kMicrosPerSecond + second * kMicrosPerSecond;
}

absl::StatusOr<Micros> ParseIsoTime(std::string_view text) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (!Digits(text, 0, 4, &y) || text.size() < 10 || text[4] != '-' || !Digits(text, 5, 2, &mo) ||
      text[7] != '-' || !Digits(text, 8, 2, &d)) {
    return BadTime(text);
  }
  size_t pos = 10;
  if (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != 'T') return BadTime(text);
    if (!Digits(text, pos + 1, 2, &h) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, &mi)) {
      return BadTime(text);
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &s)) return BadTime(text);
      pos += 3;
    }
    if (pos < text.size() && text[pos] == '.') {  // fractional seconds are dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    if (pos < text.size() && text[pos] == 'Z') ++pos;
    if (pos != text.size()) return BadTime(text);
  }
  return MakeUtc(y, mo, d, h, mi, s);
}

absl::StatusOr<Micros> ParseDayMonthYear(std::string_view text) {
  int d, mo, y;
  if (text.size() != 10 || !Digits(text, 0, 2, &d) || text[2] != '-' || !Digits(text, 3, 2, &mo) ||
      text[5] != '-' || !Digits(text, 6, 4, &y)) {
    return BadTime(text);
  }
  return MakeUtc(y, mo, d);
}

std::string FormatIsoTime(Micros t) {
  int64_t secs = t / kMicrosPerSecond;
  if (t < 0 && t % kMicrosPerSecond) --secs;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (Hinnant).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rem / 3600, rem / 60 % 60,
                         rem % 60);
}

}  // namespace leafloaf
