#include "ingest/import_report.h"

#include "absl/strings/str_format.h"

namespace leafloaf {

int64_t ImportReport::accepted() const {
  int64_t n = 0;
  for (const FileReport& file : files) n += file.accepted;
  return n;
}

int64_t ImportReport::rejected() const {
  int64_t n = 0;
  for (const FileReport& file : files) n += file.rejected;
  return n;
}

void PrintImportReport(const ImportReport& report, std::ostream& out) {
  for (const RowError& error : report.errors) {
    out << error.file << ":" << error.line << ": " << error.reason << "\n";
  }
  if (report.unreported_errors > 0) {
    out << "... and " << report.unreported_errors << " more bad rows not listed\n";
  }
  for (const std::string& note : report.notes) out << "note: " << note << "\n";
  for (const FileReport& file : report.files) {
    out << absl::StrFormat("%s (%s): accepted %d, rejected %d\n", file.path, file.kind,
                           file.accepted, file.rejected);
  }
  out << absl::StrFormat("accepted %d rows, rejected %d rows in %.2f s\n", report.accepted(),
                         report.rejected(), report.elapsed_seconds);
}

}  // namespace leafloaf
