#include "demo/demo_data.h"

#include "demo/demo_test_data.h"
#include "gtest/gtest.h"

namespace leafloaf {
namespace {

TEST(DemoDataTest, SameSeedGivesIdenticalData) {
  const absl::StatusOr<DemoData>& first = demo::DefaultDemoData();
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<DemoData> second = GenerateDemoData(DemoOptions{});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Fingerprint(*first), Fingerprint(*second));
  ASSERT_EQ(first->history.lines.size(), second->history.lines.size());
  EXPECT_EQ(first->catalog.products[1234].description, second->catalog.products[1234].description);
  EXPECT_EQ(first->population.users[567].attributes, second->population.users[567].attributes);
  EXPECT_EQ(first->history.orders.back().placed_at, second->history.orders.back().placed_at);
}

TEST(DemoDataTest, AnotherSeedGivesAnotherShop) {
  DemoOptions options;
  options.seed = 7;
  options.shoppers = 200;
  absl::StatusOr<DemoData> other = GenerateDemoData(options);
  ASSERT_TRUE(other.ok()) << other.status();
  options.seed = 42;
  absl::StatusOr<DemoData> base = GenerateDemoData(options);
  ASSERT_TRUE(base.ok()) << base.status();
  EXPECT_NE(Fingerprint(*other), Fingerprint(*base));
  EXPECT_EQ(other->population.users.size(), 200u);
}

TEST(DemoDataTest, HonoursShopIdPeriodAndSizes) {
  DemoOptions options;
  options.shop_id = "demo2";
  options.products = 3000;
  options.shoppers = 50;
  options.months = 2;
  options.end_date = "2026-03-31";
  absl::StatusOr<DemoData> data = GenerateDemoData(options);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->catalog.products.size(), 3000u);
  EXPECT_EQ(data->population.users.size(), 50u);
  EXPECT_EQ(FormatIsoTime(data->period_start), "2026-02-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(data->period_end), "2026-04-01T00:00:00Z");
  for (const Order& order : data->history.orders) {
    EXPECT_EQ(order.shop_id, "demo2");
    EXPECT_GE(order.placed_at, data->period_start);
    EXPECT_LT(order.placed_at, data->period_end);
  }
  EXPECT_EQ(data->history.lines.front().shop_id, "demo2");
  EXPECT_EQ(data->population.households.front().shop_id, "demo2");
}

TEST(DemoDataTest, RejectsBadOptions) {
  auto code = [](auto mutate) {
    DemoOptions options;
    options.shoppers = 10;
    mutate(options);
    return GenerateDemoData(options).status().code();
  };
  EXPECT_EQ(code([](DemoOptions& o) { o.shop_id = ""; }), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](DemoOptions& o) { o.shoppers = 0; }), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](DemoOptions& o) { o.months = 0; }), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](DemoOptions& o) { o.end_date = "31-10-2026"; }),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](DemoOptions& o) { o.end_date = "2026-02-30"; }),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](DemoOptions& o) { o.products = 1000000; }), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf
