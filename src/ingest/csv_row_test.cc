#include "ingest/csv_row.h"

#include "gtest/gtest.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

TEST(CsvRowTest, ColumnsMatchIgnoringCaseSpacesAndPunctuation) {
  CsvHeader header({"Product ID", "Sub-Category", "order_hour_of_day"});
  EXPECT_EQ(header.Find({"product_id"}), 0);
  EXPECT_EQ(header.Find({"ProductId"}), 0);
  EXPECT_EQ(header.Find({"missing", "sub category"}), 1);
  EXPECT_EQ(header.Find({"Order Hour of Day"}), 2);
  EXPECT_EQ(header.Find({"nope"}), -1);
}

TEST(CsvRowTest, TypedAccessorsNameTheColumnInErrors) {
  CsvHeader header({"n", "x", "when", "price", "empty"});
  CsvRecord record{{" 42 ", "1.0", "2/29/2024", "$1,299.50", ""}, 7};
  CsvRow row(record, header);
  EXPECT_EQ(row.line(), 7);
  EXPECT_EQ(row.Get(0), "42");
  EXPECT_EQ(*row.Int(0), 42);
  EXPECT_EQ(*row.Int(1), 1);  // "1.0" as written by float-typed exports
  EXPECT_EQ(*row.Number(1), 1.0);
  EXPECT_EQ(FormatIsoTime(*row.Time(2)), "2024-02-29T00:00:00Z");
  EXPECT_EQ(*row.Money(3), 129950);
  EXPECT_EQ(*row.OptionalInt(4, -1), -1);
  EXPECT_EQ(*row.OptionalMoney(4, 5), 5);
  EXPECT_EQ(row.Get(-1), "");
  EXPECT_EQ(row.Required(4).status().message(), "missing empty");
  EXPECT_EQ(row.Int(2).status().message(), "bad when '2/29/2024': not an integer");
  EXPECT_EQ(row.Number(2).status().message(), "bad when '2/29/2024': not a number");
  EXPECT_EQ(row.Time(0).status().message(),
            "bad n '42': expected YYYY-MM-DD[ HH:MM:SS] or M/D/YYYY");
  EXPECT_EQ(row.Money(2).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CsvRowTest, ToValidUtf8ReplacesBadBytes) {
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ToValidUtf8("caf\xE9!"), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ToValidUtf8("\xF0\x9F\x8D\x8E"), "\xF0\x9F\x8D\x8E");
}

TEST(RowTextTest, TitleCaseAndCategories) {
  EXPECT_EQ(TitleCase("FRUIT - SHELF STABLE"), "Fruit - Shelf Stable");
  EXPECT_EQ(TitleCase("BREAD:ITALIAN/FRENCH"), "Bread: Italian/French");
  EXPECT_EQ(TitleCase("prepared soups salads"), "Prepared Soups Salads");
  EXPECT_EQ(TitleCase("KIDS' CEREAL 2PK"), "Kids' Cereal 2pk");
  EXPECT_EQ(CategoryPath({"Grocery", "", "Apple Sauce"}), "Grocery > Apple Sauce");
  EXPECT_EQ(NormalizeCategory(" Dairy>Milk >  Oat "), "Dairy > Milk > Oat");
  EXPECT_EQ(FormatSize(0.5, "gal"), "0.5 gal");
}

TEST(RowTextTest, AttributesSkipEmptyTextAndSurviveBadUtf8) {
  EXPECT_EQ(Attributes().Text("a", "").Dump(), "");
  EXPECT_EQ(Attributes().Text("a", "x").Int("b", 2).Dump(), R"({"a":"x","b":2})");
  EXPECT_EQ(Attributes().Text("a", "\xE9").Dump(), "{\"a\":\"\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace leafloaf
