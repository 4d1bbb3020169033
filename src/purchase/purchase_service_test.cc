#include "purchase/purchase_service.h"

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::purchase {
namespace {

constexpr Micros kDay = 86400LL * 1'000'000;

TEST(PurchaseServiceTest, LoadsEachShopsOrdersIntoItsOwnSnapshot) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  for (std::string shop : {"s1", "s2"}) {
    for (std::string id : {"milk", "bread"}) {
      batch.Add(Product{.shop_id = shop, .external_id = id, .name = id, .price_cents = 100});
    }
  }
  for (int i = 0; i < 3; ++i) {
    const std::string order = "o" + std::to_string(i);
    batch.Add(Order{.shop_id = "s1", .external_id = order, .user_external_id = "u1",
                    .placed_at = (1 + 7 * i) * kDay});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order, .product_external_id = "milk",
                        .quantity = 2});
  }
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());

  PurchaseService service(store->get());
  ASSERT_TRUE(service.LoadAll().ok());
  auto s1 = service.Shop("s1");
  ASSERT_NE(s1, nullptr);
  EXPECT_EQ(s1->Baskets("u1").size(), 3u);
  EXPECT_TRUE(s1->Baskets("nobody").empty());
  auto next = s1->NextBasket("u1", 2);
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(s1->history().product_id(next[0].product), "milk");
  EXPECT_TRUE(next[0].repeat);
  // s2 has products but no orders: an empty snapshot, never s1's orders.
  auto s2 = service.Shop("s2");
  ASSERT_NE(s2, nullptr);
  EXPECT_TRUE(s2->Baskets("u1").empty());
  EXPECT_EQ(service.Shop("unknown"), nullptr);
}

}  // namespace
}  // namespace leafloaf::purchase
