// The public-dataset formats on small inline fixtures: instacart (both
// layouts), completejourney, superstore, openfoodfacts.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/import_test_util.h"

namespace leafloaf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const OrderLine* FindLine(const std::vector<OrderWithLines>& orders, std::string_view order,
                          std::string_view product) {
  for (const OrderWithLines& o : orders) {
    if (o.order.external_id != order) continue;
    for (const OrderLine& line : o.lines) {
      if (line.product_external_id == product) return &line;
    }
  }
  return nullptr;
}

TEST_F(ImportTest, InstacartDerivesDatesAndCategories) {
  Write("ic/departments.csv", "\"department_id\",\"department\"\n1,\"frozen\"\n");
  Write("ic/aisles.csv", "\"aisle_id\",\"aisle\"\n37,\"ice cream ice\"\n");
  Write("ic/products.csv",
        "\"product_id\",\"product_name\",\"aisle_id\",\"department_id\"\n"
        "5,\"Organic Vanilla Ice Cream\",37,1\n");
  Write("ic/orders.csv",
        "\"order_id\",\"user_id\",\"eval_set\",\"order_number\",\"order_dow\","
        "\"order_hour_of_day\",\"days_since_prior_order\"\n"
        "102,7,\"prior\",3,4,\"16\",2.0\n"
        "100,7,\"prior\",1,2,\"08\",\n"
        "101,7,\"prior\",2,3,\"07\",15.0\n"
        "103,7,\"prior\",4,4,\"25\",1\n");
  Write("ic/order_products__prior.csv",
        "\"order_id\",\"product_id\",\"add_to_cart_order\",\"reordered\"\n"
        "101,5,1,1\n");
  ImportReport report = Import("instacart", {dir_.File("ic")});
  EXPECT_THAT(Errors(report), ElementsAre("orders.csv:5: bad order_hour_of_day: not 0..23"));
  auto product = store_->GetProduct("s", "5");
  ASSERT_TRUE(product.ok()) << product.status();
  EXPECT_EQ(product->category, "Frozen > Ice Cream Ice");
  EXPECT_EQ(product->dietary_tags, std::vector<std::string>{"organic"});
  auto orders = store_->ListUserOrders("s", "7", 10);
  ASSERT_TRUE(orders.ok()) << orders.status();
  std::map<std::string, std::string> placed;
  for (const OrderWithLines& o : *orders)
    placed[o.order.external_id] = FormatIsoTime(o.order.placed_at);
  // Day 0 = 2017-01-01 for order_number 1, then +15 days, then +2 days.
  EXPECT_THAT(
      placed,
      ElementsAre(std::pair<const std::string, std::string>("100", "2017-01-01T08:00:00Z"),
                  std::pair<const std::string, std::string>("101", "2017-01-16T07:00:00Z"),
                  std::pair<const std::string, std::string>("102", "2017-01-18T16:00:00Z")));
  for (const OrderWithLines& o : *orders) {
    if (o.order.external_id == "102") {
      EXPECT_THAT(o.order.attributes, HasSubstr("\"order_number\":3"));
      EXPECT_THAT(o.order.attributes, HasSubstr("\"eval_set\":\"prior\""));
    }
  }
  const OrderLine* line = FindLine(*orders, "101", "5");
  ASSERT_NE(line, nullptr);
  EXPECT_THAT(line->attributes, HasSubstr("\"reordered\":1"));
}

