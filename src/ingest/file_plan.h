// File planning for an import: expanding folders into CSV files, reading
// each file's header, recognizing which of the format's file kinds it is,
// and ordering the files by kind rank.
#ifndef LEAFLOAF_INGEST_FILE_PLAN_H_
#define LEAFLOAF_INGEST_FILE_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/csv_reader.h"
#include "ingest/csv_row.h"
#include "ingest/format.h"
#include "ingest/import_report.h"

namespace leafloaf {

struct InputFile {
  std::string path;
  bool from_folder = false;  // found by listing a folder, not named
};

// Named files as they are; folders listed recursively for *.csv and *.tsv,
// sorted by path. kNotFound when a path does not exist.
absl::StatusOr<std::vector<InputFile>> ListInputFiles(const std::vector<std::string>& paths);

// The delimiter of a file, by extension: tab for .tsv, else comma.
CsvOptions CsvOptionsFor(const std::string& path);

struct PlannedFile {
  std::string path;
  const FileKind* kind = nullptr;
  CsvHeader header;
  int64_t header_line = 1;
  int64_t size_bytes = 0;
};

struct FilePlan {
  std::vector<PlannedFile> files;  // in processing order
  std::vector<RowError> errors;    // named files that are unreadable or not of the format
  std::vector<std::string> notes;  // folder files skipped, empty files
};

// Reads each file's header and matches it against `format`'s kinds.
FilePlan PlanFiles(const std::vector<InputFile>& inputs, const Format& format);

// The kind whose required columns are all in `header` (most columns wins),
// or null. On null, `missing` names the columns the closest kind lacks.
const FileKind* MatchKind(const Format& format, const CsvHeader& header, std::string* missing);

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_FILE_PLAN_H_
