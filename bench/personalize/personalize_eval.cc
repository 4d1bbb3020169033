// Offline evaluation of the personalized ranker (issue 4) on real
// purchase histories in ../shared/data: Complete Journey (households'
// transactions, products with category paths) and the Kaggle Groceries
// dataset (members' baskets of 167 items without categories).
//
// Each dataset is imported with `leafloaf import` (RunImport) into a
// temporary store and split by time: the last 20% of its time range is the
// test period. Profiles come from the events before it (PreferenceEngine).
// For each user with a profile and each category of a product they bought
// in the test period, the category search (IndexCategorySearch: the
// category's last level filtered to the category, or for Groceries the
// item's head noun) is re-ranked three ways:
//   text      no personalization: the search's own order;
//   defaults  the ranker with the built-in weights;
//   trained   the ranker with weights from TrainRanker on the training
//             period only (its own inner split: last 20% of it as labels);
//   text+pop  not personal: text plus only the trained popularity weight,
//             to tell how much of "trained" shop-wide bestsellers explain.
// NDCG@10 with relevance 1 for each candidate the user bought in the test
// period; queries with no relevant candidate or only relevant ones are
// dropped (the same for every method). The search's popularity prior
// counts training-period purchases only.
//
// Usage: personalize_eval [SHARED_DATA_DIR] [MAX_USERS]
// (default ../shared/data; MAX_USERS = users sampled per dataset by a hash
// of their id, default 1500, 0 = all). A missing dataset prints a message
// and exits 0, or 1 when CI=true.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/common/history_datasets.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "ingest/importer.h"
#include "personalize/index_category_search.h"
#include "personalize/ranker_training.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace fs = std::filesystem;
using namespace leafloaf;               // NOLINT: a program's main file
using namespace leafloaf::personalize;  // NOLINT

namespace {

struct Row {
  std::string dataset;
  QuerySetStats stats;
  int64_t users_total = 0;
  double text = 0, defaults = 0, trained = 0, popularity = 0;
  RankerWeights weights;
  TrainReport training;
  double seconds = 0;
};

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::StatusOr<Row> Evaluate(const std::string& shared, const bench::HistoryDataset& dataset,
                             int64_t max_users) {
  const auto start = std::chrono::steady_clock::now();
  LL_ASSIGN_OR_RETURN(bench::ImportedShop shop, bench::ImportIntoTempStore(shared, dataset, "eval"));
  std::unique_ptr<Store>& store = shop.store;
  LL_ASSIGN_OR_RETURN(ShopHistory history, LoadShopHistory(*store, "eval"));
  store->Close();
  const FeatureTable features = FeatureTable::Build(history.products, AttributeExtractor());
  const CategorySearchFactory factory = IndexCategorySearchFactory(history.products);

  Row row;
  row.dataset = dataset.name;
  const Micros cutoff = TimeSplit(history.events, 0.2);
  absl::flat_hash_set<std::string> users;
  for (const Event& e : history.events) users.insert(e.user_external_id);
  row.users_total = static_cast<int64_t>(users.size());

  // Trained on the training period only.
  size_t train_end = 0;
  while (train_end < history.events.size() && history.events[train_end].at < cutoff) ++train_end;
  const std::span<const Event> training(history.events.data(), train_end);
  const RankerWeights defaults;
  LL_ASSIGN_OR_RETURN(row.training,
                      TrainRanker(training, features, factory,
                                  {.shop_id = "eval", .later_fraction = 0.2,
                                   .max_users = max_users, .base = defaults}));
  row.weights = row.training.weights;

  LL_ASSIGN_OR_RETURN(std::unique_ptr<CategorySearch> search,
                      factory(PurchaseCounts(history.events, cutoff)));
  LL_ASSIGN_OR_RETURN(QuerySet test, BuildQueries(history.events, features, *search,
                                                  {.shop_id = "eval",
                                                   .cutoff = cutoff,
                                                   .max_users = max_users,
                                                   .shape = defaults}));
  row.stats = test.stats;
  row.text = MeanNdcg(test.queries, TextOnlyWeights(defaults));
  row.defaults = MeanNdcg(test.queries, defaults);
  row.trained = MeanNdcg(test.queries, row.weights);
  RankerWeights popularity_only = TextOnlyWeights(defaults);
  popularity_only.popularity = row.weights.popularity;
  row.popularity = MeanNdcg(test.queries, popularity_only);
  row.seconds = Since(start);
  std::cout << absl::StrFormat(
      "%s: %d products, %d purchases by %d users, %s .. %s; test period from %s\n", dataset.name,
      history.products.size(), history.order_lines, row.users_total,
      FormatIsoTime(row.training.first).substr(0, 10), FormatIsoTime(history.events.back().at).substr(0, 10),
      FormatIsoTime(cutoff).substr(0, 10));
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = argc > 1 ? argv[1] : "../shared/data";
  const int64_t max_users = argc > 2 ? std::atoll(argv[2]) : 1500;
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

  std::cout << absl::StrFormat(
      "\nNDCG@10 of the test period's purchases in category searches, re-ranked per user "
      "(users sampled: at most %d per dataset, by hash of id)\n\n",
      max_users);
  std::cout << absl::StrFormat("%-17s %6s %7s %7s %6s | %8s %8s %8s | %8s\n", "dataset", "users",
                               "scored", "queries", "cands", "text", "defaults", "trained",
                               "text+pop");
  for (const Row& r : rows) {
    std::cout << absl::StrFormat("%-17s %6d %7d %7d %6.0f | %8.4f %8.4f %8.4f | %8.4f\n",
                                 r.dataset, r.users_total, r.stats.users_scored, r.stats.queries,
                                 r.stats.mean_candidates, r.text, r.defaults, r.trained,
                                 r.popularity);
  }
  std::cout << "\nusers = all users of the dataset; scored = users with a profile before the "
               "test period and at least one kept query; cands = mean candidates per query;\n"
               "text = no personalization; text+pop = not personal either: text plus the trained "
               "popularity weight alone\n";
  for (const Row& r : rows) {
    const QuerySetStats& s = r.stats;
    std::cout << absl::StrFormat(
        "\n%s (%.1f s): %d users bought in the test period, %d of them with no earlier history, "
        "%d sampled; queries dropped: %d with no bought candidate, %d with only bought ones, %d "
        "products without a query\n",
        r.dataset, r.seconds, s.users_with_later_purchases, s.users_without_profile,
        s.users_sampled, s.queries_without_relevant, s.queries_all_relevant,
        s.queries_without_search);
    std::cout << absl::StrFormat(
        "  training (before the test period, split at %s): %d queries of %d users, %d pairs, "
        "%d iterations; in-sample NDCG@10 text %.4f, defaults %.4f, trained %.4f\n  weights:",
        FormatIsoTime(r.training.cutoff).substr(0, 10), r.training.queries.queries,
        r.training.queries.users_scored, r.training.fit.pairs, r.training.fit.iterations,
        r.training.ndcg_text, r.training.ndcg_base, r.training.ndcg_trained);
    for (int f = 0; f < kNumRankFactors; ++f) {
      const auto factor = static_cast<RankFactor>(f);
      std::cout << absl::StrFormat(" %s %.3f", std::string(RankFactorName(factor)),
                                   r.weights.*RankFactorWeight(factor));
    }
    std::cout << "\n";
  }
  return 0;
}