TEST_F(ImportTest, InstacartUserHistoriesLayout) {
  Write("uh/products.csv",
        "product_id,product_name,aisle_id,department_id,aisle,department\n"
        "196,Soda,77,7,soft drinks,beverages\n"
        "14084,Organic Unsweetened Vanilla Almond Milk,91,16,soy lactosefree,dairy eggs\n");
  Write("uh/transactions.csv",
        "order_id,user_id,order_number,order_dow,order_hour_of_day,days_since_prior_order,"
        "product_id,add_to_cart_order,reordered\n"
        "2539329,1,1,2,8,,196,1.0,0.0\n"
        "2539329,1,1,2,8,,14084,2.0,0.0\n"
        "2398795,1,2,3,7,15.0,196,1.0,1.0\n"
        "2398795,1,2,3,7,15.0,555,2.0,0.0\n");
  ImportReport report = Import("instacart", {dir_.File("uh")});
  EXPECT_THAT(Errors(report), ElementsAre("transactions.csv:5: unknown product '555'"));
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.products, 2);
  EXPECT_EQ(counts.orders, 2);
  EXPECT_EQ(counts.order_lines, 3);
  auto milk = store_->GetProduct("s", "14084");
  ASSERT_TRUE(milk.ok());
  EXPECT_EQ(milk->category, "Dairy Eggs > Soy Lactosefree");
  EXPECT_THAT(milk->dietary_tags,
              ElementsAre("dairy-free", "lactose-free", "organic", "plant-based"));
  auto orders = store_->ListUserOrders("s", "1", 10);
  ASSERT_TRUE(orders.ok());
  for (const OrderWithLines& o : *orders) {
    if (o.order.external_id == "2398795") {
      EXPECT_EQ(FormatIsoTime(o.order.placed_at), "2017-01-16T07:00:00Z");
    }
  }
}

TEST_F(ImportTest, CompleteJourneyBuildsNamesHouseholdsAndPrices) {
  Write("cj/demographics.csv",
        "\"household_id\",\"age\",\"income\",\"home_ownership\",\"marital_status\","
        "\"household_size\",\"household_comp\",\"kids_count\"\n"
        "\"1\",\"65+\",\"35-49K\",\"Homeowner\",\"Married\",\"2\",\"2 Adults No Kids\",\"0\"\n"
        "\"2\",\"25-34\",\"15-24K\",,\"Unmarried\",\"5+\",\"2 Adults Kids\",\"3+\"\n");
  Write("cj/products.csv",
        "\"product_id\",\"manufacturer_id\",\"department\",\"brand\",\"product_category\","
        "\"product_type\",\"package_size\"\n"
        "\"25671\",\"2\",\"GROCERY\",\"National\",\"FRZN ICE\",\"ICE - CRUSHED/CUBED\",\"22 LB\"\n"
        "\"26190\",\"69\",\"GROCERY\",\"Private\",\"FRUIT - SHELF STABLE\",\"APPLE SAUCE\",\"50 "
        "OZ\"\n"
        "\"26081\",\"2\",\"MISCELLANEOUS\",\"National\",,,\n");
  Write("cj/transactions_sample.csv",
        "\"household_id\",\"store_id\",\"basket_id\",\"product_id\",\"quantity\",\"sales_value\","
        "\"retail_disc\",\"coupon_disc\",\"coupon_match_disc\",\"week\",\"transaction_timestamp\"\n"
        "\"1\",\"309\",\"31625220889\",\"25671\",2,3.86,0.43,0.1,0,5,\"2017-01-28 19:06:53\"\n"
        "\"1\",\"309\",\"31625220889\",\"26190\",0,1.00,0,0,0,5,\"2017-01-28 19:06:53\"\n"
        "\"3\",\"309\",\"31625220890\",\"99999\",1,1.00,0,0,0,5,\"2017-01-28 19:06:53\"\n"
        "\"3\",\"309\",\"31625220891\",\"26190\",1,1.00,0,0,0,5,\"2017-13-28 19:06:53\"\n"
        "\"3\",\"309\",\"31625220892\",\"26190\",1,1.59,0.9,0,0,10,\"2017-03-01 03:31:57\"\n");
  Write("cj/campaigns.csv", "\"campaign_id\",\"household_id\"\n\"1\",\"105\"\n");
  ImportReport report = Import("completejourney", {dir_.File("cj")});
  EXPECT_THAT(Errors(report),
              ElementsAre("transactions_sample.csv:3: bad quantity '0': must be positive",
                          "transactions_sample.csv:4: unknown product '99999'",
                          "transactions_sample.csv:5: bad transaction_timestamp '2017-13-28 "
                          "19:06:53': expected YYYY-MM-DD[ HH:MM:SS] or M/D/YYYY"));
  EXPECT_THAT(report.notes, ElementsAre(HasSubstr("campaigns.csv: not a completejourney file")));
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.households, 2);
  EXPECT_EQ(counts.products, 3);
  EXPECT_EQ(counts.orders, 2);  // no basket written for the rejected rows
  EXPECT_EQ(counts.order_lines, 2);
  EXPECT_EQ(counts.users, 3);

  auto ice = store_->GetProduct("s", "25671");
  ASSERT_TRUE(ice.ok());
  EXPECT_EQ(ice->name, "Ice - Crushed/Cubed, 22 lb");
  EXPECT_EQ(ice->category, "Grocery > Frzn Ice > Ice - Crushed/Cubed");
  EXPECT_EQ(ice->brand, "National Brand");
  EXPECT_EQ(ice->unit, "lb");
  EXPECT_EQ(ice->size, 22);
  auto sauce = store_->GetProduct("s", "26190");
  ASSERT_TRUE(sauce.ok());
  EXPECT_EQ(sauce->name, "Private Label Apple Sauce, 50 oz");
  auto misc = store_->GetProduct("s", "26081");
  ASSERT_TRUE(misc.ok());
  EXPECT_EQ(misc->name, "Miscellaneous");

  auto user = store_->GetUser("s", "2");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->household_external_id, "2");
  auto orders = store_->ListUserOrders("s", "1", 10);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(FormatIsoTime(orders->at(0).order.placed_at), "2017-01-28T19:06:53Z");
  EXPECT_THAT(orders->at(0).order.attributes, HasSubstr("\"store_id\":\"309\""));
  const OrderLine* line = FindLine(*orders, "31625220889", "25671");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->quantity, 2);
  EXPECT_EQ(line->unit_price_cents, 193);
  EXPECT_EQ(line->discount_cents, 53);
}

