#include "common/money.h"

#include "gtest/gtest.h"

namespace leafloaf {
namespace {

TEST(MoneyTest, ParsesDecimalsIntoCents) {
  EXPECT_EQ(*ParseMoney("3.86"), 386);
  EXPECT_EQ(*ParseMoney("12"), 1200);
  EXPECT_EQ(*ParseMoney("0.5"), 50);
  EXPECT_EQ(*ParseMoney("$1,299.00"), 129900);
  EXPECT_EQ(*ParseMoney(" -5.487 "), -549);
  EXPECT_EQ(*ParseMoney("16.448"), 1645);
  EXPECT_EQ(*ParseMoney("16.444"), 1644);
}

TEST(MoneyTest, RejectsNonNumbersWithInvalidArgument) {
  EXPECT_EQ(ParseMoney("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMoney("abc").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMoney("1.2.3").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMoney("-").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMoney("99999999999999999999").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MoneyTest, FormatsTwoPlaces) {
  EXPECT_EQ(FormatMoney(1234), "12.34");
  EXPECT_EQ(FormatMoney(5), "0.05");
  EXPECT_EQ(FormatMoney(-549), "-5.49");
}

}  // namespace
}  // namespace leafloaf
