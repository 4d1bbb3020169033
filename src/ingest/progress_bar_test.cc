#include "ingest/progress_bar.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf {
namespace {

using ::testing::HasSubstr;

TEST(ProgressBarTest, DrawsNothingWhenDisabled) {
  std::ostringstream out;
  ProgressBar bar(out, /*enabled=*/false, 100);
  bar.Update(50, "a.csv", 10);
  bar.Finish();
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBarTest, DrawsAtMostOncePerIntervalAndClearsTheLine) {
  std::ostringstream out;
  ProgressBar bar(out, /*enabled=*/true, 200'000'000, std::chrono::hours(1));
  bar.Update(100'000'000, "data/orders.csv", 1234);
  const std::string first = out.str();
  EXPECT_THAT(first, HasSubstr("\r[###############...............]  50%"));
  EXPECT_THAT(first, HasSubstr("100.0/200.0 MB 1234 rows data/orders.csv"));
  bar.Update(150'000'000, "data/orders.csv", 2000);  // within the interval: no redraw
  EXPECT_EQ(out.str(), first);
  bar.Finish();
  EXPECT_EQ(out.str(), first + "\r\x1b[K");
}

}  // namespace
}  // namespace leafloaf