TEST_F(ImportTest, SuperstoreLinesReturnsAndDiscounts) {
  const std::string header =
      "\"Row ID\",\"Order ID\",\"Order Date\",\"Ship Date\",\"Ship Mode\",\"Customer ID\","
      "\"Customer Name\",\"Segment\",\"Country/Region\",\"City\",\"State/Province\","
      "\"Postal Code\",\"Region\",\"Product ID\",\"Category\",\"Sub-Category\",\"Product Name\","
      "\"Sales\",\"Quantity\",\"Discount\",\"Profit\"\n";
  Write("ss/superstore_orders.csv",
        header +
            "1,\"US-2019-103800\",\"2019-01-03\",\"2019-01-07\",\"Standard Class\",\"DP-13000\","
            "\"Darren Powers\",\"Consumer\",\"United States\",\"Houston\",\"Texas\",\"77095\","
            "\"Central\",\"OFF-PA-10000174\",\"Office Supplies\",\"Paper\",\"Message Book, "
            "Wirebound, Four 5 1/2\"\" X 4\"\" Forms\",16.448,2,0.2,5.5512\n"
            "2,\"US-2019-112326\",\"1/4/2019\",\"2019-01-08\",\"Standard Class\",\"PO-19195\","
            "\"Phillina Ober\",\"Home Office\",\"United States\",\"Naperville\",\"Illinois\","
            "\"60540\",\"Central\",\"OFF-BI-10004094\",\"Office Supplies\",\"Binders\",\"GBC "
            "Combs\",3.54,2,0.8,-5.487\n"
            "3,\"US-2019-112327\",\"2019-01-04\",\"2019-01-08\",\"Standard Class\",\"PO-19195\","
            "\"Phillina Ober\",\"Home Office\",\"United States\",\"Naperville\",\"Illinois\","
            "\"60540\",\"Central\",\"OFF-BI-10004094\",\"Office Supplies\",\"Binders\",\"GBC "
            "Combs\",abc,2,0.8,-5.487\n");
  Write("ss/superstore_returns.csv", "\"Returned\",\"Order ID\"\n\"Yes\",\"US-2019-112326\"\n");
  Write("ss/superstore_people.csv",
        "\"Regional Manager\",\"Region\"\n\"Chuck Magee\",\"Central\"\n");
  ImportReport report = Import("superstore", {dir_.File("ss")});
  EXPECT_THAT(Errors(report),
              ElementsAre("superstore_orders.csv:4: bad Sales 'abc': not an amount"));
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.orders, 2);
  EXPECT_EQ(counts.users, 2);
  EXPECT_EQ(counts.products, 2);
  auto paper = store_->GetProduct("s", "OFF-PA-10000174");
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(paper->name, "Message Book, Wirebound, Four 5 1/2\" X 4\" Forms");
  EXPECT_EQ(paper->category, "Office Supplies > Paper");
  EXPECT_EQ(paper->price_cents, 1028);  // 16.448 / 0.8 / 2
  auto orders = store_->ListUserOrders("s", "PO-19195", 10);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(orders->at(0).order.status, "returned");
  EXPECT_EQ(FormatIsoTime(orders->at(0).order.placed_at), "2019-01-04T00:00:00Z");
  EXPECT_THAT(orders->at(0).order.attributes, HasSubstr("\"regional_manager\":\"Chuck Magee\""));
  const OrderLine* line = FindLine(*orders, "US-2019-112326", "OFF-BI-10004094");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->unit_price_cents, 177);  // 3.54 / 2
  EXPECT_EQ(line->discount_cents, 1416);   // 17.70 list - 3.54 paid
  EXPECT_THAT(line->attributes, HasSubstr("\"profit\":-5.487"));
}

