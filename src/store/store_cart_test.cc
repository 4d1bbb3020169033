// The Store contract for carts and checkout (write_batch.h: CartUpdate,
// ClearCart, Checkout), run against every backend.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "store/store_contract_fixture.h"

namespace leafloaf {
namespace {

class StoreCartTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    Product milk = MakeProduct("s1", "MILK", "Milk", "Dairy", "Acme", 250);
    milk.stock = 5;
    Product eggs = MakeProduct("s1", "EGGS", "Eggs", "Dairy", "Acme", 399);  // stock not tracked
    ASSERT_TRUE(WriteOne(milk).results.at(0).ok());
    ASSERT_TRUE(WriteOne(eggs).results.at(0).ok());
    ASSERT_TRUE(WriteOne(MakeProduct("s2", "MILK", "Other shop's milk", "Dairy")).results.at(0).ok());
  }

  absl::Status Set(std::string product, double quantity, std::string user = "U1") {
    return WriteOne(CartUpdate{"s1", std::move(user), std::move(product), quantity,
                               CartUpdate::Mode::kSet})
        .results.at(0);
  }
  absl::Status Add(std::string product, double quantity, std::string user = "U1") {
    return WriteOne(CartUpdate{"s1", std::move(user), std::move(product), quantity,
                               CartUpdate::Mode::kAdd})
        .results.at(0);
  }
  WriteResult CheckOut(std::string order, std::string user = "U1") {
    return WriteOne(Checkout{.shop_id = "s1", .user_external_id = std::move(user),
                             .order_external_id = std::move(order), .session_id = "sess"});
  }
  std::vector<std::pair<std::string, double>> Cart(std::string user = "U1") {
    auto cart = store_->GetCart("s1", user);
    EXPECT_TRUE(cart.ok()) << cart.status();
    std::vector<std::pair<std::string, double>> out;
    if (cart.ok()) {
      for (const CartLine& l : *cart) out.emplace_back(l.product.external_id, l.quantity);
    }
    return out;
  }
  using Lines = std::vector<std::pair<std::string, double>>;
};

TEST_P(StoreCartTest, SetAddAndRemoveLinesKeepingTheirOrder) {
  ASSERT_TRUE(Add("MILK", 1).ok());
  ASSERT_TRUE(Add("EGGS", 2).ok());
  ASSERT_TRUE(Add("MILK", 2).ok());
  EXPECT_EQ(Cart(), (Lines{{"MILK", 3}, {"EGGS", 2}}));
  ASSERT_TRUE(Set("MILK", 1).ok());
  EXPECT_EQ(Cart(), (Lines{{"MILK", 1}, {"EGGS", 2}}));
  ASSERT_TRUE(Set("MILK", 0).ok());
  EXPECT_EQ(Cart(), (Lines{{"EGGS", 2}}));
  // Setting an absent line to 0 changes nothing and is no error.
  WriteResult again = WriteOne(CartUpdate{"s1", "U1", "MILK", 0, CartUpdate::Mode::kSet});
  ASSERT_TRUE(again.results.at(0).ok());
  EXPECT_EQ(again.ids.at(0), 0);
  auto cart = store_->GetCart("s1", "U1");
  ASSERT_TRUE(cart.ok());
  EXPECT_EQ(cart->at(0).product.name, "Eggs");
  EXPECT_EQ(cart->at(0).product.price_cents, 399);
  EXPECT_TRUE(cart->at(0).available);
  EXPECT_GT(cart->at(0).updated_at, 0);
}

