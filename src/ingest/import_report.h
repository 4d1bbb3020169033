// ImportReport: what one RunImport() did, file by file, and the bad rows.
//
// A row is "accepted" when every store mutation made from it was applied,
// and "rejected" when it was malformed, failed validation, or the store
// refused one of its mutations. Rows are counted once, after the store's
// answer; the header row and empty lines are not rows.
#ifndef LEAFLOAF_INGEST_IMPORT_REPORT_H_
#define LEAFLOAF_INGEST_IMPORT_REPORT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace leafloaf {

// One bad row (or a bad file, with line 1 for its header).
struct RowError {
  std::string file;
  int64_t line = 0;  // 1-based physical line where the row starts
  std::string reason;

  bool operator==(const RowError&) const = default;
};

struct FileReport {
  std::string path;
  std::string kind;  // which of the format's files it is: "orders", "products", ...
  int64_t accepted = 0;
  int64_t rejected = 0;
};

struct ImportReport {
  std::string shop_id;
  std::string format;
  std::vector<FileReport> files;  // in processing order
  // The first `max_reported_errors` bad rows by (file order, line).
  std::vector<RowError> errors;
  // Bad rows beyond those kept in `errors`.
  int64_t unreported_errors = 0;
  // Remarks that are not bad rows: files skipped, files with no effect.
  std::vector<std::string> notes;
  int64_t mutations_applied = 0;
  double elapsed_seconds = 0;

  int64_t accepted() const;
  int64_t rejected() const;
};

// Writes every reported bad row as "FILE:LINE: reason", the notes, one line
// per file, and the summary "accepted N rows, rejected M rows in S s".
void PrintImportReport(const ImportReport& report, std::ostream& out);

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_IMPORT_REPORT_H_
