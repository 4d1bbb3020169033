#include "ingest/import_report.h"

#include <sstream>

#include "gtest/gtest.h"

namespace leafloaf {
namespace {

TEST(ImportReportTest, PrintsBadRowsNotesFilesAndSummary) {
  ImportReport report;
  report.files = {{"a.csv", "baskets", 3, 1}, {"b.csv", "baskets", 2, 0}};
  report.errors = {{"a.csv", 4, "missing Date"}};
  report.notes = {"skipped c.csv: empty file"};
  report.elapsed_seconds = 1.5;
  std::ostringstream out;
  PrintImportReport(report, out);
  EXPECT_EQ(out.str(),
            "a.csv:4: missing Date\n"
            "note: skipped c.csv: empty file\n"
            "a.csv (baskets): accepted 3, rejected 1\n"
            "b.csv (baskets): accepted 2, rejected 0\n"
            "accepted 5 rows, rejected 1 rows in 1.50 s\n");
  EXPECT_EQ(report.accepted(), 5);
  EXPECT_EQ(report.rejected(), 1);
}

}  // namespace
}  // namespace leafloaf