TEST_P(StoreCartTest, BadUpdatesAreRejectedAndChangeNothing) {
  ASSERT_TRUE(Add("MILK", 2).ok());
  EXPECT_EQ(Add("NOPE", 1).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Add("MILK", 0).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("MILK", -1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Set("MILK", -1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Set("MILK", std::nan("")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Set("MILK", kMaxCartQuantity + 1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("MILK", kMaxCartQuantity).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Cart(), (Lines{{"MILK", 2}}));
  // An unknown user's failed update creates no user.
  EXPECT_EQ(Add("NOPE", 1, "GHOST").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser("s1", "GHOST").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(StoreCartTest, CartsAreScopedToShopAndUser) {
  ASSERT_TRUE(Add("MILK", 1, "U1").ok());
  ASSERT_TRUE(Add("EGGS", 4, "U2").ok());
  EXPECT_EQ(Cart("U1"), (Lines{{"MILK", 1}}));
  EXPECT_EQ(Cart("U2"), (Lines{{"EGGS", 4}}));
  auto other_shop = store_->GetCart("s2", "U1");
  ASSERT_TRUE(other_shop.ok());
  EXPECT_TRUE(other_shop->empty());
  // s1's cart can not name s2's product ids to reach s2's rows.
  ASSERT_TRUE(WriteOne(CartUpdate{"s2", "U1", "MILK", 1, CartUpdate::Mode::kAdd}).results.at(0).ok());
  EXPECT_EQ(Cart("U1"), (Lines{{"MILK", 1}}));
  auto s2 = store_->GetCart("s2", "U1");
  ASSERT_TRUE(s2.ok());
  ASSERT_EQ(s2->size(), 1u);
  EXPECT_EQ(s2->at(0).product.name, "Other shop's milk");
}

TEST_P(StoreCartTest, ClearCartEmptiesOneUsersCart) {
  ASSERT_TRUE(Add("MILK", 1, "U1").ok());
  ASSERT_TRUE(Add("EGGS", 1, "U1").ok());
  ASSERT_TRUE(Add("EGGS", 1, "U2").ok());
  WriteResult r = WriteOne(ClearCart{"s1", "U1"});
  ASSERT_TRUE(r.results.at(0).ok());
  EXPECT_EQ(r.ids.at(0), 2);
  EXPECT_TRUE(Cart("U1").empty());
  EXPECT_EQ(Cart("U2"), (Lines{{"EGGS", 1}}));
}

TEST_P(StoreCartTest, CheckoutPlacesThePricedOrderAndEmptiesTheCart) {
  ASSERT_TRUE(Add("MILK", 2).ok());
  ASSERT_TRUE(Add("EGGS", 1).ok());
  WriteResult r = CheckOut("O-1");
  ASSERT_TRUE(r.results.at(0).ok()) << r.results.at(0);
  EXPECT_EQ(r.ids.at(0), 1);
  EXPECT_TRUE(Cart().empty());
  auto order = store_->GetOrder("s1", "O-1");
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->order.user_external_id, "U1");
  EXPECT_EQ(order->order.status, "placed");
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].product_external_id, "MILK");
  EXPECT_DOUBLE_EQ(order->lines[0].quantity, 2);
  EXPECT_EQ(order->lines[0].unit_price_cents, 250);
  EXPECT_EQ(order->lines[1].unit_price_cents, 399);
  // Tracked stock went down; untracked stayed untracked.
  EXPECT_EQ(store_->GetProduct("s1", "MILK")->stock, 3);
  EXPECT_EQ(store_->GetProduct("s1", "EGGS")->stock, -1);
  // One purchase event per line, tied to the order.
  std::vector<Event> events;
  ASSERT_TRUE(store_->ScanEvents("s1", 0, [&](const Event& e) {
    events.push_back(e);
    return absl::OkStatus();
  }).ok());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "purchase");
  EXPECT_EQ(events[0].product_external_id, "MILK");
  EXPECT_DOUBLE_EQ(events[0].quantity, 2);
  EXPECT_EQ(events[0].session_id, "sess");
  EXPECT_EQ(events[0].context, R"({"order_id":"O-1"})");
  EXPECT_EQ(events[0].at, order->order.placed_at);
  // The order is in the user's history like an imported one.
  auto orders = store_->ListUserOrders("s1", "U1", 10);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
}

TEST_P(StoreCartTest, RetriedCheckoutReturnsTheSameOrder) {
  ASSERT_TRUE(Add("MILK", 1).ok());
  ASSERT_EQ(CheckOut("O-1").ids.at(0), 1);
  ASSERT_TRUE(Add("EGGS", 1).ok());  // a new cart after the first checkout
  WriteResult retry = CheckOut("O-1");
  ASSERT_TRUE(retry.results.at(0).ok()) << retry.results.at(0);
  EXPECT_EQ(retry.ids.at(0), 0);
  EXPECT_EQ(store_->GetOrder("s1", "O-1")->lines.size(), 1u);
  EXPECT_EQ(Cart(), (Lines{{"EGGS", 1}}));  // untouched by the retry
  EXPECT_EQ(store_->GetProduct("s1", "MILK")->stock, 4);
  // Another user can not claim the order id.
  ASSERT_TRUE(Add("EGGS", 1, "U2").ok());
  EXPECT_EQ(CheckOut("O-1", "U2").results.at(0).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Cart("U2"), (Lines{{"EGGS", 1}}));
}

TEST_P(StoreCartTest, CheckoutRefusesEmptyCartsShortStockAndDeletedProducts) {
  EXPECT_EQ(CheckOut("O-1").results.at(0).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckOut("O-1", "NEVER-SEEN").results.at(0).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Add("EGGS", 1).ok());
  ASSERT_TRUE(Add("MILK", 6).ok());  // 5 in stock
  absl::Status short_stock = CheckOut("O-1").results.at(0);
  EXPECT_EQ(short_stock.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(short_stock.message().find("MILK"), std::string::npos) << short_stock;
  EXPECT_EQ(store_->GetOrder("s1", "O-1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Cart(), (Lines{{"EGGS", 1}, {"MILK", 6}}));
  EXPECT_EQ(store_->GetProduct("s1", "MILK")->stock, 5);
  // Fractional quantities need the rounded-up stock.
  ASSERT_TRUE(Set("MILK", 4.5).ok());
  ASSERT_TRUE(CheckOut("O-2").results.at(0).ok());
  EXPECT_EQ(store_->GetProduct("s1", "MILK")->stock, 0);
  // A product deleted while in a cart shows as unavailable and blocks checkout.
  ASSERT_TRUE(Add("EGGS", 1).ok());
  ASSERT_TRUE(WriteOne(DeleteProduct{"s1", "EGGS"}).results.at(0).ok());
  auto cart = store_->GetCart("s1", "U1");
  ASSERT_TRUE(cart.ok());
  ASSERT_EQ(cart->size(), 1u);
  EXPECT_FALSE(cart->at(0).available);
  absl::Status deleted = CheckOut("O-3").results.at(0);
  EXPECT_EQ(deleted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(deleted.message().find("no longer sold"), std::string::npos) << deleted;
  // The deleted line can be removed, and then the rest is bought.
  Product restocked = MakeProduct("s1", "MILK", "Milk", "Dairy", "Acme", 250);
  restocked.stock = 5;
  ASSERT_TRUE(WriteOne(restocked).results.at(0).ok());
  ASSERT_TRUE(Add("MILK", 0.5).ok());
  WriteResult removed = WriteOne(CartUpdate{"s1", "U1", "EGGS", 0, CartUpdate::Mode::kSet});
  ASSERT_TRUE(removed.results.at(0).ok()) << removed.results.at(0);
  EXPECT_EQ(removed.ids.at(0), 1);
  EXPECT_TRUE(CheckOut("O-3").results.at(0).ok());
  // Removing what is not there (or never existed) changes nothing and creates no user.
  WriteResult nothing = WriteOne(CartUpdate{"s1", "GHOST", "NOPE", 0, CartUpdate::Mode::kSet});
  ASSERT_TRUE(nothing.results.at(0).ok());
  EXPECT_EQ(nothing.ids.at(0), 0);
  EXPECT_EQ(store_->GetUser("s1", "GHOST").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(StoreCartTest, CartsAndOrdersSurviveReopen) {
  ASSERT_TRUE(Add("MILK", 2).ok());
  ASSERT_TRUE(Add("EGGS", 1, "U2").ok());
  ASSERT_TRUE(CheckOut("O-9", "U2").results.at(0).ok());
  Reopen();
  EXPECT_EQ(Cart(), (Lines{{"MILK", 2}}));
  EXPECT_TRUE(store_->GetOrder("s1", "O-9").ok());
}

TEST_P(StoreCartTest, ErasingAUserEmptiesTheCartButKeepsOrders) {
  ASSERT_TRUE(Add("MILK", 1).ok());
  ASSERT_TRUE(CheckOut("O-1").results.at(0).ok());
  ASSERT_TRUE(Add("EGGS", 1).ok());
  ASSERT_TRUE(WriteOne(EraseUserActivity{"s1", "U1"}).results.at(0).ok());
  EXPECT_TRUE(Cart().empty());
  EXPECT_TRUE(store_->GetOrder("s1", "O-1").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCartTest, ::testing::ValuesIn(StoreBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace leafloaf
