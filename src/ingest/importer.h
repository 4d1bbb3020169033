// RunImport: `leafloaf import` as a library call. Reads CSV files of one
// format (docs/IMPORT.md), turns their rows into store mutations and
// writes them in batches, and reports every bad row by file and line.
//
// Guarantees:
//  * a bad row never stops the import and is never half written (see
//    ImportContext); it is counted as rejected and reported with its
//    1-based physical line and a reason;
//  * importing the same files again creates no duplicates: every record is
//    upserted by (shop, external id), and lines by order x product;
//  * files are taken in dependency order whatever order they were given in.
//
// Thread-safety: RunImport may run concurrently with other store users;
// one call uses one thread (plus the store's writer).
#ifndef LEAFLOAF_INGEST_IMPORTER_H_
#define LEAFLOAF_INGEST_IMPORTER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/import_report.h"
#include "store/store.h"

namespace leafloaf {

struct ImportOptions {
  std::string shop_id;
  // One of FormatNames() (ingest/format.h): instacart, completejourney,
  // groceries, superstore, openfoodfacts, products, orders, reviews, prices.
  std::string format;
  // Files, or folders whose *.csv / *.tsv files (recursively) are taken.
  std::vector<std::string> paths;
  // Draw a progress bar on stderr, when stderr is a terminal.
  bool progress = false;
  // Bad rows listed in the report; the rest are only counted.
  size_t max_reported_errors = 1000;
  // Mutations per WriteBatch, and batches submitted but not yet answered.
  size_t batch_mutations = 2000;
  size_t max_in_flight = 2;
};

// Runs one import into `store`. Returns the report when the import ran to
// the end, however many rows were bad.
// Errors: kInvalidArgument for bad options (empty shop, unknown format, no
// paths); kNotFound for a path that does not exist; the store's error when
// it fails as a whole (the import stops; acknowledged rows stay written).
absl::StatusOr<ImportReport> RunImport(Store& store, const ImportOptions& options);

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_IMPORTER_H_
