#include "ingest/file_plan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace leafloaf {
namespace {

namespace fs = std::filesystem;

bool IsTableFile(const fs::path& path) {
  std::string ext = path.extension().string();
  absl::AsciiStrToLower(&ext);
  return ext == ".csv" || ext == ".tsv";
}

// `names` is one column name or alternatives separated by '|'.
bool HasAny(const CsvHeader& header, std::string_view names) {
  size_t start = 0;
  while (start <= names.size()) {
    size_t end = std::min(names.find('|', start), names.size());
    if (header.Has(names.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<InputFile>> ListInputFiles(const std::vector<std::string>& paths) {
  std::vector<InputFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return absl::NotFoundError(absl::StrCat("no such file: ", path));
    if (!fs::is_directory(status)) {
      files.push_back({path, false});
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && IsTableFile(it->path())) found.push_back(it->path().string());
    }
    if (ec) return absl::NotFoundError(absl::StrCat("cannot list ", path, ": ", ec.message()));
    std::sort(found.begin(), found.end());
    for (std::string& file : found) files.push_back({std::move(file), true});
  }
  return files;
}

CsvOptions CsvOptionsFor(const std::string& path) {
  CsvOptions options;
  std::string ext = fs::path(path).extension().string();
  absl::AsciiStrToLower(&ext);
  if (ext == ".tsv") options.delimiter = '\t';
  return options;
}

const FileKind* MatchKind(const Format& format, const CsvHeader& header, std::string* missing) {
  const FileKind* best = nullptr;
  const FileKind* closest = nullptr;
  size_t closest_found = 0;
  std::vector<std::string> closest_missing;
  for (const FileKind& kind : format.kinds()) {
    std::vector<std::string> lacking;
    for (const std::string& column : kind.required) {
      if (!HasAny(header, column)) lacking.push_back(column.substr(0, column.find('|')));
    }
    const size_t found = kind.required.size() - lacking.size();
    bool excluded = false;
    for (const std::string& column : kind.absent) excluded = excluded || header.Has(column);
    if (excluded) continue;
    if (lacking.empty()) {
      if (best == nullptr || kind.required.size() > best->required.size()) best = &kind;
    } else if (closest == nullptr || found > closest_found) {
      closest = &kind;
      closest_found = found;
      closest_missing = std::move(lacking);
    }
  }
  if (best == nullptr && missing != nullptr && closest != nullptr) {
    *missing = absl::StrCat("missing column", closest_missing.size() > 1 ? "s " : " ",
                            absl::StrJoin(closest_missing, ", "), " of a ", closest->name, " file");
  }
  return best;
}

FilePlan PlanFiles(const std::vector<InputFile>& inputs, const Format& format) {
  FilePlan plan;
  for (const InputFile& input : inputs) {
    std::ifstream in(input.path, std::ios::binary);
    if (!in) {
      plan.errors.push_back({input.path, 0, "cannot open the file"});
      continue;
    }
    CsvReader reader(in, CsvOptionsFor(input.path));
    CsvRecord record;
    absl::StatusOr<bool> next = reader.Next(record);
    if (!next.ok()) {
      plan.errors.push_back(
          {input.path, record.line, absl::StrCat("bad header: ", next.status().message())});
      continue;
    }
    if (!*next) {
      plan.notes.push_back(absl::StrCat("skipped ", input.path, ": empty file"));
      continue;
    }
    PlannedFile file;
    file.path = input.path;
    file.header = CsvHeader(record.fields);
    file.header_line = record.line;
    std::error_code ec;
    file.size_bytes = static_cast<int64_t>(fs::file_size(input.path, ec));
    if (ec) file.size_bytes = 0;
    std::string missing;
    file.kind = MatchKind(format, file.header, &missing);
    if (file.kind == nullptr) {
      if (input.from_folder) {
        plan.notes.push_back(absl::StrCat("skipped ", input.path, ": not a ",
                                          std::string(format.name()), " file (", missing, ")"));
      } else {
        plan.errors.push_back(
            {input.path, record.line,
             absl::StrCat("not a ", std::string(format.name()), " file: ", missing)});
      }
      continue;
    }
    plan.files.push_back(std::move(file));
  }
  std::stable_sort(
      plan.files.begin(), plan.files.end(),
      [](const PlannedFile& a, const PlannedFile& b) { return a.kind->rank < b.kind->rank; });
  return plan;
}

}  // namespace leafloaf
