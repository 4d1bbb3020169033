#include "ingest/csv_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "common/random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One outcome of Next(): a record with its line, or an error with its line.
struct Item {
  int64_t line = 0;
  std::vector<std::string> fields;
  std::string error;  // empty for a record

  bool operator==(const Item&) const = default;
  friend std::ostream& operator<<(std::ostream& os, const Item& item) {
    os << "{line " << item.line << ": ";
    for (const auto& f : item.fields) os << "[" << f << "]";
    return os << (item.error.empty() ? "" : " error: " + item.error) << "}";
  }
};

Item Rec(int64_t line, std::vector<std::string> fields) { return {line, std::move(fields), ""}; }
Item Err(int64_t line, std::string reason) { return {line, {}, std::move(reason)}; }

// Reads everything; chunk sizes exercise records split across refills.
std::vector<Item> ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, options);
  std::vector<Item> items;
  CsvRecord record;
  for (int guard = 0; guard < 10000; ++guard) {
    absl::StatusOr<bool> next = reader.Next(record);
    if (!next.ok()) {
      EXPECT_EQ(next.status().code(), absl::StatusCode::kInvalidArgument) << next.status();
      items.push_back(Err(record.line, std::string(next.status().message())));
      continue;
    }
    if (!*next) break;
    items.push_back(Rec(record.line, record.fields));
  }
  EXPECT_EQ(reader.bytes_consumed(), static_cast<int64_t>(text.size()));
  return items;
}

class CsvReaderChunkTest : public ::testing::TestWithParam<size_t> {
 protected:
  std::vector<Item> Read(const std::string& text) {
    return ReadAll(text, {.chunk_bytes = GetParam()});
  }
};

INSTANTIATE_TEST_SUITE_P(ChunkSizes, CsvReaderChunkTest, ::testing::Values(1, 2, 3, 7, 65536));

TEST_P(CsvReaderChunkTest, PlainRecordsWithLfAndCrlf) {
  EXPECT_THAT(Read("a,b,c\n1,2,3\n"),
              ElementsAre(Rec(1, {"a", "b", "c"}), Rec(2, {"1", "2", "3"})));
  EXPECT_THAT(Read("a,b\r\n1,2\r\n"), ElementsAre(Rec(1, {"a", "b"}), Rec(2, {"1", "2"})));
  EXPECT_THAT(Read("a,b\r\n1,2"), ElementsAre(Rec(1, {"a", "b"}), Rec(2, {"1", "2"})));
}

TEST_P(CsvReaderChunkTest, EmptyFieldsAndTrailingDelimiter) {
  EXPECT_THAT(Read(",a,,\n"), ElementsAre(Rec(1, {"", "a", "", ""})));
  EXPECT_THAT(Read("a,\n"), ElementsAre(Rec(1, {"a", ""})));
  EXPECT_THAT(Read("\"\"\n"), ElementsAre(Rec(1, {""})));
}

TEST_P(CsvReaderChunkTest, QuotesDoubledQuotesAndEmbeddedNewlines) {
  EXPECT_THAT(Read("\"a,b\",\"say \"\"hi\"\"\"\n"), ElementsAre(Rec(1, {"a,b", "say \"hi\""})));
  EXPECT_THAT(Read("id,text\n1,\"two\nlines\"\n2,\"crlf\r\ninside\"\r\n3,x\n"),
              ElementsAre(Rec(1, {"id", "text"}), Rec(2, {"1", "two\nlines"}),
                          Rec(4, {"2", "crlf\r\ninside"}), Rec(6, {"3", "x"})));
}

TEST_P(CsvReaderChunkTest, SkipsBomAndEmptyLinesKeepingLineNumbers) {
  EXPECT_THAT(Read("\xEF\xBB\xBFh1,h2\n\n1,2\r\n\r\n\n3,4\n\n"),
              ElementsAre(Rec(1, {"h1", "h2"}), Rec(3, {"1", "2"}), Rec(6, {"3", "4"})));
  EXPECT_THAT(Read("\xEF\xBB\xBF"), ElementsAre());
  EXPECT_THAT(Read(""), ElementsAre());
}

