// Time is UTC microseconds since the Unix epoch everywhere (DESIGN.md).
// Clock is an interface so tests and the demo generator can pin "now".
#ifndef LEAFLOAF_COMMON_TIME_H_
#define LEAFLOAF_COMMON_TIME_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace leafloaf {

using Micros = int64_t;  // UTC microseconds since 1970-01-01T00:00:00Z

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Milliseconds elapsed on the steady clock since `start`, for the timings
// responses report.
inline double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Thread-safe source of the current time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};

// The system clock. Stateless; one instance can be shared.
class SystemClock final : public Clock {
 public:
  Micros Now() const override;
};

// Days since the epoch for a proleptic Gregorian civil date.
int64_t DaysFromCivil(int year, int month, int day);

// UTC micros for a civil date and time; validates ranges.
absl::StatusOr<Micros> MakeUtc(int year, int month, int day, int hour = 0, int minute = 0,
                               int second = 0);

// Parses ISO dates and date-times: "2017-01-28", "2017-01-28 19:06:53",
// "2017-01-28T19:06:53Z". Times without a zone are taken as UTC.
absl::StatusOr<Micros> ParseIsoTime(std::string_view text);

// Parses "DD-MM-YYYY" (the Groceries dataset's format) as midnight UTC.
absl::StatusOr<Micros> ParseDayMonthYear(std::string_view text);

// Formats as "2017-01-28T19:06:53Z" (seconds precision).
std::string FormatIsoTime(Micros t);

}  // namespace leafloaf

#endif  // LEAFLOAF_COMMON_TIME_H_
