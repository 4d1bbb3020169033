#include "purchase/inference/insights_service.h"

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::purchase {
namespace {

constexpr Micros kDay = 86400LL * 1'000'000;

TEST(InsightsServiceTest, BuildsOverThePurchaseSnapshotAndFollowsItsRebuilds) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Add(Product{.shop_id = "s1", .external_id = "milk", .name = "Whole Milk",
                    .category = "Dairy > Milk", .price_cents = 400});
  batch.Add(Product{.shop_id = "s1", .external_id = "cheap-milk", .name = "Value Whole Milk",
                    .category = "Dairy > Milk", .price_cents = 250});
  batch.Add(Product{.shop_id = "s1", .external_id = "bread", .name = "Bread",
                    .category = "Bakery > Bread", .price_cents = 300});
  for (int i = 0; i < 3; ++i) {
    const std::string order = "o" + std::to_string(i);
    batch.Add(Order{.shop_id = "s1", .external_id = order, .user_external_id = "u1",
                    .placed_at = (1 + 7 * i) * kDay});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order, .product_external_id = "milk",
                        .quantity = 2, .unit_price_cents = 400});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "o0",
                        .product_external_id = "cheap-milk", .quantity = 1, .unit_price_cents = 250});
  }
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());

  PurchaseService purchases(store->get(), {.tune = false});
  InsightsService insights(store->get(), &purchases);
  auto shop = insights.Shop("s1");
  ASSERT_NE(shop, nullptr);
  EXPECT_EQ(insights.Shop("s1"), shop);  // built once
  const int64_t u1 = shop->purchases().history().FindUser("u1");
  ASSERT_GE(u1, 0);
  // Orders: 2 x 4.00 + 2.50, then 2 x 4.00 twice: median 8.00.
  EXPECT_EQ(shop->budget().TypicalBasketSpend(static_cast<UserIndex>(u1)), 800);
  const int64_t milk = shop->purchases().history().FindProduct("milk");
  auto cheaper = shop->budget().CheaperAlternatives(static_cast<ProductIndex>(milk), 5);
  ASSERT_EQ(cheaper.size(), 1u);
  EXPECT_EQ(shop->purchases().history().product_id(cheaper[0].product), "cheap-milk");
  EXPECT_EQ(cheaper[0].savings_cents, 150);
  // A new purchase snapshot (a rebuild) gives new insights over it.
  ASSERT_TRUE(purchases.LoadShop("s1").ok());
  auto rebuilt = insights.Shop("s1");
  ASSERT_NE(rebuilt, nullptr);
  EXPECT_NE(rebuilt, shop);
  EXPECT_EQ(&rebuilt->purchases(), purchases.Shop("s1").get());
}

}  // namespace
}  // namespace leafloaf::purchase
