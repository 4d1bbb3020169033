// The import driver: bad rows by line, idempotency, file planning, batching.
// Uses the groceries and instacart formats as the simplest carriers.
#include "ingest/importer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/import_test_util.h"

namespace leafloaf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kGroceriesHeader[] = "Member_number,Date,itemDescription\n";

TEST_F(ImportTest, BadRowsAreReportedByPhysicalLineAndNeverStopTheImport) {
  std::string path = Write("groceries_bad.csv",
                           std::string(kGroceriesHeader) +          // line 1
                               "1808,21-07-2015,tropical fruit\n"   // 2
                               "1808,not-a-date,whole milk\n"       // 3
                               "oops\n"                             // 4
                               "1808,21-07-2015\n"                  // 5
                               "2552,05-01-2015,\"whole\nmilk\"\n"  // 6-7
                               "2552,05-01-2015,\n"                 // 8
                               ",05-01-2015,soda\n"                 // 9
                               "2552,31-02-2015,soda\n"             // 10
                               "2552,\"05-01-2015\"x,soda\n"        // 11
                               "3037,01-02-2015,\"whole milk\n"     // 12: unterminated
                               "3037,01-02-2015,soda\n");           // 13
  ImportReport report = Import("groceries", {path});
  EXPECT_THAT(Errors(report),
              ElementsAre("groceries_bad.csv:3: bad Date 'not-a-date': expected DD-MM-YYYY",
                          "groceries_bad.csv:4: expected 3 fields, found 1",
                          "groceries_bad.csv:5: expected 3 fields, found 2",
                          "groceries_bad.csv:8: missing itemDescription",
                          "groceries_bad.csv:9: missing Member_number",
                          "groceries_bad.csv:10: bad Date '31-02-2015': expected DD-MM-YYYY",
                          "groceries_bad.csv:11: field 2: unexpected 'x' after closing quote on "
                          "line 11",
                          "groceries_bad.csv:12: unterminated quoted field 3 (quote opened on "
                          "line 12)"));
  EXPECT_EQ(report.accepted(), 3);
  EXPECT_EQ(report.rejected(), 8);
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.products, 3);  // tropical fruit, "whole\nmilk", soda
  EXPECT_EQ(counts.orders, 3);
  EXPECT_EQ(counts.order_lines, 3);
  EXPECT_THAT(Printed(report), HasSubstr("accepted 3 rows, rejected 8 rows"));
}

TEST_F(ImportTest, ReimportingTheSameFileCreatesNoDuplicates) {
  std::string path = Write("g.csv", std::string(kGroceriesHeader) +
                                        "1808,21-07-2015,tropical fruit\n"
                                        "1808,21-07-2015,whole milk\n"
                                        "2552,05-01-2015,whole milk\n"
                                        "1808,21-07-2015,tropical fruit\n");
  ImportReport first = Import("groceries", {path});
  ShopCounts counts = Counts();
  EXPECT_EQ(counts.products, 2);
  EXPECT_EQ(counts.users, 2);
  EXPECT_EQ(counts.orders, 2);
  EXPECT_EQ(counts.order_lines, 3);
  ImportReport second = Import("groceries", {path});
  EXPECT_EQ(Counts(), counts);
  EXPECT_EQ(second.accepted(), first.accepted());
  // The repeated row added up to a quantity of 2, and stays 2.
  auto orders = store_->ListUserOrders("s", "1808", 10);
  ASSERT_TRUE(orders.ok()) << orders.status();
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(orders->at(0).order.external_id, "1808:2015-07-21");
  double fruit = 0;
  for (const OrderLine& line : orders->at(0).lines) {
    if (line.product_external_id == "tropical fruit") fruit = line.quantity;
  }
  EXPECT_EQ(fruit, 2);
}

