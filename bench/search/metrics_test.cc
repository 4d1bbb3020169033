#include "bench/search/metrics.h"

#include <cmath>

#include "gtest/gtest.h"

namespace leafloaf::searchbench {
namespace {

TEST(MetricsTest, PerfectRankingHasNdcgOne) {
  EXPECT_DOUBLE_EQ(NdcgAt({2, 2, 1}, {1, 2, 2}, 10), 1.0);
}

TEST(MetricsTest, NdcgUsesLinearGainAndLog2Discount) {
  // Ranked: 0, 2 -> DCG = 2 / log2(3). Ideal: 2 -> 2 / log2(2) = 2.
  EXPECT_NEAR(NdcgAt({0, 2}, {2}, 10), (2 / std::log2(3.0)) / 2, 1e-12);
}

TEST(MetricsTest, NdcgCutsBothListsAtK) {
  // Only the first result counts at k = 1; the ideal is the best grade.
  EXPECT_DOUBLE_EQ(NdcgAt({1, 2}, {2, 1}, 1), 0.5);
}

TEST(MetricsTest, NdcgOfQueryWithoutRelevantProductsIsZero) {
  EXPECT_DOUBLE_EQ(NdcgAt({0, 0}, {}, 10), 0.0);
}

TEST(MetricsTest, ReciprocalRankFindsFirstHitAtMinGrade) {
  EXPECT_DOUBLE_EQ(ReciprocalRankAt({1, 0, 2}, 2, 10), 1.0 / 3);
  EXPECT_DOUBLE_EQ(ReciprocalRankAt({1, 0, 2}, 1, 10), 1.0);
  EXPECT_DOUBLE_EQ(ReciprocalRankAt({0, 0, 2}, 2, 2), 0.0);
}

TEST(MetricsTest, PercentileIsNearestRank) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.5), 50);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.99), 99);
  EXPECT_DOUBLE_EQ(Percentile({7}, 0.99), 7);
  EXPECT_DOUBLE_EQ(Percentile({}, 0.5), 0);
}

}  // namespace
}  // namespace leafloaf::searchbench
