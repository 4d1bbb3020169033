// Supervisor::Understand over the training and held-out utterances (every
// utterance once per iteration), against two peers measured in the same
// run: the bare fastText prediction (tokenize + classifier, no rules, no
// entities) and the rules alone (tokenize + keyword rules). main() prints
// the ratios, then the per-call latency distribution of Understand
// (p50 / p99 / max over 20 passes) and the training time at construction.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "agents/demo_lexicon.h"
#include "agents/intent_rules.h"
#include "agents/internal/tokens.h"
#include "agents/supervisor.h"
#include "benchmark/benchmark.h"

namespace leafloaf::agents {
namespace {

const std::vector<std::string>& Utterances() {
  static const auto* utterances = [] {
    auto* out = new std::vector<std::string>;
    for (std::string_view tsv : {EmbeddedTrainingSet(), EmbeddedHeldoutSet()}) {
      const std::vector<LabelledUtterance> rows = ParseUtteranceSet(tsv).value();
      for (const LabelledUtterance& row : rows) out->push_back(row.text);
    }
    return out;
  }();
  return *utterances;
}

const Supervisor& Shared() {
  static const Supervisor* supervisor = Supervisor::Create().value().release();
  return *supervisor;
}

const Lexicon& DemoLexicon() {
  static const Lexicon* lexicon = new Lexicon(DemoShopLexicon());
  return *lexicon;
}

void BM_Understand(benchmark::State& state) {
  const Supervisor& supervisor = Shared();
  for (auto _ : state) {
    for (const std::string& u : Utterances()) {
      benchmark::DoNotOptimize(supervisor.Understand(u, DemoLexicon()));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Utterances().size()));
}
BENCHMARK(BM_Understand)->Unit(benchmark::kMicrosecond);

void BM_FastTextOnly(benchmark::State& state) {
  const Supervisor& supervisor = Shared();
  for (auto _ : state) {
    for (const std::string& u : Utterances()) {
      benchmark::DoNotOptimize(supervisor.ClassifierDistribution(u));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Utterances().size()));
}
BENCHMARK(BM_FastTextOnly)->Unit(benchmark::kMicrosecond);

void BM_RulesOnly(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& u : Utterances()) {
      benchmark::DoNotOptimize(MatchIntentRule(internal::Tokenize(u)));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Utterances().size()));
}
BENCHMARK(BM_RulesOnly)->Unit(benchmark::kMicrosecond);

// Records CPU time per benchmark so that main can print the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        nanos_[run.benchmark_name()] =
            run.GetAdjustedCPUTime() * (run.time_unit == benchmark::kMicrosecond ? 1e3 : 1.0);
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

void PrintRatio(const RatioReporter& r, const char* ours, const char* peer) {
  const double a = r.Nanos(ours), b = r.Nanos(peer);
  if (a <= 0 || b <= 0) return;
  const double n = static_cast<double>(Utterances().size());
  std::printf("%-14s %8.2f us/utterance   peer %-16s %8.2f us/utterance   ratio %.2fx\n", ours,
              a / 1e3 / n, peer, b / 1e3 / n, a / b);
}

void PrintLatencies() {
  std::vector<double> micros;
  for (int pass = 0; pass < 20; ++pass) {
    for (const std::string& u : Utterances()) {
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(Shared().Understand(u, DemoLexicon()));
      micros.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
  std::printf("Understand latency over %zu calls: p50 %.1f us, p99 %.1f us, max %.1f us\n",
              micros.size(), at(0.5), at(0.99), micros.back());
  std::printf("training at construction: %.0f ms\n", Shared().training_seconds() * 1e3);
}

}  // namespace
}  // namespace leafloaf::agents

int main(int argc, char** argv) {
  using namespace leafloaf::agents;
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n");
  PrintRatio(reporter, "BM_Understand", "BM_FastTextOnly");
  PrintRatio(reporter, "BM_Understand", "BM_RulesOnly");
  PrintLatencies();
  benchmark::Shutdown();
  return 0;
}
