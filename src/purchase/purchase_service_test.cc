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
  auto s1 = service.Shop("s1");  // built on first use
  ASSERT_NE(s1, nullptr);
  EXPECT_EQ(s1->Baskets("u1").size(), 3u);
  EXPECT_TRUE(s1->Baskets("nobody").empty());
  auto next = s1->NextBasket("u1", 2);
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(s1->history().product_id(next[0].product), "milk");
  EXPECT_TRUE(next[0].repeat);
  // s2 has products but no orders: an empty snapshot, never s1's orders.
  EXPECT_EQ(service.Shop("s1"), s1);  // the same snapshot, not a rebuild
  auto s2 = service.Shop("s2");
  ASSERT_NE(s2, nullptr);
  EXPECT_TRUE(s2->Baskets("u1").empty());
  ASSERT_NE(service.Shop("unknown"), nullptr);  // no orders: an empty snapshot
  EXPECT_EQ(service.Shop("unknown")->history().num_baskets(), 0u);
  service.WaitForTuning();
  ASSERT_TRUE(service.LoadAll().ok());
  EXPECT_NE(service.Shop("s1"), s1);  // rebuilt and swapped
  // One user with baskets: too few to tune on; the defaults stay.
  EXPECT_FALSE(s1->TuneNextBasket(nullptr));
  EXPECT_EQ(s1->next_basket_options().prior_strength, RepeatBlendOptions{}.prior_strength);
}

TEST(PurchaseServiceTest, TuningSwapsInTheBestOptionsAndCanBeCancelled) {
  PurchaseHistory history;
  // 30 users who each buy their own product every week, plus a bestseller
  // now and then: repeats win, so tuning moves away from the default.
  for (int u = 0; u < 30; ++u) {
    const std::string user = "u" + std::to_string(u), own = "p" + std::to_string(u);
    for (int week = 0; week < 6; ++week) {
      std::vector<std::pair<std::string_view, double>> lines{{own, 1}};
      if (week % 3 == 0) lines.push_back({"bestseller", 1});
      history.AddOrder(user, (1 + 7 * week) * kDay + u, lines);
    }
  }
  history.Finish();
  ShopPurchases shop(std::move(history));
  std::atomic<bool> cancelled{true};
  EXPECT_FALSE(shop.TuneNextBasket(&cancelled));
  EXPECT_TRUE(shop.TuneNextBasket(nullptr));
  auto next = shop.NextBasket("u7", 1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(shop.history().product_id(next[0].product), "p7");
}

TEST(PurchaseServiceTest, NewOrdersReachTheUsersFeaturesAtOnceAndUnknownProductsARebuild) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  for (std::string id : {"milk", "bread", "jam"}) {
    batch.Add(Product{.shop_id = "s1", .external_id = id, .name = id, .price_cents = 100});
  }
  for (int i = 0; i < 2; ++i) {
    const std::string order = "o" + std::to_string(i);
    batch.Add(Order{.shop_id = "s1", .external_id = order, .user_external_id = "u1",
                    .placed_at = (1 + 7 * i) * kDay});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order, .product_external_id = "milk",
                        .quantity = 2});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order, .product_external_id = "bread",
                        .quantity = 1});
  }
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());
  PurchaseService service(store->get(), {.tune = false, .min_rebuild_interval = absl::ZeroDuration()});
  auto before = service.Shop("s1");
  ASSERT_EQ(before->Baskets("u1").size(), 2u);
  EXPECT_EQ(before->Quantity("u1", before->history().FindProduct("milk"))->quantity, 2);

  // A new user's first order of known products: seen at once, no rebuild.
  service.OnOrder("s1", {.user_id = "u2", .placed_at = 20 * kDay, .lines = {{"milk", 3}}});
  auto shop = service.Shop("s1");
  EXPECT_EQ(shop, before);
  ASSERT_EQ(shop->Baskets("u2").size(), 1u);
  EXPECT_EQ(shop->Quantity("u2", shop->history().FindProduct("milk"))->quantity, 3);
  // The known user's third order changes their quantity memory and baskets.
  service.OnOrder("s1", {.user_id = "u1", .placed_at = 15 * kDay,
                         .lines = {{"milk", 4}, {"milk", 4}, {"bread", 1}}});
  ASSERT_EQ(shop->Baskets("u1").size(), 3u);
  EXPECT_EQ(shop->Baskets("u1").span().back().placed_at, 15 * kDay);
  EXPECT_EQ(shop->Quantity("u1", shop->history().FindProduct("milk"))->quantity, 2);  // median 2,2,8
  service.WaitForTuning();
  EXPECT_EQ(service.rebuilds(), 0);

  // An order with a product the snapshot never saw schedules a rebuild; the
  // rebuilt snapshot reads the order from the store when it was written
  // there, and carries it over when it was not (here: never written).
  service.OnOrder("s1", {.user_id = "u3", .placed_at = 21 * kDay, .lines = {{"jam", 1}}});
  service.WaitForTuning();
  EXPECT_EQ(service.rebuilds(), 1);
  auto rebuilt = service.Shop("s1");
  ASSERT_NE(rebuilt, before);
  EXPECT_EQ(rebuilt->Baskets("u1").size(), 3u);  // carried over
  EXPECT_EQ(rebuilt->Baskets("u2").size(), 1u);
  EXPECT_TRUE(rebuilt->Baskets("u3").empty());  // jam is still unknown to the store's orders
}

}  // namespace
}  // namespace leafloaf::purchase
