#include "ingest/importer.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "ingest/batch_writer.h"
#include "ingest/file_plan.h"
#include "ingest/format.h"
#include "ingest/import_context.h"
#include "ingest/progress_bar.h"

namespace leafloaf {
namespace {

// Collects bad rows, keeping only the first `limit` by (file, line) so a
// file of a million bad rows costs bounded memory.
class ErrorList {
 public:
  explicit ErrorList(size_t limit) : limit_(limit) {}

  void Add(size_t file, RowError error) {
    errors_.push_back({file, std::move(error)});
    if (errors_.size() > 2 * limit_ + 64) Trim();
  }
  void MoveTo(ImportReport& report) {
    Trim();
    for (auto& [file, error] : errors_) report.errors.push_back(std::move(error));
    report.unreported_errors = dropped_;
  }

 private:
  void Trim() {
    std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first, a.second.line) < std::tie(b.first, b.second.line);
    });
    if (errors_.size() > limit_) {
      dropped_ += static_cast<int64_t>(errors_.size() - limit_);
      errors_.resize(limit_);
    }
  }

  const size_t limit_;
  std::vector<std::pair<size_t, RowError>> errors_;
  int64_t dropped_ = 0;
};

class Importer {
 public:
  Importer(Store& store, const ImportOptions& options, Format& format, ImportReport& report)
      : options_(options),
        format_(format),
        report_(report),
        errors_(options.max_reported_errors),
        context_(store, options.shop_id, report),
        writer_(
            store, [this](const RowTag& tag, const std::string& reason) { Count(tag, reason); },
            options.batch_mutations, options.max_in_flight) {}

  absl::Status Run(const FilePlan& plan) {
    size_t file_index = 0;
    for (const RowError& error : plan.errors) {
      // Bad named files sort before everything else in the report.
      errors_.Add(file_index, error);
    }
    int64_t total_bytes = 0;
    for (const PlannedFile& file : plan.files) total_bytes += file.size_bytes;
    ProgressBar progress(std::cerr, options_.progress && StderrIsTty(), total_bytes);
    int64_t done_bytes = 0;
    for (const PlannedFile& file : plan.files) {
      report_.files.push_back({file.path, file.kind->name, 0, 0});
      absl::Status status = ImportFile(report_.files.size() - 1, file, progress, done_bytes);
      if (!status.ok()) {
        progress.Finish();
        return status;
      }
      done_bytes += file.size_bytes;
    }
    format_.Finish(context_);
    absl::Status status = writer_.Finish();
    progress.Finish();
    errors_.MoveTo(report_);
    report_.mutations_applied = writer_.mutations_applied();
    return status;
  }

 private:
  void Count(const RowTag& tag, const std::string& reason) {
    FileReport& file = report_.files[tag.file];
    if (reason.empty()) {
      ++file.accepted;
    } else {
      ++file.rejected;
      errors_.Add(tag.file + 1, {file.path, tag.line, reason});
    }
  }

  absl::Status ImportFile(size_t index, const PlannedFile& file, ProgressBar& progress,
                          int64_t done_bytes) {
    const FileKind& kind = *file.kind;
    if (kind.two_pass) {
      format_.BeginPrepass(kind, file.header);
      std::ifstream in(file.path, std::ios::binary);
      CsvReader reader(in, CsvOptionsFor(file.path));
      CsvRecord record;
      bool header_seen = false;
      while (true) {
        absl::StatusOr<bool> next = reader.Next(record);
        if (next.ok() && !*next) break;
        if (!next.ok() && next.status().code() != absl::StatusCode::kInvalidArgument) break;
        if (!next.ok() || record.fields.size() != file.header.size()) continue;
        if (!header_seen) {
          header_seen = true;
          continue;
        }
        format_.Prepass(kind, CsvRow(record, file.header));
      }
    }
    if (absl::Status status = format_.BeginFile(kind, file.header, context_); !status.ok()) {
      errors_.Add(index + 1, {file.path, file.header_line, std::string(status.message())});
      return absl::OkStatus();
    }
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", file.path));
    CsvReader reader(in, CsvOptionsFor(file.path));
    CsvRecord record;
    bool header_seen = false;
    int64_t rows = 0;
    while (true) {
      absl::StatusOr<bool> next = reader.Next(record);
      if (!next.ok() && next.status().code() != absl::StatusCode::kInvalidArgument) {
        return absl::DataLossError(absl::StrCat(file.path, ": ", next.status().message()));
      }
      if (next.ok() && !*next) break;
      if (!header_seen && next.ok()) {
        header_seen = true;  // already read by PlanFiles
        continue;
      }
      ++rows;
      progress.Update(done_bytes + reader.bytes_consumed(), file.path, rows);
      const RowTag tag{index, record.line};
      if (!next.ok()) {
        Count(tag, std::string(next.status().message()));
        continue;
      }
      if (record.fields.size() != file.header.size()) {
        Count(tag, absl::StrFormat("expected %d fields, found %d", file.header.size(),
                                   record.fields.size()));
        continue;
      }
      context_.BeginRow();
      absl::Status status = format_.ParseRow(CsvRow(record, file.header), context_);
      if (!status.ok()) {
        context_.AbortRow();
        if (status.code() != absl::StatusCode::kInvalidArgument &&
            status.code() != absl::StatusCode::kNotFound) {
          return status;
        }
        Count(tag, std::string(status.message()));
        continue;
      }
      std::vector<Mutation> mutations = context_.CommitRow();
      if (mutations.empty()) {
        Count(tag, "");
        continue;
      }
      LL_RETURN_IF_ERROR(writer_.AddRow(tag, std::move(mutations)));
    }
    format_.EndFile(context_);
    return absl::OkStatus();
  }

  const ImportOptions& options_;
  Format& format_;
  ImportReport& report_;
  ErrorList errors_;
  ImportContext context_;
  BatchWriter writer_;
};

}  // namespace

absl::StatusOr<ImportReport> RunImport(Store& store, const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.shop_id.empty()) return absl::InvalidArgumentError("no shop given");
  if (options.paths.empty()) return absl::InvalidArgumentError("no files given");
  LL_ASSIGN_OR_RETURN(std::unique_ptr<Format> format, MakeFormat(options.format));
  LL_ASSIGN_OR_RETURN(std::vector<InputFile> inputs, ListInputFiles(options.paths));

  ImportReport report;
  report.shop_id = options.shop_id;
  report.format = options.format;
  FilePlan plan = PlanFiles(inputs, *format);
  report.notes = plan.notes;

  WriteBatch shop;
  shop.Add(EnsureShop{options.shop_id, ""});  // "" keeps an existing shop's name
  WriteResult ensured = store.Write(std::move(shop));
  if (!ensured.status.ok()) return ensured.status;
  if (!ensured.results.empty() && !ensured.results[0].ok()) return ensured.results[0];

  Importer importer(store, options, *format, report);
  LL_RETURN_IF_ERROR(importer.Run(plan));
  report.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace leafloaf
