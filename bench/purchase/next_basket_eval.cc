// Next-basket prediction (issue 5) on real purchase histories in
// ../shared/data: Complete Journey (households' transactions, a random
// line sample, so baskets are fragments) and the Kaggle Groceries dataset
// (members' day baskets of 167 items, 3.8 baskets per member).
//
// Each dataset is imported with `leafloaf import` (RunImport) into a
// temporary store, read back as purchase histories (PurchaseHistory::Load)
// and evaluated exactly as `leafloaf eval next-basket` does
// (purchase/next_basket_eval.h): each user's last basket is the test
// target, the second-to-last the validation target on which LeafLoaf's and
// TIFU-KNN's parameters are tuned; Recall@10, NDCG@10 and F1@10 for
// LeafLoaf, TIFU-KNN, P-TopFreq and G-TopFreq, and the time per user of
// their predictions.
//
// Usage: next_basket_eval [SHARED_DATA_DIR] [MAX_USERS]
// (default ../shared/data; MAX_USERS = evaluated users per dataset, by hash
// of id, 0 = all, the default). A missing dataset prints a message and
// exits 0, or 1 when CI=true.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "ingest/importer.h"
#include "purchase/next_basket_eval.h"
#include "bench/common/history_datasets.h"
#include "purchase/purchase_history.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace fs = std::filesystem;
using namespace leafloaf;            // NOLINT: a program's main file
using namespace leafloaf::purchase;  // NOLINT

namespace {

struct Row {
  std::string dataset;
  NextBasketReport report;
  double seconds = 0;
};

absl::StatusOr<Row> Evaluate(const std::string& shared, const bench::HistoryDataset& dataset,
                             int64_t max_users) {
  const auto start = std::chrono::steady_clock::now();
  LL_ASSIGN_OR_RETURN(bench::ImportedShop shop, bench::ImportIntoTempStore(shared, dataset, "eval"));
  Store* store = shop.store.get();
  LL_ASSIGN_OR_RETURN(PurchaseHistory history, PurchaseHistory::Load(*store, "eval"));
  store->Close();
  Row row{.dataset = dataset.name,
          .report = RunNextBasketEvaluation(history, {.k = 10, .max_users = max_users})};
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "== " << dataset.name << " ==\n" << FormatNextBasketReport(row.report) << "\n";
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = argc > 1 ? argv[1] : "../shared/data";
  const int64_t max_users = argc > 2 ? std::atoll(argv[2]) : 0;
  const std::vector<bench::HistoryDataset> datasets = bench::GroceryHistories();
  if (!bench::DatasetsPresent(shared, datasets)) return bench::MissingDatasetExitCode();
  std::vector<Row> rows;
  for (const bench::HistoryDataset& d : datasets) {
    absl::StatusOr<Row> row = Evaluate(shared, d, max_users);
    if (!row.ok()) {
      std::cerr << d.name << ": " << row.status() << "\n";
      return 1;
    }
    rows.push_back(*std::move(row));
  }

  std::cout << "Next-basket prediction, last basket of each user with >= 2 baskets hidden "
               "(k = 10; parameters tuned on the second-to-last basket)\n\n";
  std::cout << absl::StrFormat("%-17s %-10s %9s %9s %9s %6s %9s\n", "dataset", "model",
                               "Recall@10", "NDCG@10", "F1@10", "users", "us/user");
  for (const Row& r : rows) {
    for (const ModelScores& m : r.report.test) {
      std::cout << absl::StrFormat("%-17s %-10s %9.4f %9.4f %9.4f %6d %9.1f\n", r.dataset, m.model,
                                   m.mean.recall, m.mean.ndcg, m.mean.f1, m.users,
                                   m.micros_per_user);
    }
  }
  std::cout << "\n";
  for (const Row& r : rows) {
    const ModelScores& ours = r.report.test.front();
    bool beats_all = true;
    for (size_t i = 1; i < r.report.test.size(); ++i) {
      const ModelScores& other = r.report.test[i];
      if (ours.mean.recall < other.mean.recall || ours.mean.ndcg < other.mean.ndcg) beats_all = false;
    }
    std::cout << absl::StrFormat(
        "%s: LeafLoaf %s every baseline on Recall@10 and NDCG@10 (%.1f s with import)\n", r.dataset,
        beats_all ? ">=" : "is NOT >=", r.seconds);
  }
  return 0;
}