TEST_F(ImportTest, RejectsBadOptions) {
  std::string path = Write("g.csv", kGroceriesHeader);
  EXPECT_EQ(TryImport("nope", {path}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TryImport("groceries", {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TryImport("groceries", {path}, "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TryImport("groceries", {dir_.File("missing.csv")}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ImportTest, NamedFileOfAnotherFormatIsAnErrorFolderFileIsSkipped) {
  std::string named = Write("other.csv", "Member_number,Date\n1,2\n");
  Write("folder/readme.csv", "a,b\n1,2\n");
  Write("folder/baskets.csv", std::string(kGroceriesHeader) + "1,01-01-2015,soda\n");
  ImportReport report = Import("groceries", {named, dir_.File("folder")});
  EXPECT_THAT(Errors(report),
              ElementsAre("other.csv:1: not a groceries file: missing column itemDescription of "
                          "a baskets file"));
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_THAT(report.notes[0], HasSubstr("readme.csv: not a groceries file"));
  ASSERT_EQ(report.files.size(), 1u);
  EXPECT_EQ(report.files[0].kind, "baskets");
  EXPECT_EQ(report.accepted(), 1);
}

TEST_F(ImportTest, EmptyFileIsANote) {
  std::string path = Write("empty.csv", "");
  ImportReport report = Import("groceries", {path});
  EXPECT_THAT(report.errors, IsEmpty());
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_THAT(report.notes[0], HasSubstr("empty file"));
}

TEST_F(ImportTest, StoreRejectionsMapBackToTheirLinesAcrossSmallBatches) {
  batch_mutations_ = 3;  // many batches in flight
  std::string products = Write("products.csv",
                               "product_id,product_name,aisle_id,department_id\n"
                               "1,Chocolate Sandwich Cookies,61,19\n"
                               "2,All-Seasons Salt,104,13\n");
  std::string orders = Write("orders.csv",
                             "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,"
                             "days_since_prior_order\n"
                             "10,7,prior,1,2,08,\n"
                             "11,7,prior,2,3,07,15.0\n");
  std::string lines = Write("order_products__prior.csv",
                            "order_id,product_id,add_to_cart_order,reordered\n"
                            "10,1,1,0\n"    // 2
                            "99,1,1,0\n"    // 3: unknown order
                            "10,2,2,0\n"    // 4
                            "11,3,1,0\n"    // 5: unknown product
                            "98,2,1,1\n"    // 6: unknown order
                            "11,1,2,1\n");  // 7
  // Given in reverse dependency order on purpose.
  ImportReport report = Import("instacart", {lines, orders, products});
  EXPECT_THAT(Errors(report), ElementsAre("order_products__prior.csv:3: unknown order '99'",
                                          "order_products__prior.csv:5: unknown product '3'",
                                          "order_products__prior.csv:6: unknown order '98'"));
  ASSERT_EQ(report.files.size(), 3u);
  EXPECT_EQ(report.files[0].kind, "products");
  EXPECT_EQ(report.files[1].kind, "orders");
  EXPECT_EQ(report.files[2].kind, "order_products");
  EXPECT_EQ(report.files[2].accepted, 3);
  EXPECT_EQ(report.files[2].rejected, 3);
  EXPECT_EQ(Counts().order_lines, 3);
}

TEST_F(ImportTest, ReportsOnlyTheFirstBadRowsAndCountsTheRest) {
  std::string content = kGroceriesHeader;
  for (int i = 0; i < 5; ++i) content += "x\n";
  std::string path = Write("g.csv", content);
  ImportOptions options{.shop_id = "s", .format = "groceries", .paths = {path}};
  options.max_reported_errors = 2;
  absl::StatusOr<ImportReport> report = RunImport(*store_, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Errors(*report), ElementsAre("g.csv:2: expected 3 fields, found 1",
                                           "g.csv:3: expected 3 fields, found 1"));
  EXPECT_EQ(report->unreported_errors, 3);
  EXPECT_EQ(report->rejected(), 5);
  EXPECT_THAT(Printed(*report), HasSubstr("... and 3 more bad rows not listed"));
}

TEST_F(ImportTest, TabSeparatedFilesAndCrlfWithBom) {
  std::string tsv =
      Write("g.tsv", "Member_number\tDate\titemDescription\r\n1\t01-01-2015\tsoda\r\n");
  std::string csv = Write("g.csv",
                          "\xEF\xBB\xBFMember_number,Date,itemDescription\r\n"
                          "2,01-01-2015,soda\r\n");
  ImportReport report = Import("groceries", {tsv, csv});
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(report.accepted(), 2);
  EXPECT_EQ(Counts().orders, 2);
}

}  // namespace
}  // namespace leafloaf
