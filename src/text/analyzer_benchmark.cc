// Analyzer throughput: AnalyzeField on typical product names and
// descriptions (the index build runs it on every product at startup) and
// AnalyzeQuery (every search runs it). The peer, measured in the same run,
// is a naive analyzer: ASCII tolower and split on spaces, with no Unicode,
// stemming or offsets. The program prints the ratio of each to its peer.
// With ../shared/data present it also analyzes the 25k Open Food Facts
// products (name + ingredients) and extrapolates to a 100k-product index.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "ingest/csv_reader.h"
#include "testing/temp_dir.h"
#include "text/analyzer.h"

namespace leafloaf::text {
namespace {

const std::vector<std::string>& Products() {
  static const auto* products = new std::vector<std::string>{
      "Organic Strawberries, 16 oz. Sweet, juicy berries grown without synthetic pesticides; "
      "wash before eating.",
      "Horizon Organic 2% Reduced Fat Milk, 1/2 Gallon. Grade A, from cows not treated with rBST; "
      "an excellent source of calcium and vitamin D.",
      "Ben & Jerry's Chocolate Fudge Brownie Ice Cream, 16 fl oz. Chocolate ice cream with fudge "
      "brownies, made with Fairtrade cocoa.",
      "Barilla Gluten-Free Penne Pasta, 12 oz. Made with corn and rice; certified gluten-free, "
      "non-GMO, ready in 10-11 minutes.",
      "Häagen-Dazs Crème Brûlée Ice Cream, 14 oz. Rich custard ice cream with caramelized sugar "
      "pieces and a touch of vanilla.",
      "Annie's Shells & White Cheddar Macaroni and Cheese, 6 oz. Organic pasta with real cheddar, "
      "no artificial flavors or synthetic colors.",
      "Roma Tomatoes, about 1 lb. Firm, meaty tomatoes for sauces, salsa and salads.",
      "Jalapeño Kettle Cooked Potato Chips, 8 oz. Thick-cut potatoes cooked in small batches "
      "with real jalapeño peppers.",
      "Chobani Greek Yogurt, Blueberry on the Bottom, 5.3 oz. Non-fat, 12 g protein, made with "
      "only natural ingredients.",
      "Garbanzo Beans (Chickpeas), 15.5 oz can. No salt added; drain and rinse for hummus, "
      "curries and salads.",
  };
  return *products;
}

const std::vector<std::string>& Queries() {
  static const auto* queries = new std::vector<std::string>{
      "organic milk",           "gluten free pasta",  "ben & jerry's ice cream",
      "strawberries",           "2% milk 1/2 gallon", "chickpeas",
      "crème brûlée",           "greek yogurt",       "potato chips jalapeno",
      "tomatoes for the salad",
  };
  return *queries;
}

const Analyzer& SharedAnalyzer() {
  static const Analyzer* analyzer = [] {
    Synonyms synonyms;
    (void)synonyms.AddGroup({"garbanzo", "chickpea"});
    (void)synonyms.AddGroup({"ice cream", "gelato"});
    return Analyzer::Create({}, std::move(synonyms)).value().release();
  }();
  return *analyzer;
}

// The peer: what a naive engine does to each field.
std::vector<std::string> NaiveAnalyze(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (c == ' ') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

int64_t TotalBytes(const std::vector<std::string>& texts) {
  int64_t bytes = 0;
  for (const std::string& t : texts) bytes += static_cast<int64_t>(t.size());
  return bytes;
}

void BM_AnalyzeField(benchmark::State& state) {
  const Analyzer& analyzer = SharedAnalyzer();
  for (auto _ : state) {
    for (const std::string& text : Products()) {
      benchmark::DoNotOptimize(analyzer.AnalyzeField(text));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Products().size()));
  state.SetBytesProcessed(state.iterations() * TotalBytes(Products()));
}
BENCHMARK(BM_AnalyzeField);

void BM_NaiveField(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& text : Products()) benchmark::DoNotOptimize(NaiveAnalyze(text));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Products().size()));
  state.SetBytesProcessed(state.iterations() * TotalBytes(Products()));
}
BENCHMARK(BM_NaiveField);

