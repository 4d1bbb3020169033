#include "bench/common/history_datasets.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/status_macros.h"
#include "ingest/importer.h"
#include "store/sqlite/sqlite_store.h"

namespace leafloaf::bench {

std::vector<HistoryDataset> GroceryHistories() {
  return {
      {"Complete Journey", "completejourney",
       {"completejourney/products.csv", "completejourney/transactions_sample.csv"}},
      {"Groceries", "groceries", {"groceries_kaggle/Groceries_dataset.csv"}},
  };
}

bool DatasetsPresent(const std::string& shared, const std::vector<HistoryDataset>& datasets) {
  for (const HistoryDataset& d : datasets) {
    for (const std::string& f : d.files) {
      if (!std::filesystem::exists(shared + "/" + f)) {
        std::cout << "missing dataset: " << shared << "/" << f
                  << " (pass the shared data dir as the first argument)\n";
        return false;
      }
    }
  }
  return true;
}

int MissingDatasetExitCode() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true" ? 1 : 0;
}

absl::StatusOr<ImportedShop> ImportIntoTempStore(const std::string& shared,
                                                 const HistoryDataset& dataset,
                                                 const std::string& shop_id) {
  ImportedShop out;
  out.dir = std::make_unique<testing::TempDir>();
  LL_ASSIGN_OR_RETURN(out.store, OpenSqliteStore({.path = out.dir->File("leafloaf.db"),
                                                  .synchronous_full = false}));
  ImportOptions import{.shop_id = shop_id, .format = dataset.format};
  for (const std::string& f : dataset.files) import.paths.push_back(shared + "/" + f);
  LL_RETURN_IF_ERROR(RunImport(*out.store, import).status());
  return out;
}

}  // namespace leafloaf::bench
