#include "purchase/inference/product_catalog.h"

#include <tuple>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "purchase/inference/budget.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::purchase {
namespace {

TEST(ProductCatalogTest, LeafCategory) {
  EXPECT_EQ(LeafCategory("Dairy > Milk > Whole"), "Whole");
  EXPECT_EQ(LeafCategory("Bakery"), "Bakery");
  EXPECT_EQ(LeafCategory(""), "");
}

TEST(ProductCatalogTest, LoadsCatalogAndPricedOrdersAlignedWithTheHistory) {
  testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  for (const auto& [id, category, price] : std::vector<std::tuple<const char*, const char*, Cents>>{
           {"P1", "Dairy > Milk", 200}, {"P2", "Bakery", 0}, {"P3", "Produce", 99}}) {
    Product p;
    p.shop_id = "s1";
    p.external_id = id;
    p.name = id;
    p.category = category;
    p.price_cents = price;
    batch.Add(p);
  }
  batch.Add(
      Order{.shop_id = "s1", .external_id = "O1", .user_external_id = "U1", .placed_at = 100});
  batch.Add(OrderLine{
      .shop_id = "s1", .order_external_id = "O1", .product_external_id = "P2", .quantity = 1});
  batch.Add(OrderLine{.shop_id = "s1",
                      .order_external_id = "O1",
                      .product_external_id = "P1",
                      .quantity = 2,
                      .unit_price_cents = 190});
  batch.Add(
      Order{.shop_id = "s1", .external_id = "O2", .user_external_id = "U2", .placed_at = 200});
  batch.Add(OrderLine{.shop_id = "s1",
                      .order_external_id = "O2",
                      .product_external_id = "P1",
                      .quantity = 1,
                      .unit_price_cents = 200});
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());

  auto history = PurchaseHistory::Load(**store, "s1");
  ASSERT_TRUE(history.ok()) << history.status();
  auto catalog = ProductCatalog::Load(**store, "s1", *history);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->size(), 2u);  // P3 was never bought
  const auto p1 = static_cast<ProductIndex>(history->FindProduct("P1"));
  const auto p2 = static_cast<ProductIndex>(history->FindProduct("P2"));
  EXPECT_EQ(catalog->product(p1).external_id, "P1");
  EXPECT_EQ(catalog->product(p1).category, "Dairy > Milk");
  EXPECT_EQ(catalog->product(p1).price_cents, 200);
  EXPECT_EQ(catalog->product(p2).category, "Bakery");

  auto orders = LoadPricedOrders(**store, "s1", *history);
  ASSERT_TRUE(orders.ok()) << orders.status();
  ASSERT_EQ(orders->size(), 2u);
  EXPECT_EQ((*orders)[0].user, static_cast<UserIndex>(history->FindUser("U1")));
  ASSERT_EQ((*orders)[0].lines.size(), 2u);
  double p1_quantity = 0;
  Cents p1_price = 0;
  for (const PricedLine& line : (*orders)[0].lines) {
    if (line.product == p1) p1_quantity = line.quantity, p1_price = line.unit_price_cents;
  }
  EXPECT_EQ(p1_quantity, 2);
  EXPECT_EQ(p1_price, 190);
  EXPECT_EQ((*orders)[1].user, static_cast<UserIndex>(history->FindUser("U2")));

  // Basket spend from the store: U1 = 2 x 190 + P2 (no price anywhere) ->
  // left out; U2 = 200.
  const BudgetModel model = BudgetModel::Build(*history, *catalog, *orders);
  EXPECT_FALSE(
      model.TypicalBasketSpend(static_cast<UserIndex>(history->FindUser("U1"))).has_value());
  EXPECT_EQ(model.TypicalBasketSpend(static_cast<UserIndex>(history->FindUser("U2"))), 200);
}

}  // namespace
}  // namespace leafloaf::purchase
