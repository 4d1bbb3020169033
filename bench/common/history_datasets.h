// The real purchase histories the offline evaluations share (Complete
// Journey and the Kaggle Groceries baskets in ../shared/data), their
// presence check, and importing one into a temporary store the way
// `leafloaf import` does.
#ifndef LEAFLOAF_BENCH_COMMON_HISTORY_DATASETS_H_
#define LEAFLOAF_BENCH_COMMON_HISTORY_DATASETS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace leafloaf::bench {

struct HistoryDataset {
  std::string name;
  std::string format;              // an importer format (src/ingest)
  std::vector<std::string> files;  // relative to the shared data dir
};

// Complete Journey (products and the transactions sample) and Groceries.
std::vector<HistoryDataset> GroceryHistories();

// True when every file of every dataset is under `shared`; else prints
// which one is missing.
bool DatasetsPresent(const std::string& shared, const std::vector<HistoryDataset>& datasets);

// A program's exit code when a dataset is missing: 1 under CI=true (a
// missing dataset is a failure there), else 0.
int MissingDatasetExitCode();

// A store in a temporary directory holding the dataset as shop `shop_id`.
struct ImportedShop {
  std::unique_ptr<testing::TempDir> dir;
  std::unique_ptr<Store> store;
};
absl::StatusOr<ImportedShop> ImportIntoTempStore(const std::string& shared,
                                                 const HistoryDataset& dataset,
                                                 const std::string& shop_id);

}  // namespace leafloaf::bench

#endif  // LEAFLOAF_BENCH_COMMON_HISTORY_DATASETS_H_
