#include "cart/cart_service.h"

#include "gtest/gtest.h"
#include "purchase/purchase_service.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::cart {
namespace {

class CartServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("leafloaf.db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    WriteBatch batch;
    batch.Add(Product{.shop_id = "s1", .external_id = "milk", .name = "Milk", .price_cents = 250,
                      .stock = 10});
    batch.Add(Product{.shop_id = "s1", .external_id = "bread", .name = "Bread", .price_cents = 300});
    // One earlier order so the purchase snapshot knows both products.
    batch.Add(Order{.shop_id = "s1", .external_id = "old", .user_external_id = "u0",
                    .placed_at = 1'000'000});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "old", .product_external_id = "milk"});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "old", .product_external_id = "bread"});
    ASSERT_TRUE(store_->Write(std::move(batch)).status.ok());
    purchases_ = std::make_unique<purchase::PurchaseService>(
        store_.get(), purchase::PurchaseService::Options{.tune = false});
    service_ = std::make_unique<CartService>(
        CartService::Services{.store = store_.get(), .clock = &clock_, .purchases = purchases_.get()});
  }

  std::vector<Event> Events() {
    std::vector<Event> events;
    EXPECT_TRUE(store_->ScanEvents("s1", 0, [&](const Event& e) {
      events.push_back(e);
      return absl::OkStatus();
    }).ok());
    return events;
  }

  leafloaf::testing::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<purchase::PurchaseService> purchases_;
  std::unique_ptr<CartService> service_;
  const Actor u1_{"s1", "u1", "sess-1"};
};

TEST_F(CartServiceTest, ChangesAreRecordedAsCartEvents) {
  auto added = service_->Add(u1_, "milk", 2);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->quantity_before, 0);
  EXPECT_EQ(added->quantity_after, 2);
  ASSERT_TRUE(service_->Add(u1_, "bread", 1).ok());
  auto set = service_->Set(u1_, "milk", 1);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->quantity_before, 2);
  auto same = service_->Set(u1_, "milk", 1);  // no change: no event
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed());
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "add_to_cart");
  EXPECT_EQ(events[0].quantity, 2);
  EXPECT_EQ(events[0].session_id, "sess-1");
  EXPECT_EQ(events[2].type, "remove_from_cart");
  EXPECT_EQ(events[2].quantity, 1);
  auto cart = service_->Get("s1", "u1");
  ASSERT_TRUE(cart.ok());
  EXPECT_EQ(cart->subtotal_cents, 250 + 300);
  EXPECT_EQ(cart->total_quantity, 2);
  // A rejected change records no event.
  EXPECT_EQ(service_->Add(u1_, "ghost", 1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Events().size(), 3u);
}

TEST_F(CartServiceTest, CheckoutWithAKeyIsPlacedOnce) {
  ASSERT_TRUE(service_->Add(u1_, "milk", 3).ok());
  auto first = service_->Checkout(u1_, "key-1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->order.order.external_id, CartService::OrderIdForKey("s1", "u1", "key-1"));
  EXPECT_EQ(first->total_cents, 750);
  ASSERT_TRUE(service_->Add(u1_, "bread", 1).ok());
  auto retry = service_->Checkout(u1_, "key-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->order.order.external_id, first->order.order.external_id);
  EXPECT_EQ(retry->order.lines.size(), 1u);
  EXPECT_EQ(store_->GetProduct("s1", "milk")->stock, 7);
  // A new key places the new cart.
  auto second = service_->Checkout(u1_, "key-2");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->replayed);
  EXPECT_NE(second->order.order.external_id, first->order.order.external_id);
  // No key: a fresh random id each time; an empty cart is refused.
  EXPECT_EQ(service_->Checkout(u1_, "").status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(CartServiceTest, OrderIdsDependOnShopUserAndKey) {
  const std::string id = CartService::OrderIdForKey("s1", "u1", "k");
  EXPECT_EQ(id.size(), 3u + 24u);
  EXPECT_EQ(id, CartService::OrderIdForKey("s1", "u1", "k"));
  EXPECT_NE(id, CartService::OrderIdForKey("s1", "u2", "k"));
  EXPECT_NE(id, CartService::OrderIdForKey("s2", "u1", "k"));
  EXPECT_NE(id, CartService::OrderIdForKey("s1", "u1", "k2"));
  EXPECT_NE(CartService::OrderIdForKey("s1", "u1k", ""), CartService::OrderIdForKey("s1", "u1", "k"));
}

TEST_F(CartServiceTest, APlacedOrderReachesPurchaseIntelligenceAtOnce) {
  auto shop = purchases_->Shop("s1");
  ASSERT_TRUE(shop->Baskets("u1").empty());
  ASSERT_TRUE(service_->Add(u1_, "milk", 2).ok());
  ASSERT_TRUE(service_->Checkout(u1_, "k").ok());
  auto after = purchases_->Shop("s1");
  ASSERT_EQ(after->Baskets("u1").size(), 1u);
  EXPECT_EQ(after->Quantity("u1", after->history().FindProduct("milk"))->quantity, 2);
}

}  // namespace
}  // namespace leafloaf::cart
