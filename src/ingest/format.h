// Format: how one source layout (`leafloaf import --format NAME`) turns CSV
// rows into store mutations.
//
// A format has one or more file kinds ("products", "orders", ...). The
// driver (importer.cc) recognizes each CSV file's kind by its header: a
// kind matches when all its required columns are present and none of its
// absent ones, and the match with the most required columns wins. Files are processed by kind rank
// (catalog before orders before lines), then by path.
//
// Per file the driver calls: BeginPrepass() and Prepass() for every
// well-formed row when the kind is two_pass (a first read of the whole
// file), then BeginFile(), then
// ParseRow() for every well-formed row, then EndFile(). A format object
// lives for one import and may keep state across its files.
#ifndef LEAFLOAF_INGEST_FORMAT_H_
#define LEAFLOAF_INGEST_FORMAT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/csv_row.h"
#include "ingest/import_context.h"

namespace leafloaf {

struct FileKind {
  std::string name;  // "orders"
  int rank = 0;      // lower ranks are imported first
  // Columns that identify the kind; "a|b" accepts either name.
  std::vector<std::string> required;
  bool two_pass = false;  // wants Prepass() over the whole file first
  // Columns whose presence rules the kind out ("aisle" files have no
  // product_id; a products file with aisle names is not an aisles file).
  std::vector<std::string> absent;
};

class Format {
 public:
  virtual ~Format() = default;

  virtual std::string_view name() const = 0;
  virtual const std::vector<FileKind>& kinds() const = 0;

  // First pass over a two_pass kind. Rows that do not parse are skipped
  // here; ParseRow() reports them.
  virtual void BeginPrepass(const FileKind& /*kind*/, const CsvHeader& /*header*/) {}
  virtual void Prepass(const FileKind& /*kind*/, const CsvRow& /*row*/) {}
  // Resolves the file's columns. An error rejects the whole file.
  virtual absl::Status BeginFile(const FileKind& kind, const CsvHeader& header,
                                 ImportContext& context) = 0;
  // Validates one row and stages its mutations on `context`. An error
  // rejects the row with the status message as its reason; the row's staged
  // mutations are dropped. Not OK with a code other than kInvalidArgument
  // or kNotFound stops the import (the store failed).
  virtual absl::Status ParseRow(const CsvRow& row, ImportContext& context) = 0;
  virtual void EndFile(ImportContext& /*context*/) {}
  // After the last file.
  virtual void Finish(ImportContext& /*context*/) {}
};

// The formats, by `--format` name. kInvalidArgument for an unknown name.
absl::StatusOr<std::unique_ptr<Format>> MakeFormat(std::string_view name);
std::vector<std::string> FormatNames();

std::unique_ptr<Format> MakeInstacartFormat();
std::unique_ptr<Format> MakeCompleteJourneyFormat();
std::unique_ptr<Format> MakeGroceriesFormat();
std::unique_ptr<Format> MakeSuperstoreFormat();
std::unique_ptr<Format> MakeOpenFoodFactsFormat();
std::unique_ptr<Format> MakeProductsFormat();
std::unique_ptr<Format> MakeOrdersFormat();
std::unique_ptr<Format> MakeReviewsFormat();
std::unique_ptr<Format> MakePricesFormat();

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_FORMAT_H_
