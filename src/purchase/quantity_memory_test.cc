#include "purchase/quantity_memory.h"

#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;

TEST(QuantityMemoryTest, MedianOfCountedItemsWithAgreementConfidence) {
  // median 2; 2, 2, 2 are within 25% of 2, 1 and 3 are not: 3/5 x 5/6.
  const std::vector<double> q = {1, 2, 2, 3, 2};
  auto typical = ComputeTypicalQuantity(q);
  ASSERT_TRUE(typical.has_value());
  EXPECT_DOUBLE_EQ(typical->quantity, 2);
  EXPECT_EQ(typical->purchases, 5);
  EXPECT_DOUBLE_EQ(typical->confidence, 0.5);
}

TEST(QuantityMemoryTest, OnlyTheLastPurchasesCount) {
  const std::vector<double> q = {10, 1, 1, 1, 1, 1};
  auto typical = ComputeTypicalQuantity(q);
  ASSERT_TRUE(typical.has_value());
  EXPECT_DOUBLE_EQ(typical->quantity, 1);
  EXPECT_EQ(typical->purchases, 5);
  EXPECT_DOUBLE_EQ(typical->confidence, 5.0 / 6);
}

TEST(QuantityMemoryTest, EvenCountRoundsHalfUp) {
  // median 1.5 -> 2; only the 2 agrees: 1/2 x 2/3.
  const std::vector<double> q = {1, 2};
  auto typical = ComputeTypicalQuantity(q);
  ASSERT_TRUE(typical.has_value());
  EXPECT_DOUBLE_EQ(typical->quantity, 2);
  EXPECT_DOUBLE_EQ(typical->confidence, 1.0 / 3);
}

TEST(QuantityMemoryTest, WeighedItemsRoundToTheStep) {
  // median 0.72 -> 0.70; 0.72 and 0.80 are within 0.175 of it, 0.50 not.
  const std::vector<double> q = {0.5, 0.72, 0.8};
  auto typical = ComputeTypicalQuantity(q);
  ASSERT_TRUE(typical.has_value());
  EXPECT_NEAR(typical->quantity, 0.70, 1e-9);
  EXPECT_DOUBLE_EQ(typical->confidence, 2.0 / 3 * 3.0 / 4);
}

TEST(QuantityMemoryTest, EmptyHasNoTypicalQuantity) {
  EXPECT_FALSE(ComputeTypicalQuantity(std::span<const double>()).has_value());
}

TEST(QuantityMemoryTest, BuildsFromHistoryWithRepeatedLinesAddedUp) {
  PurchaseHistory history;
  history.AddOrder("u", 100, Lines{{"a", 2}});
  history.AddOrder("u", 300, Lines{{"a", 3}, {"b", 1}});
  history.AddOrder("u", 200, Lines{{"a", 1}, {"a", 1}});  // one basket with a x 2
  history.Finish();
  const QuantityMemory memory = QuantityMemory::Build(history);
  // Chronological quantities of a: 2, 2, 3 -> median 2, 2 of 3 agree: 2/3 x
  // 3/4.
  auto a = memory.Typical(0, static_cast<ProductIndex>(history.FindProduct("a")));
  ASSERT_TRUE(a.has_value());
  EXPECT_DOUBLE_EQ(a->quantity, 2);
  EXPECT_DOUBLE_EQ(a->confidence, 0.5);
  EXPECT_EQ(a->purchases, 3);
  auto b = memory.Typical(0, static_cast<ProductIndex>(history.FindProduct("b")));
  ASSERT_TRUE(b.has_value());
  EXPECT_DOUBLE_EQ(b->quantity, 1);
  EXPECT_DOUBLE_EQ(b->confidence, 0.5);
  EXPECT_FALSE(memory.Typical(0, 99).has_value());
}

}  // namespace
}  // namespace leafloaf::purchase