void BM_AnalyzeQuery(benchmark::State& state) {
  const Analyzer& analyzer = SharedAnalyzer();
  for (auto _ : state) {
    for (const std::string& query : Queries()) {
      auto tokens = analyzer.AnalyzeQuery(query);
      benchmark::DoNotOptimize(analyzer.FindSynonyms(*tokens));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Queries().size()));
}
BENCHMARK(BM_AnalyzeQuery);

void BM_NaiveQuery(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& query : Queries()) benchmark::DoNotOptimize(NaiveAnalyze(query));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Queries().size()));
}
BENCHMARK(BM_NaiveQuery);

// Name + ingredients of the Open Food Facts sample, when present.
const std::vector<std::string>& OffProducts() {
  static const auto* products = [] {
    auto* texts = new std::vector<std::string>;
    std::string dir = leafloaf::testing::SharedDataDir();
    if (dir.empty()) dir = "../shared/data";
    std::ifstream in(dir + "/openfoodfacts_lifyzer_us_subset/off_products_us_25k.csv");
    if (!in) return texts;
    CsvReader reader(in);
    CsvRecord record;
    bool header = true;
    while (true) {
      absl::StatusOr<bool> more = reader.Next(record);
      if (!more.ok() && more.status().code() == absl::StatusCode::kInvalidArgument) continue;
      if (!more.ok() || !*more) break;
      if (record.fields.size() < 3) continue;
      if (header) {
        header = false;
        continue;
      }
      texts->push_back(record.fields[1] + " " + record.fields[2]);
    }
    return texts;
  }();
  return *products;
}

void BM_AnalyzeOffCatalog(benchmark::State& state) {
  const Analyzer& analyzer = SharedAnalyzer();
  if (OffProducts().empty()) {
    state.SkipWithError("../shared/data/openfoodfacts_lifyzer_us_subset not found");
    return;
  }
  std::vector<Token> tokens;
  for (auto _ : state) {
    for (const std::string& text : OffProducts()) {
      tokens.clear();
      analyzer.AnalyzeFieldInto(text, &tokens);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(OffProducts().size()));
  state.SetBytesProcessed(state.iterations() * TotalBytes(OffProducts()));
}
BENCHMARK(BM_AnalyzeOffCatalog)->Unit(benchmark::kMillisecond);

void BM_NaiveOffCatalog(benchmark::State& state) {
  if (OffProducts().empty()) {
    state.SkipWithError("../shared/data/openfoodfacts_lifyzer_us_subset not found");
    return;
  }
  for (auto _ : state) {
    for (const std::string& text : OffProducts()) benchmark::DoNotOptimize(NaiveAnalyze(text));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(OffProducts().size()));
  state.SetBytesProcessed(state.iterations() * TotalBytes(OffProducts()));
}
BENCHMARK(BM_NaiveOffCatalog)->Unit(benchmark::kMillisecond);

// Records CPU time per benchmark so that main can print the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        nanos_[run.benchmark_name()] =
            run.GetAdjustedCPUTime() * (run.time_unit == benchmark::kMillisecond ? 1e6 : 1.0);
      }
    }
  }
  double Nanos(const std::string& name) const {
    auto it = nanos_.find(name);
    return it == nanos_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> nanos_;
};

void PrintRatio(const RatioReporter& r, const char* ours, const char* peer, size_t items) {
  double a = r.Nanos(ours);
  double b = r.Nanos(peer);
  if (a <= 0 || b <= 0) return;
  std::printf("%-22s %9.3f us/item   peer %-20s %9.3f us/item   ratio %.1fx\n", ours,
              a / 1e3 / static_cast<double>(items), peer, b / 1e3 / static_cast<double>(items),
              a / b);
}

}  // namespace
}  // namespace leafloaf::text

int main(int argc, char** argv) {
  using namespace leafloaf::text;
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n");
  PrintRatio(reporter, "BM_AnalyzeField", "BM_NaiveField", Products().size());
  PrintRatio(reporter, "BM_AnalyzeQuery", "BM_NaiveQuery", Queries().size());
  PrintRatio(reporter, "BM_AnalyzeOffCatalog", "BM_NaiveOffCatalog", OffProducts().size());
  if (double off = reporter.Nanos("BM_AnalyzeOffCatalog"); off > 0) {
    std::printf(
        "estimated analysis time for a 100k-product index: %.2f s (from %zu OFF products)\n",
        off / 1e9 * 100000.0 / static_cast<double>(OffProducts().size()), OffProducts().size());
  }
  benchmark::Shutdown();
  return 0;
}
