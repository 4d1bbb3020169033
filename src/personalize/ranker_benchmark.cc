// Personalized re-ranking of 100 search candidates (issue 4: <= 0.5 ms).
//
// The shopper's profile is learned by the PreferenceEngine from 300
// events over a synthetic catalog of 2,000 products (40 categories, 60
// brands, dietary tags and text attributes), so it holds the affinities,
// price bands and purchase history of an active user. Cases:
//   BM_Rerank100              Rank() with reasons and badges
//   BM_Rerank100ScoresOnly    Rank() without explanations
//   BM_ProfileAndRerank100    Profile() (decay to now, copy) + Rank()
//   BM_SortByText100          peer: copy the 100 candidates and std::sort
//                             them by text score, what a non-personalized
//                             search does with its hits
// The program ends with each case's ratio against the peer and per-call
// latency percentiles of BM_ProfileAndRerank100's work, timed one call at
// a time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>

#include "benchmark/benchmark.h"
#include "personalize/preference_engine.h"
#include "personalize/ranker.h"

namespace leafloaf::personalize {
namespace {

constexpr int kProducts = 2000;
constexpr int kCandidates = 100;
constexpr Micros kNow = 1'700'000'000LL * kMicrosPerSecond;

struct Fixture {
  std::vector<Product> products;
  FeatureTable table;
  StaticConfigSource config;
  PreferenceEngine engine{&config};
  std::vector<RankCandidate> candidates;
  PersonalizedRanker ranker;

  Fixture() {
    std::mt19937_64 rng(42);
    const char* kTags[] = {"vegan",  "plant-based", "gluten-free", "organic", "dairy-free",
                           "kosher", "vegetarian",  "low-sugar",   "keto",    "nut-free"};
    const char* kWords[] = {"Spicy",    "Kids",        "Protein",     "Whole Grain", "Classic",
                            "Original", "Unsweetened", "Family Size", "Mild",        "Crunchy"};
    for (int i = 0; i < kProducts; ++i) {
      Product p;
      p.shop_id = "bench";
      p.external_id = "P" + std::to_string(i);
      p.category = "Dept" + std::to_string(i % 8) + " > Aisle" + std::to_string(i % 40);
      p.brand = "Brand" + std::to_string(rng() % 60);
      p.name = p.brand + " " + kWords[rng() % 10] + " Product " + std::to_string(i);
      p.description = std::string("A ") + kWords[rng() % 10] + " grocery item.";
      for (const char* tag : kTags) {
        if (rng() % 4 == 0) p.dietary_tags.push_back(tag);
      }
      std::sort(p.dietary_tags.begin(), p.dietary_tags.end());
      p.price_cents = 99 + static_cast<Cents>(rng() % 1500);
      products.push_back(std::move(p));
    }
    table = FeatureTable::Build(products, AttributeExtractor());
    const char* kTypes[] = {"click_product",   "click_product",          "add_to_cart",
                            "purchase",        "displayed_but_scrolled", "displayed_but_scrolled",
                            "remove_from_cart"};
    for (int i = 0; i < 300; ++i) {
      Event e;
      e.shop_id = "bench";
      e.user_external_id = "U1";
      e.type = kTypes[rng() % 7];
      // Most events touch a small set of products, as a real shopper's do.
      const int product =
          rng() % 3 ? static_cast<int>(rng() % 60) : static_cast<int>(rng() % kProducts);
      e.product_external_id = "P" + std::to_string(product);
      e.quantity = 1 + static_cast<double>(rng() % 3);
      e.at = kNow - static_cast<Micros>(rng() % (90 * kMicrosPerDay));
      engine.Apply(e, *table.Find(e.product_external_id));
    }
    // Candidates: half from the products the user touched, half others.
    for (int i = 0; i < kCandidates; ++i) {
      const int product = i % 2 ? i / 2 : 100 + static_cast<int>(rng() % (kProducts - 100));
      candidates.push_back({table.Find("P" + std::to_string(product)),
                            1.0 + static_cast<double>(rng() % 1000) / 100.0,
                            static_cast<double>(rng() % 500)});
    }
  }
};

Fixture& Shared() {
  static Fixture* fixture = new Fixture();
  return *fixture;
}

void BM_Rerank100(benchmark::State& state) {
  Fixture& f = Shared();
  UserProfile profile = f.engine.Profile("bench", "U1", kNow);
  for (auto _ : state) benchmark::DoNotOptimize(f.ranker.Rank(f.candidates, profile));
}
BENCHMARK(BM_Rerank100);

void BM_Rerank100ScoresOnly(benchmark::State& state) {
  Fixture& f = Shared();
  UserProfile profile = f.engine.Profile("bench", "U1", kNow);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.ranker.Rank(f.candidates, profile, {.explain = false}));
  }
}
BENCHMARK(BM_Rerank100ScoresOnly);

void BM_ProfileAndRerank100(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    UserProfile profile = f.engine.Profile("bench", "U1", kNow);
    benchmark::DoNotOptimize(f.ranker.Rank(f.candidates, profile));
  }
}
BENCHMARK(BM_ProfileAndRerank100);

void BM_SortByText100(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    std::vector<RankCandidate> sorted = f.candidates;
    std::sort(sorted.begin(), sorted.end(), [](const RankCandidate& a, const RankCandidate& b) {
      return a.text_score > b.text_score;
    });
    benchmark::DoNotOptimize(sorted);
  }
}
BENCHMARK(BM_SortByText100);

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        nanos_[run.benchmark_name()] = run.GetAdjustedRealTime();  // default unit: ns
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

void PrintPercentiles() {
  Fixture& f = Shared();
  constexpr int kCalls = 20000;
  std::vector<double> micros;
  micros.reserve(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    auto start = std::chrono::steady_clock::now();
    UserProfile profile = f.engine.Profile("bench", "U1", kNow);
    RankResult result = f.ranker.Rank(f.candidates, profile);
    benchmark::DoNotOptimize(result);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<size_t>(q * (kCalls - 1))]; };
  std::printf(
      "Profile() + Rank(100), %d calls one at a time: p50 %.1f us, p99 "
      "%.1f us, "
      "max %.1f us (budget 500 us)\n",
      kCalls, at(0.5), at(0.99), micros.back());
}

}  // namespace
}  // namespace leafloaf::personalize

int main(int argc, char** argv) {
  using namespace leafloaf::personalize;
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double peer = reporter.Nanos("BM_SortByText100");
  std::printf("\nagainst the peer BM_SortByText100 (%.2f us):\n", peer / 1e3);
  for (const char* name : {"BM_Rerank100", "BM_Rerank100ScoresOnly", "BM_ProfileAndRerank100"}) {
    const double ours = reporter.Nanos(name);
    if (ours > 0 && peer > 0) {
      std::printf("  %-24s %8.2f us   ratio %.1fx\n", name, ours / 1e3, ours / peer);
    }
  }
  PrintPercentiles();
  benchmark::Shutdown();
  return 0;
}
