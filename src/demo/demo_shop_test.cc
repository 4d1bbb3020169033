#include "demo/demo_shop.h"

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf {
namespace {

std::unique_ptr<Store> OpenStore(const testing::TempDir& dir) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenSqliteStore({.path = dir.File("leafloaf.db"), .synchronous_full = false});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

void ExpectCounts(Store& store, const DemoSummary& summary) {
  absl::StatusOr<ShopCounts> counts = store.CountRows("demo");
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->products, summary.products);
  EXPECT_EQ(counts->households, summary.households);
  EXPECT_EQ(counts->users, summary.users);
  EXPECT_EQ(counts->orders, summary.orders);
  EXPECT_EQ(counts->order_lines, summary.order_lines);
}

// The full catalog and six months of orders, for a quarter of the shoppers
// to keep the test quick; the records exercise every mutation kind.
TEST(DemoShopTest, WritesTheShopAndRewritingKeepsTheCounts) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenStore(dir);
  ASSERT_NE(store, nullptr);
  DemoOptions options;
  options.shoppers = 250;
  absl::StatusOr<DemoSummary> first = GenerateDemoShop(*store, options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->products, 5000);
  EXPECT_EQ(first->users, 250);
  EXPECT_GE(first->orders, 4000);
  EXPECT_EQ(first->mutations, 1 + first->products + first->households + first->users +
                                  first->orders + first->order_lines);
  EXPECT_EQ(first->batches, (first->mutations + 1999) / 2000);
  ExpectCounts(*store, *first);

  absl::StatusOr<DemoSummary> second = GenerateDemoShop(*store, options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->fingerprint, first->fingerprint);
  ExpectCounts(*store, *first);
  absl::StatusOr<std::vector<std::string>> shops = store->ListShops();
  ASSERT_TRUE(shops.ok());
  EXPECT_EQ(*shops, std::vector<std::string>{"demo"});
  store->Close();
}

TEST(DemoShopTest, StoredRecordsReadBack) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenStore(dir);
  ASSERT_NE(store, nullptr);
  DemoOptions options;
  options.shoppers = 40;
  options.months = 2;
  options.batch_size = 500;
  absl::StatusOr<DemoData> data = GenerateDemoData(options);
  ASSERT_TRUE(data.ok()) << data.status();
  absl::StatusOr<DemoSummary> summary = WriteDemoData(*store, *data, options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ExpectCounts(*store, *summary);

  const Product& expected = data->catalog.products[41];
  absl::StatusOr<Product> product = store->GetProduct("demo", expected.external_id);
  ASSERT_TRUE(product.ok()) << product.status();
  EXPECT_EQ(product->name, expected.name);
  EXPECT_EQ(product->price_cents, expected.price_cents);
  EXPECT_EQ(product->dietary_tags, expected.dietary_tags);
  EXPECT_EQ(product->unit, expected.unit);

  const User& shopper = data->population.users[3];
  absl::StatusOr<User> user = store->GetUser("demo", shopper.external_id);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->household_external_id, shopper.household_external_id);
  EXPECT_EQ(user->attributes, shopper.attributes);
  absl::StatusOr<std::vector<OrderWithLines>> orders =
      store->ListUserOrders("demo", shopper.external_id, 1000);
  ASSERT_TRUE(orders.ok()) << orders.status();
  int expected_orders = 0;
  for (const Order& order : data->history.orders) {
    expected_orders += order.user_external_id == shopper.external_id;
  }
  EXPECT_EQ(static_cast<int>(orders->size()), expected_orders);
  ASSERT_FALSE(orders->empty());
  EXPECT_FALSE(orders->front().lines.empty());
  store->Close();
}

TEST(DemoShopTest, ReportsAClosedStore) {
  testing::TempDir dir;
  std::unique_ptr<Store> store = OpenStore(dir);
  ASSERT_NE(store, nullptr);
  store->Close();
  DemoOptions options;
  options.shoppers = 5;
  options.months = 1;
  absl::StatusOr<DemoSummary> summary = GenerateDemoShop(*store, options);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace leafloaf
