// The generic merchant formats: products, orders, reviews, prices.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/import_test_util.h"

namespace leafloaf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kProducts[] =
    "Product ID,Name,Brand,Category,Price,Size,Dietary Tags,Description,Stock,color\n"
    "p1,Oat Milk,Oatly,Dairy>Milk,$3.49,64 fl oz,Vegan; gluten free|spicy,Oats and water,12,beige\n"
    "p2,Eggs,,Dairy > Eggs,4,12 ct,,,,\n"
    "p3,Bread,,Bakery,abc,,,,,\n"
    "p4,Cheese,,Dairy,5,huge,,,,\n"
    ",Nameless,,,,,,,,\n"
    "p6,Yogurt,,Dairy,1,,,,-3,\n";

TEST_F(ImportTest, GenericProductsColumnsAreHeaderBasedAndValidated) {
  std::string path = Write("products.csv", kProducts);
  ImportReport report = Import("products", {path});
  EXPECT_THAT(
      Errors(report),
      ElementsAre("products.csv:4: bad Price 'abc': not an amount",
                  "products.csv:5: bad Size 'huge': no amount with a known unit",
                  "products.csv:6: missing Product ID", "products.csv:7: bad stock: negative"));
  auto milk = store_->GetProduct("s", "p1");
  ASSERT_TRUE(milk.ok()) << milk.status();
  EXPECT_EQ(milk->brand, "Oatly");
  EXPECT_EQ(milk->category, "Dairy > Milk");
  EXPECT_EQ(milk->price_cents, 349);
  EXPECT_EQ(milk->size, 64);
  EXPECT_EQ(milk->unit, "fl oz");
  EXPECT_THAT(milk->dietary_tags, ElementsAre("gluten-free", "vegan"));
  EXPECT_EQ(milk->description, "Oats and water");
  EXPECT_EQ(milk->stock, 12);
  EXPECT_THAT(milk->attributes, HasSubstr("\"color\":\"beige\""));
  EXPECT_THAT(milk->attributes, HasSubstr("\"unknown_dietary_tags\":[\"spicy\"]"));
  auto eggs = store_->GetProduct("s", "p2");
  ASSERT_TRUE(eggs.ok());
  EXPECT_EQ(eggs->stock, -1);
  EXPECT_EQ(eggs->unit, "ct");
  EXPECT_EQ(Counts().products, 2);
}

TEST_F(ImportTest, GenericOrdersNeedKnownProductsAndAreNeverHalfWritten) {
  Import("products", {Write("products.csv", kProducts)});
  std::string path = Write("orders.csv",
                           "order_id,customer_id,order_date,product_id,quantity,unit_price,"
                           "discount,channel\n"
                           "o1,u1,2024-03-01 10:00:00,p1,2,3.49,0.50,web\n"
                           "o1,u1,2024-03-01 10:00:00,p2,1,4.00,,web\n"
                           "o2,u2,2024-03-02,zzz,1,1,,app\n"               // unknown product
                           "o3,u3,yesterday,p1,1,1,,app\n"                 // bad date
                           "o4,u4,2024-03-02,p1,0,1,,app\n"                // bad quantity
                           "o5,u5,3/4/2024,,,,,app\n"                      // order without lines
                           "o1,u1,2024-03-01 10:00:00,p1,1,3.49,,web\n");  // adds to o1 x p1
  ImportReport report = Import("orders", {path});
  EXPECT_THAT(Errors(report), ElementsAre("orders.csv:4: unknown product 'zzz'",
                                          "orders.csv:5: bad order_date 'yesterday': expected "
                                          "YYYY-MM-DD[ HH:MM:SS] or M/D/YYYY",
                                          "orders.csv:6: bad quantity: must be positive"));
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.orders, 2);  // o1, o5: no order left behind by a rejected row
  EXPECT_EQ(counts.order_lines, 2);
  auto orders = store_->ListUserOrders("s", "u1", 10);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_THAT(orders->at(0).order.attributes, HasSubstr("\"channel\":\"web\""));
  for (const OrderLine& line : orders->at(0).lines) {
    if (line.product_external_id == "p1") {
      EXPECT_EQ(line.quantity, 3);
      EXPECT_EQ(line.unit_price_cents, 349);
      EXPECT_EQ(line.discount_cents, 50);
    }
  }
  Import("orders", {path});
  EXPECT_EQ(Counts(), counts);
}

TEST_F(ImportTest, GenericReviewsDeriveStableIds) {
  Import("products", {Write("products.csv", kProducts)});
  std::string path = Write("reviews.tsv",
                           "product_id\trating\ttext\tuser_id\tdate\n"
                           "p1\t5\tLove it\tu1\t2024-01-02\n"
                           "p1\t4\tGood\t\t\n"
                           "p1\t7\tToo good\tu2\t\n"
                           "nope\t3\tMeh\tu3\t\n"
                           "p2\t\t\tu4\t\n");
  ImportReport report = Import("reviews", {path});
  EXPECT_THAT(Errors(report), ElementsAre("reviews.tsv:4: bad rating '7': not 1..5",
                                          "reviews.tsv:5: unknown product 'nope'",
                                          "reviews.tsv:6: review has neither rating nor text"));
  EXPECT_EQ(Counts().reviews, 2);
  Import("reviews", {path});
  EXPECT_EQ(Counts().reviews, 2);
}

TEST_F(ImportTest, GenericPricesTakeTheGrocerMaticLayout) {
  Import("products", {Write("products.csv", kProducts)});
  std::string path =
      Write("prices.csv",
            "snapshot_date,retailer,name,url,price_aud,quantity,unit_price_aud\n"
            "2023-06-28,aldi,\"Ready, Set Cook! Wings\",https://a/1,6.99,0.55,12.71\n"
            "2023-06-28,coles,Milk,,2.10,1,2.1\n"
            "2023-06-28,,Milk,,2.10,1,2.1\n"
            "2023-06-28,coles,Milk,,free,1,2.1\n");
  ImportReport report = Import("prices", {path});
  EXPECT_THAT(Errors(report), ElementsAre("prices.csv:4: missing retailer",
                                          "prices.csv:5: bad price_aud 'free': not an amount"));
  EXPECT_EQ(Counts().competitor_prices, 2);
  Import("prices", {path});
  EXPECT_EQ(Counts().competitor_prices, 2);

  std::string matched = Write("matched.csv",
                              "competitor,competitor_sku,price,observed_at,product_id\n"
                              "kroger,k1,3.99,2024-01-01,p1\n"
                              "kroger,k2,3.99,2024-01-01,p9\n");
  EXPECT_THAT(Errors(Import("prices", {matched})),
              ElementsAre("matched.csv:3: unknown product 'p9'"));
}

}  // namespace
}  // namespace leafloaf