TEST_F(ImportTest, OpenFoodFactsTagsAndNutrients) {
  std::string path = Write(
      "off.csv",
      "barcode_id,product_name,ingredients,product_image,fat_amount,saturated_fats,carbohydrate,"
      "sugar,dietary_fiber,protein,salt,sodium,alcohol,is_healthy,source_file\n"
      "0002859038722,Fancy Truffles,\"Palm oil, sugar, whey powder\",,47.5,40,40,20,5,5,0.19,"
      "0.075,,0,a.sql\n"
      "0001,Organic Oat Milk,\"Water, organic oats\",,1.5,0.2,6,4,0.8,1,0.1,0.04,,1,a.sql\n"
      "0002,,\"Water\",,1,1,1,1,1,1,1,1,,1,a.sql\n"
      "0003,Bad Fat,\"Water\",,lots,1,1,1,1,1,1,1,,1,a.sql\n");
  ImportReport report = Import("openfoodfacts", {path});
  EXPECT_THAT(Errors(report), ElementsAre("off.csv:4: missing product_name",
                                          "off.csv:5: bad fat_amount 'lots': not a number"));
  auto truffles = store_->GetProduct("s", "0002859038722");
  ASSERT_TRUE(truffles.ok());
  EXPECT_EQ(truffles->description, "Palm oil, sugar, whey powder");
  EXPECT_THAT(truffles->dietary_tags, ElementsAre("low-sodium"));
  EXPECT_THAT(truffles->attributes, HasSubstr("\"fat_g\":47.5"));
  auto oat = store_->GetProduct("s", "0001");
  ASSERT_TRUE(oat.ok());
  EXPECT_THAT(oat->dietary_tags, ElementsAre("dairy-free", "lactose-free", "low-fat", "low-sodium",
                                             "low-sugar", "organic", "plant-based"));
}

TEST_F(ImportTest, EachDatasetFormatIsIdempotent) {
  Write("ic/products.csv", "product_id,product_name\n1,Soda\n");
  Write("ic/orders.csv", "order_id,user_id,order_number,days_since_prior_order\n9,1,1,\n");
  Write("ic/order_products__train.csv", "order_id,product_id,add_to_cart_order\n9,1,1\n");
  Import("instacart", {dir_.File("ic")});
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.order_lines, 1);
  Import("instacart", {dir_.File("ic")});
  EXPECT_EQ(Counts(), counts);
  EXPECT_THAT(Import("instacart", {dir_.File("ic")}).errors, IsEmpty());
}

}  // namespace
}  // namespace leafloaf