TEST_P(CsvReaderChunkTest, QuoteInsideUnquotedFieldIsData) {
  EXPECT_THAT(Read("12\" pizza,a\"b\n"), ElementsAre(Rec(1, {"12\" pizza", "a\"b"})));
}

TEST_P(CsvReaderChunkTest, LoneCrIsDataAndFinalCrEndsTheRecord) {
  EXPECT_THAT(Read("a\rb,c\r"), ElementsAre(Rec(1, {"a\rb", "c"})));
}

TEST_P(CsvReaderChunkTest, UnterminatedQuoteIsRejectedAndReadingResumesNextLine) {
  EXPECT_THAT(Read("a,b\n1,\"oops\n2,x\n3,y\n"),
              ElementsAre(Rec(1, {"a", "b"}),
                          Err(2, "unterminated quoted field 2 (quote opened on line 2)"),
                          Rec(3, {"2", "x"}), Rec(4, {"3", "y"})));
}

TEST_P(CsvReaderChunkTest, TextAfterClosingQuoteIsRejected) {
  EXPECT_THAT(Read("1,\"ab\"c,d\n2,e\n"),
              ElementsAre(Err(1, "field 2: unexpected 'c' after closing quote on line 1"),
                          Rec(2, {"2", "e"})));
  // A stray quote swallowing a line break is caught at the next quote.
  EXPECT_THAT(Read("1,\"a\n2,\"b\n3,c\n"),
              ElementsAre(Err(1, "field 2: unexpected 'b' after closing quote on line 2"),
                          Err(2, "unterminated quoted field 2 (quote opened on line 2)"),
                          Rec(3, {"3", "c"})));
}

TEST(CsvReaderTest, OverlongRecordIsRejected) {
  std::string text = "1,\"" + std::string(100, 'x') + "\n2,ok\n";
  std::vector<Item> items = ReadAll(text, {.max_record_bytes = 50, .chunk_bytes = 8});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].line, 1);
  EXPECT_THAT(items[0].error, HasSubstr("record longer than 50 bytes"));
  EXPECT_EQ(items[1], Rec(2, {"2", "ok"}));
}

TEST(CsvReaderTest, OtherDelimiter) {
  EXPECT_THAT(ReadAll("a\tb\t\"c\td\"\n", {.delimiter = '\t'}),
              ElementsAre(Rec(1, {"a", "b", "c\td"})));
}

TEST(CsvReaderTest, BytesConsumedGrowsPerRecord) {
  std::istringstream in("ab,c\n\"d\"\n");
  CsvReader reader(in, {.chunk_bytes = 2});
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(reader.bytes_consumed(), 5);
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(reader.bytes_consumed(), 9);
  EXPECT_FALSE(*reader.Next(record));
}

// Writes fields the way RFC 4180 says, then checks they read back.
TEST(CsvReaderTest, RandomRecordsRoundTrip) {
  Random random(42);
  const std::string alphabet = "ab,\"\r\n x";
  std::vector<std::vector<std::string>> expected;
  std::string text;
  for (int row = 0; row < 300; ++row) {
    std::vector<std::string> fields(1 + random.Uniform(4));
    for (std::string& field : fields) {
      for (uint64_t n = random.Uniform(6); n > 0; --n)
        field += alphabet[random.Uniform(alphabet.size())];
    }
    if (fields.size() == 1 && fields[0].empty()) fields[0] = "x";  // an empty line is skipped
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) text += ',';
      text += '"';
      for (char c : fields[i]) text += c == '"' ? std::string("\"\"") : std::string(1, c);
      text += '"';
    }
    text += random.Chance(0.5) ? "\r\n" : "\n";
    expected.push_back(fields);
  }
  std::vector<Item> items = ReadAll(text, {.chunk_bytes = 5});
  ASSERT_EQ(items.size(), expected.size());
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].fields, expected[i]) << "record " << i;
    EXPECT_TRUE(items[i].error.empty());
  }
}

}  // namespace
}  // namespace leafloaf
