#include "common/time.h"

#include "gtest/gtest.h"

namespace leafloaf {
namespace {

TEST(TimeTest, ParsesIsoDateAndDateTimeAsUtc) {
  EXPECT_EQ(*ParseIsoTime("1970-01-02"), kMicrosPerDay);
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2017-01-28 19:06:53")), "2017-01-28T19:06:53Z");
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2024-02-29T00:00:01Z")), "2024-02-29T00:00:01Z");
}

TEST(TimeTest, ParsesDayMonthYear) {
  EXPECT_EQ(FormatIsoTime(*ParseDayMonthYear("21-07-2015")), "2015-07-21T00:00:00Z");
}

TEST(TimeTest, RejectsImpossibleDates) {
  EXPECT_EQ(ParseIsoTime("2023-02-29").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseIsoTime("not-a-date").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseIsoTime("2017-01-28 25:00").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDayMonthYear("32-01-2015").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDayMonthYear("21-07-15").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf
