// Household intelligence (issue 5) against the Complete Journey
// demographics: how well HouseholdInference (purchase/inference/
// household_inference.h) recovers household size (1, 2, 3+) and "has
// kids" from purchases alone.
//
// Complete Journey's products and transactions sample are imported with
// `leafloaf import` (RunImport) into a temporary store and read back as
// purchase histories; demographics.csv gives the truth (household_size
// "1".."5+", kids_count "0".."3+"). Households with both a history and
// demographics are labelled; they are split in two halves by FNV-1a hash
// of their id: the calibration half only supplies class proportions (the
// priors of the "calibrated" run, and the majority class of the baseline),
// the evaluation half is scored. The defaults (US Census priors) use no
// labels at all.
//
// Printed per task on the evaluation half: accuracy, balanced accuracy
// (mean per-class recall), Cohen's kappa and the confusion matrix, for the
// default priors, the calibrated priors, the majority-class baseline and,
// for kids, the plain rule "bought at least one kids' product"; then the
// mean signals by true class over all labelled households.
//
// Usage: household_eval [SHARED_DATA_DIR] (default ../shared/data). A
// missing dataset prints a message and exits 0, or 1 when CI=true.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench/common/history_datasets.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "ingest/csv_reader.h"
#include "ingest/importer.h"
#include "purchase/inference/budget.h"
#include "purchase/inference/dietary_inference.h"
#include "purchase/inference/household_inference.h"
#include "purchase/inference/product_catalog.h"
#include "purchase/quantity_memory.h"
#include "purchase/purchase_history.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace fs = std::filesystem;
using namespace leafloaf;            // NOLINT: a program's main file
using namespace leafloaf::purchase;  // NOLINT

namespace {

struct Truth {
  int size_bucket = 0;  // 1, 2, 3 (= 3+)
  bool has_kids = false;
};

uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

absl::StatusOr<absl::flat_hash_map<std::string, Truth>> ReadDemographics(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path);
  CsvReader reader(in);
  CsvRecord record;
  int id_col = -1, size_col = -1, kids_col = -1;
  absl::flat_hash_map<std::string, Truth> truth;
  while (true) {
    LL_ASSIGN_OR_RETURN(bool more, reader.Next(record));
    if (!more) break;
    if (id_col < 0) {
      for (size_t i = 0; i < record.fields.size(); ++i) {
        if (record.fields[i] == "household_id") id_col = static_cast<int>(i);
        if (record.fields[i] == "household_size") size_col = static_cast<int>(i);
        if (record.fields[i] == "kids_count") kids_col = static_cast<int>(i);
      }
      if (id_col < 0 || size_col < 0 || kids_col < 0) {
        return absl::InvalidArgumentError(
            "demographics.csv lacks household_id/household_size/kids_count");
      }
      continue;
    }
    const std::string& size = record.fields[static_cast<size_t>(size_col)];
    const std::string& kids = record.fields[static_cast<size_t>(kids_col)];
    if (size.empty() || kids.empty()) continue;
    const int members = std::atoi(size.c_str());  // "5+" -> 5
    if (members <= 0) continue;
    truth[record.fields[static_cast<size_t>(id_col)]] =
        Truth{.size_bucket = members >= 3 ? 3 : members, .has_kids = std::atoi(kids.c_str()) > 0};
  }
  return truth;
}

// Confusion matrix over classes 0..n-1 (rows: truth, columns: predicted).
template <size_t N>
struct Confusion {
  std::array<std::array<int, N>, N> m{};
  void Add(int truth, int predicted) {
    ++m[static_cast<size_t>(truth)][static_cast<size_t>(predicted)];
  }
  int Total() const {
    int t = 0;
    for (const auto& row : m)
      for (int c : row) t += c;
    return t;
  }
  double Accuracy() const {
    int correct = 0;
    for (size_t i = 0; i < N; ++i) correct += m[i][i];
    return static_cast<double>(correct) / Total();
  }
  double BalancedAccuracy() const {
    double sum = 0;
    int classes = 0;
    for (size_t i = 0; i < N; ++i) {
      int row = 0;
      for (int c : m[i]) row += c;
      if (row == 0) continue;
      sum += static_cast<double>(m[i][i]) / row;
      ++classes;
    }
    return sum / classes;
  }
  double Kappa() const {
    const double total = Total();
    double expected = 0;
    for (size_t i = 0; i < N; ++i) {
      double row = 0, col = 0;
      for (size_t j = 0; j < N; ++j) row += m[i][j], col += m[j][i];
      expected += row * col / (total * total);
    }
    return (Accuracy() - expected) / (1 - expected);
  }
  std::string Format(const std::array<const char*, N>& labels) const {
    std::string out = absl::StrFormat("      %-10s", "truth\\pred");
    for (const char* label : labels) out += absl::StrFormat(" %6s", label);
    out += "\n";
    for (size_t i = 0; i < N; ++i) {
      out += absl::StrFormat("      %-10s", labels[i]);
      for (size_t j = 0; j < N; ++j) out += absl::StrFormat(" %6d", m[i][j]);
      out += "\n";
    }
    return out;
  }
};

template <size_t N>
void PrintRow(const std::string& name, const Confusion<N>& c,
              const std::array<const char*, N>& labels) {
  std::cout << absl::StrFormat("  %-38s accuracy %.3f  balanced %.3f  kappa %+.3f  (n = %d)\n",
                               name, c.Accuracy(), c.BalancedAccuracy(), c.Kappa(), c.Total())
            << c.Format(labels);
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The other inference models on the same data: no labels to score them
// against, so build times and what they infer.
void ReportOtherModels(const PurchaseHistory& history, const ProductCatalog& catalog,
                       const std::vector<PricedOrder>& orders) {
  std::cout << "\nOther inference on the same histories (no labels):\n";
  auto start = std::chrono::steady_clock::now();
  const QuantityMemory memory = QuantityMemory::Build(history);
  const double quantity_ms = MillisSince(start);
  int pairs = 0, above_one = 0;
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    for (const Basket& basket : history.baskets(u)) {
      for (const BasketItem& item : basket.items) {
        std::optional<TypicalQuantity> typical = memory.Typical(u, item.product);
        ++pairs;
        if (typical && typical->quantity > 1) ++above_one;
      }
    }
  }
  std::cout << absl::StrFormat(
      "  quantity memory: built in %.0f ms; %.3f of "
      "basket items have a typical quantity above "
      "1\n",
      quantity_ms, static_cast<double>(above_one) / pairs);

  start = std::chrono::steady_clock::now();
  const BudgetModel budget = BudgetModel::Build(history, catalog, orders);
  const double budget_ms = MillisSince(start);
  std::vector<Cents> spends;
  std::array<int, 3> tiers{};
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    if (std::optional<Cents> spend = budget.TypicalBasketSpend(u)) spends.push_back(*spend);
    for (const CategoryTier& tier : budget.PreferredTiers(u)) {
      ++tiers[static_cast<size_t>(tier.tier)];
    }
  }
  std::sort(spends.begin(), spends.end());
  const int tier_total = tiers[0] + tiers[1] + tiers[2];
  std::cout << absl::StrFormat(
      "  budget: built in %.0f ms; %d of %d households with a typical basket "
      "spend, median of "
      "them %.2f; user x category tiers budget %.3f, mid %.3f, premium %.3f "
      "(%d)\n",
      budget_ms, spends.size(), history.num_users(),
      spends.empty() ? 0.0 : spends[spends.size() / 2] / 100.0,
      static_cast<double>(tiers[0]) / tier_total, static_cast<double>(tiers[1]) / tier_total,
      static_cast<double>(tiers[2]) / tier_total, tier_total);

  start = std::chrono::steady_clock::now();
  const DietaryInference dietary = DietaryInference::Build(history, catalog);
  const double dietary_ms = MillisSince(start);
  std::cout << absl::StrFormat("  dietary: built in %.0f ms\n", dietary_ms);
  const std::array<const char*, kNumDietClasses> class_names = {"dairy", "meat", "gluten",
                                                                "animal"};
  for (size_t c = 0; c < kNumDietClasses; ++c) {
    int inferred = 0, confident = 0;
    for (UserIndex u = 0; u < history.num_users(); ++u) {
      const InferredRestriction r = dietary.Profile(u).restrictions[c];
      inferred += r.inferred ? 1 : 0;
      confident += r.inferred && r.confidence >= 0.9 ? 1 : 0;
    }
    std::cout << absl::StrFormat(
        "    %-7s in %.3f of baskets; %-9s inferred for %d households, %d with "
        "confidence >= "
        "0.9\n",
        class_names[c], dietary.ClassBasketShare(static_cast<DietClass>(c)),
        RestrictionName(static_cast<Restriction>(c)), inferred, confident);
  }
}

