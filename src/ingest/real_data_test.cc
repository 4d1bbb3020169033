// Imports the real public datasets in ../shared/data (LEAFLOAF_SHARED_DATA)
// and checks counts against their SOURCE.md figures.
//
// data/README.md: the staged Groceries and Complete Journey files have
// their evaluation periods withheld (each Groceries member's last basket,
// the last 8 weeks of Complete Journey transactions), so their row and
// basket counts are below SOURCE.md's (38,765 rows / 14,963 baskets;
// 75,000 lines): those are checked as staged, the rest as in SOURCE.md.
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/import_test_util.h"

namespace leafloaf {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// LEAFLOAF_SHARED_DATA from the environment (the test helper sets it), else
// the folder CMake was configured with, so a plain ./ingest_test finds it.
std::string SharedData() {
  std::string dir = leafloaf::testing::SharedDataDir();
#ifdef LEAFLOAF_DEFAULT_SHARED_DATA
  if (dir.empty() && std::filesystem::is_directory(LEAFLOAF_DEFAULT_SHARED_DATA)) {
    dir = LEAFLOAF_DEFAULT_SHARED_DATA;
  }
#endif
  return dir;
}

// Skips when the datasets are missing, but fails under CI (CI=true).
#define REQUIRE_SHARED_DATA(dir_var)                                                    \
  const std::string dir_var = SharedData();                                             \
  if (dir_var.empty()) {                                                                \
    if (::leafloaf::testing::UnderCi()) FAIL() << "../shared/data is missing under CI"; \
    GTEST_SKIP() << "../shared/data not found (set LEAFLOAF_SHARED_DATA); skipping";    \
  }

std::string Path(const std::string& data, const std::string& relative) {
  return (std::filesystem::path(data) / relative).string();
}

TEST_F(ImportTest, RealGroceries) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report = Import("groceries", {Path(data, "groceries_kaggle")});
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.accepted(), 30'465);  // 38,765 in SOURCE.md before withholding
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.users, 3'898);         // SOURCE.md: 3,898 members
  EXPECT_EQ(counts.products, 167);        // SOURCE.md: 167 distinct items
  EXPECT_EQ(counts.orders, 12'103);       // (member, date) baskets left after withholding
  EXPECT_EQ(counts.order_lines, 29'908);  // distinct (basket, item); repeats add quantity
  Import("groceries", {Path(data, "groceries_kaggle/Groceries_dataset.csv")});
  EXPECT_EQ(Counts(), counts);
}

TEST_F(ImportTest, RealCompleteJourney) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report = Import("completejourney", {Path(data, "completejourney")});
  ASSERT_EQ(report.files.size(), 3u);
  EXPECT_EQ(report.files[0].kind, "demographics");
  EXPECT_EQ(report.files[0].accepted, 801);  // SOURCE.md: 801 data rows
  EXPECT_EQ(report.files[1].kind, "products");
  EXPECT_EQ(report.files[1].accepted, 92'331);  // SOURCE.md: 92,331 products
  EXPECT_EQ(report.files[2].kind, "transactions");
  // 63,324 lines staged (75,000 before withholding): 332 with quantity 0
  // and one of a product missing from products.csv are rejected.
  EXPECT_EQ(report.files[2].accepted, 62'991);
  EXPECT_EQ(report.files[2].rejected, 333);
  EXPECT_EQ(report.unreported_errors, 0);
  EXPECT_THAT(report.notes.size(), 5u);  // campaigns, coupons, ... skipped
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.households, 801);
  EXPECT_EQ(counts.products, 92'331);
  EXPECT_EQ(counts.orders, 39'779);
  EXPECT_EQ(counts.order_lines, 62'991);
  EXPECT_EQ(counts.users, 2'345);  // households with demographics or accepted baskets
  auto product = store_->GetProduct("s", "26190");
  ASSERT_TRUE(product.ok());
  EXPECT_EQ(product->name, "Private Label Apple Sauce, 50 oz");
  EXPECT_EQ(product->category, "Grocery > Fruit - Shelf Stable > Apple Sauce");
}

TEST_F(ImportTest, RealInstacartRandomOrders) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report = Import("instacart", {Path(data, "instacart_samples/random_orders_sample")});
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.products, 9'288);  // SOURCE.md
  EXPECT_EQ(counts.orders, 3'220);    // SOURCE.md
  EXPECT_EQ(counts.users, 3'159);     // SOURCE.md
  // 32,290 lines; the lines of the 201 orders absent from orders.csv are
  // rejected as unknown orders.
  ASSERT_EQ(report.files.size(), 5u);
  EXPECT_EQ(report.files[4].kind, "order_products");
  EXPECT_EQ(report.files[4].accepted + report.files[4].rejected, 32'290);
  EXPECT_EQ(report.files[4].rejected, 2'169);
  EXPECT_EQ(counts.order_lines, 30'121);
  ASSERT_FALSE(report.errors.empty());
  EXPECT_THAT(report.errors[0].reason, HasSubstr("unknown order"));
  auto product = store_->GetProduct("s", "1");
  ASSERT_TRUE(product.ok());
  EXPECT_EQ(product->name, "Chocolate Sandwich Cookies");
  EXPECT_EQ(product->category, "Snacks > Cookies Cakes");
}

TEST_F(ImportTest, RealInstacartUserHistories) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report =
      Import("instacart", {Path(data, "instacart_samples/user_histories_sample")});
  EXPECT_THAT(report.errors, IsEmpty());
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.products, 577);  // SOURCE.md
  EXPECT_EQ(counts.users, 10);
  EXPECT_EQ(counts.orders, 188);
  EXPECT_EQ(counts.order_lines, 1'468);
  auto orders = store_->ListUserOrders("s", "1", 200);
  ASSERT_TRUE(orders.ok());
  ASSERT_FALSE(orders->empty());
  for (const OrderWithLines& order : *orders) {
    EXPECT_GE(order.order.placed_at, *ParseIsoTime("2017-01-01"));
  }
}

TEST_F(ImportTest, RealSuperstore) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report = Import("superstore", {Path(data, "superstore")});
  EXPECT_THAT(report.errors, IsEmpty());
  ShopCounts counts = Counts();
  EXPECT_EQ(report.files.back().accepted, 10'194);  // SOURCE.md: 10,194 rows
  EXPECT_EQ(counts.orders, 5'111);                  // SOURCE.md
  EXPECT_EQ(counts.users, 804);                     // SOURCE.md
  EXPECT_EQ(counts.products, 1'862);                // SOURCE.md
  EXPECT_EQ(counts.order_lines, 10'183);            // 11 repeated order x product rows add up
  auto orders = store_->ListUserOrders("s", "DP-13000", 50);
  ASSERT_TRUE(orders.ok());
  ASSERT_FALSE(orders->empty());
  EXPECT_THAT(orders->back().order.attributes,
              AllOf(HasSubstr("\"region\":"), HasSubstr("\"regional_manager\":")));
}

TEST_F(ImportTest, RealOpenFoodFacts) {
  REQUIRE_SHARED_DATA(data);
  ImportReport report = Import("openfoodfacts", {Path(data, "openfoodfacts_lifyzer_us_subset")});
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(Counts().products, 25'000);  // SOURCE.md
  auto truffles = store_->GetProduct("s", "0002859038722");
  ASSERT_TRUE(truffles.ok());
  EXPECT_EQ(truffles->name, "Fancy Truffles");
  EXPECT_THAT(truffles->attributes, HasSubstr("\"fat_g\":47.5"));
}

}  // namespace
}  // namespace leafloaf
