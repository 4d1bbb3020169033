#include "purchase/purchase_history.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::purchase {
namespace {

using Lines = std::vector<std::pair<std::string_view, double>>;

TEST(PurchaseHistoryTest, MergesRepeatedLinesAndSortsBasketsByTime) {
  PurchaseHistory history;
  history.AddOrder("u1", 200, Lines{{"milk", 1}, {"eggs", 2}, {"milk", 2}});
  history.AddOrder("u1", 100, Lines{{"bread", 1}, {"eggs", 0}});
  history.AddOrder("u2", 50, Lines{});
  history.AddOrder("u2", 60, Lines{{"cake", -1}});
  history.Finish();

  ASSERT_EQ(history.num_users(), 1u);  // u2 has no basket
  EXPECT_EQ(history.num_products(), 3u);
  EXPECT_EQ(history.num_baskets(), 2u);
  EXPECT_EQ(history.FindUser("u2"), -1);
  EXPECT_EQ(history.FindProduct("cake"), -1);
  ASSERT_EQ(history.FindProduct("milk"), 0);
  ASSERT_EQ(history.FindProduct("eggs"), 1);
  ASSERT_EQ(history.FindProduct("bread"), 2);
  EXPECT_EQ(history.product_id(2), "bread");

  const auto baskets = history.baskets(0);
  ASSERT_EQ(baskets.size(), 2u);
  EXPECT_EQ(baskets[0].placed_at, 100);
  ASSERT_EQ(baskets[0].items.size(), 1u);  // eggs x 0 ignored
  EXPECT_EQ(baskets[0].items[0].product, 2u);
  EXPECT_EQ(baskets[1].placed_at, 200);
  ASSERT_EQ(baskets[1].items.size(), 2u);
  EXPECT_EQ(baskets[1].items[0].product, 0u);
  EXPECT_EQ(baskets[1].items[0].quantity, 3);  // milk 1 + 2
  EXPECT_EQ(baskets[1].items[1].product, 1u);
  EXPECT_EQ(baskets[1].items[1].quantity, 2);
}

TEST(PurchaseHistoryTest, LoadReadsTheShopsOrdersInTimeOrder) {
  testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  for (const char* id : {"P1", "P2"}) {
    Product p;
    p.shop_id = "s1";
    p.external_id = id;
    p.name = id;
    batch.Add(p);
  }
  batch.Add(Order{.shop_id = "s1", .external_id = "O1", .user_external_id = "U1", .placed_at = 300});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O1", .product_external_id = "P1",
                      .quantity = 2});
  batch.Add(Order{.shop_id = "s1", .external_id = "O2", .user_external_id = "U1", .placed_at = 100});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O2", .product_external_id = "P2"});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O2", .product_external_id = "P1"});
  batch.Add(Order{.shop_id = "s1", .external_id = "O3", .user_external_id = "U2", .placed_at = 200});
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());

  auto history = PurchaseHistory::Load(**store, "s1");
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->num_users(), 1u);  // U2's order has no lines
  EXPECT_EQ(history->num_baskets(), 2u);
  const int64_t p1 = history->FindProduct("P1");
  ASSERT_GE(p1, 0);
  const auto baskets = history->baskets(0);
  ASSERT_EQ(baskets.size(), 2u);
  EXPECT_EQ(baskets[0].placed_at, 100);
  EXPECT_EQ(baskets[0].items.size(), 2u);
  EXPECT_EQ(baskets[1].placed_at, 300);
  ASSERT_EQ(baskets[1].items.size(), 1u);
  EXPECT_EQ(baskets[1].items[0].product, static_cast<ProductIndex>(p1));
  EXPECT_EQ(baskets[1].items[0].quantity, 2);

  auto other = PurchaseHistory::Load(**store, "no-such-shop");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->num_users(), 0u);
}

}  // namespace
}  // namespace leafloaf::purchase