int Run(const std::string& shared) {
  const auto start = std::chrono::steady_clock::now();
  const bench::HistoryDataset journey = bench::GroceryHistories().front();  // Complete Journey
  absl::StatusOr<bench::ImportedShop> shop = bench::ImportIntoTempStore(shared, journey, "eval");
  if (!shop.ok()) {
    std::cerr << shop.status() << "\n";
    return 1;
  }
  std::unique_ptr<Store>* store = &shop->store;
  absl::StatusOr<PurchaseHistory> history = PurchaseHistory::Load(**store, "eval");
  if (!history.ok()) {
    std::cerr << history.status() << "\n";
    return 1;
  }
  absl::StatusOr<ProductCatalog> catalog = ProductCatalog::Load(**store, "eval", *history);
  absl::StatusOr<std::vector<PricedOrder>> orders = LoadPricedOrders(**store, "eval", *history);
  if (!orders.ok()) {
    std::cerr << orders.status() << "\n";
    return 1;
  }
  (*store)->Close();
  if (!catalog.ok()) {
    std::cerr << catalog.status() << "\n";
    return 1;
  }
  absl::StatusOr<absl::flat_hash_map<std::string, Truth>> truth =
      ReadDemographics(shared + "/completejourney/demographics.csv");
  if (!truth.ok()) {
    std::cerr << truth.status() << "\n";
    return 1;
  }

  // Labelled users, split by hash.
  std::vector<std::pair<UserIndex, Truth>> calibration, evaluation;
  for (UserIndex u = 0; u < history->num_users(); ++u) {
    auto it = truth->find(history->user_id(u));
    if (it == truth->end()) continue;
    (Fnv1a(history->user_id(u)) % 2 == 0 ? calibration : evaluation).emplace_back(u, it->second);
  }
  std::array<int, 3> size_counts{};
  int kids_count = 0;
  for (const auto& [u, t] : calibration) {
    ++size_counts[static_cast<size_t>(t.size_bucket - 1)];
    kids_count += t.has_kids ? 1 : 0;
  }
  const double n_cal = static_cast<double>(calibration.size());
  HouseholdOptions calibrated{
      .size_shares = {size_counts[0] / n_cal, size_counts[1] / n_cal, size_counts[2] / n_cal},
      .kids_share = kids_count / n_cal};
  int majority_size = 0;
  for (int b = 1; b < 3; ++b) {
    if (size_counts[static_cast<size_t>(b)] > size_counts[static_cast<size_t>(majority_size)])
      majority_size = b;
  }
  const bool majority_kids = kids_count * 2 > static_cast<int>(calibration.size());

  std::cout << absl::StrFormat(
      "Complete Journey: %d households with purchases, %d products, %d "
      "baskets; %d with "
      "demographics (calibration half %d, evaluation half %d)\n",
      history->num_users(), history->num_products(), history->num_baskets(),
      calibration.size() + evaluation.size(), calibration.size(), evaluation.size());
  std::cout << absl::StrFormat("calibration half: size 1 %.3f, 2 %.3f, 3+ %.3f; has kids %.3f\n\n",
                               calibrated.size_shares[0], calibrated.size_shares[1],
                               calibrated.size_shares[2], calibrated.kids_share);
  const HouseholdInference defaults = HouseholdInference::Build(*history, *catalog, {}, *orders);
  const HouseholdInference tuned =
      HouseholdInference::Build(*history, *catalog, calibrated, *orders);

  // Signal weights in {0, 1, 2}^5, then kids_weight, chosen by accuracy on
  // the calibration half (calibrated priors); ties keep the first.
  HouseholdOptions fitted = calibrated;
  {
    double best_size = -1;
    for (int code = 1; code < 243; ++code) {
      HouseholdOptions candidate = calibrated;
      for (int s = 0, c = code; s < 5; ++s, c /= 3)
        candidate.signal_weights[static_cast<size_t>(s)] = c % 3;
      const HouseholdInference inference =
          HouseholdInference::Build(*history, *catalog, candidate, *orders);
      int correct = 0;
      for (const auto& [u, t] : calibration)
        correct += inference.Estimate(u).size_bucket == t.size_bucket;
      if (correct > best_size)
        best_size = correct, fitted.signal_weights = candidate.signal_weights;
    }
    double best_kids = -1;
    for (double kids_weight : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      HouseholdOptions candidate = fitted;
      candidate.kids_weight = kids_weight;
      const HouseholdInference inference =
          HouseholdInference::Build(*history, *catalog, candidate, *orders);
      int correct = 0;
      for (const auto& [u, t] : calibration)
        correct += inference.Estimate(u).has_kids == t.has_kids;
      if (correct > best_kids) best_kids = correct, fitted.kids_weight = kids_weight;
    }
    std::cout << absl::StrFormat(
        "fitted on the calibration half: signal weights (items/wk, qty/item, variety, kids, "
        "spend/wk) %g %g %g %g %g (size accuracy %.3f), kids_weight %.2f (kids accuracy %.3f)\n",
        fitted.signal_weights[0], fitted.signal_weights[1], fitted.signal_weights[2],
        fitted.signal_weights[3], fitted.signal_weights[4], best_size / n_cal, fitted.kids_weight,
        best_kids / n_cal);
  }
  const HouseholdInference fit = HouseholdInference::Build(*history, *catalog, fitted, *orders);

  const std::array<const char*, 3> size_labels = {"1", "2", "3+"};
  const std::array<const char*, 2> kids_labels = {"no", "kids"};
  Confusion<3> size_default, size_tuned, size_fit, size_majority;
  Confusion<2> kids_default, kids_tuned, kids_fit, kids_majority, kids_rule;
  for (const auto& [u, t] : evaluation) {
    const int truth_size = t.size_bucket - 1;
    size_default.Add(truth_size, defaults.Estimate(u).size_bucket - 1);
    size_tuned.Add(truth_size, tuned.Estimate(u).size_bucket - 1);
    size_fit.Add(truth_size, fit.Estimate(u).size_bucket - 1);
    size_majority.Add(truth_size, majority_size);
    const int truth_kids = t.has_kids ? 1 : 0;
    kids_default.Add(truth_kids, defaults.Estimate(u).has_kids ? 1 : 0);
    kids_tuned.Add(truth_kids, tuned.Estimate(u).has_kids ? 1 : 0);
    kids_fit.Add(truth_kids, fit.Estimate(u).has_kids ? 1 : 0);
    kids_majority.Add(truth_kids, majority_kids ? 1 : 0);
    kids_rule.Add(truth_kids, defaults.Estimate(u).signals.kids_items > 0 ? 1 : 0);
  }
  // Paired difference in accuracy against the majority class: mean of
  // (model correct - baseline correct) per household, 95% normal interval.
  auto paired = [&](const std::string& name, auto correct) {
    double sum = 0, sum_sq = 0;
    for (const auto& [u, t] : evaluation) {
      const double d = correct(u, t);
      sum += d;
      sum_sq += d * d;
    }
    const double n = static_cast<double>(evaluation.size());
    const double mean = sum / n;
    const double sd = std::sqrt(std::max(0.0, sum_sq / n - mean * mean) * n / (n - 1));
    std::cout << absl::StrFormat("  %-38s %+.3f +- %.3f (95%%, paired)\n", name, mean,
                                 1.96 * sd / std::sqrt(n));
  };
  auto size_vs = [&](const HouseholdInference& inference) {
    return [&inference, majority_size](UserIndex u, const Truth& t) {
      return static_cast<double>(inference.Estimate(u).size_bucket == t.size_bucket) -
             static_cast<double>(majority_size + 1 == t.size_bucket);
    };
  };
  auto kids_vs = [&](const HouseholdInference& inference) {
    return [&inference, majority_kids](UserIndex u, const Truth& t) {
      return static_cast<double>(inference.Estimate(u).has_kids == t.has_kids) -
             static_cast<double>(majority_kids == t.has_kids);
    };
  };

  std::cout << "Household size (1, 2, 3+), evaluation half:\n";
  PrintRow("inference, census priors", size_default, size_labels);
  PrintRow("inference, calibrated priors", size_tuned, size_labels);
  PrintRow("inference, calibrated priors+weights", size_fit, size_labels);
  PrintRow(absl::StrFormat("majority class (%s)", size_labels[static_cast<size_t>(majority_size)]),
           size_majority, size_labels);
  std::cout << "  accuracy minus the majority class's:\n";
  paired("inference, census priors", size_vs(defaults));
  paired("inference, calibrated priors", size_vs(tuned));
  paired("inference, calibrated priors+weights", size_vs(fit));
  std::cout << "\nHas kids, evaluation half:\n";
  PrintRow("inference, census priors", kids_default, kids_labels);
  PrintRow("inference, calibrated priors", kids_tuned, kids_labels);
  PrintRow("inference, calibrated priors+weights", kids_fit, kids_labels);
  PrintRow(majority_kids ? "majority class (kids)" : "majority class (no kids)", kids_majority,
           kids_labels);
  PrintRow("rule: >= 1 kids' product", kids_rule, kids_labels);
  std::cout << "  accuracy minus the majority class's:\n";
  paired("inference, census priors", kids_vs(defaults));
  paired("inference, calibrated priors", kids_vs(tuned));
  paired("inference, calibrated priors+weights", kids_vs(fit));

  // Mean signals by true class, all labelled households.
  struct Sums {
    double n = 0, baskets = 0, volume = 0, quantity = 0, variety = 0, kids = 0, spend = 0,
           score = 0;
    void Add(const HouseholdEstimate& e) {
      n += 1;
      baskets += e.signals.baskets;
      volume += e.signals.items_per_week;
      quantity += e.signals.quantity_per_item;
      variety += e.signals.variety;
      kids += e.signals.kids_share;
      spend += e.signals.spend_per_week_cents / 100;
      score += e.size_score;
    }
  };
  std::array<Sums, 3> by_size{};
  std::array<Sums, 2> by_kids{};
  for (const auto* half : {&calibration, &evaluation}) {
    for (const auto& [u, t] : *half) {
      by_size[static_cast<size_t>(t.size_bucket - 1)].Add(defaults.Estimate(u));
      by_kids[t.has_kids ? 1 : 0].Add(defaults.Estimate(u));
    }
  }
  std::cout << "\nMean signals by true class (all labelled households):\n";
  std::cout << absl::StrFormat("  %-8s %5s %8s %10s %9s %8s %10s %9s %10s\n", "class", "n",
                               "baskets", "items/wk", "qty/item", "variety", "kids_share",
                               "spend/wk", "size_score");
  auto print_sums = [](const std::string& name, const Sums& s) {
    std::cout << absl::StrFormat("  %-8s %5.0f %8.1f %10.3f %9.3f %8.3f %10.4f %9.2f %10.3f\n",
                                 name, s.n, s.baskets / s.n, s.volume / s.n, s.quantity / s.n,
                                 s.variety / s.n, s.kids / s.n, s.spend / s.n, s.score / s.n);
  };
  print_sums("size 1", by_size[0]);
  print_sums("size 2", by_size[1]);
  print_sums("size 3+", by_size[2]);
  print_sums("no kids", by_kids[0]);
  print_sums("kids", by_kids[1]);
  ReportOtherModels(*history, *catalog, *orders);
  std::cout << absl::StrFormat(
      "\nwhole run %.1f s\n",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = argc > 1 ? argv[1] : "../shared/data";
  bench::HistoryDataset labelled = bench::GroceryHistories().front();
  labelled.files.push_back("completejourney/demographics.csv");
  if (!bench::DatasetsPresent(shared, {labelled})) return bench::MissingDatasetExitCode();
  return Run(shared);
}
