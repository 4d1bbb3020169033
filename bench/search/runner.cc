#include "bench/search/runner.h"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <span>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "bench/search/metrics.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace leafloaf::searchbench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kNdcgDepth = 10;
constexpr int kTypoDepth = 3;

int64_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.uordblks + info.hblkhd);
}

// Grades of `results` in rank order. condensed: products the query does
// not judge (other sources, unknown ids) are removed; otherwise they count
// as grade 0 (the strict lower bound).
std::vector<int> RankedGrades(const std::vector<std::string>& results, const BenchCatalog& catalog,
                              const JudgedQuery& query, bool condensed) {
  std::vector<int> grades;
  grades.reserve(results.size());
  for (const std::string& id : results) {
    auto it = catalog.index_of.find(id);
    const bool judged =
        it != catalog.index_of.end() && query.Judged(catalog.labels[it->second].source);
    if (!judged) {
      if (!condensed) grades.push_back(0);
      continue;
    }
    auto grade = query.grades.find(it->second);
    grades.push_back(grade == query.grades.end() ? 0 : grade->second);
  }
  return grades;
}

void ScoreRelevance(SearchEngineUnderTest& engine, const BenchCatalog& catalog,
                    const QuerySet& queries, const RunOptions& options, EngineResult& result) {
  for (const JudgedQuery& query : queries.judged) {
    const std::vector<std::string> results = engine.Search(query.text, options.eval_depth);
    const std::vector<int> ranked = RankedGrades(results, catalog, query, /*condensed=*/true);
    std::vector<int> judged;
    judged.reserve(query.grades.size());
    for (const auto& [index, grade] : query.grades) judged.push_back(grade);
    const double ndcg = NdcgAt(ranked, judged, kNdcgDepth);
    result.ndcg_strict +=
        NdcgAt(RankedGrades(results, catalog, query, /*condensed=*/false), judged, kNdcgDepth);
    const double rr = ReciprocalRankAt(ranked, /*min_grade=*/2, kNdcgDepth);
    GroupScore& group = result.groups[static_cast<int>(query.group)];
    ++group.queries;
    group.ndcg += ndcg;
    group.mrr += rr;
    result.ndcg += ndcg;
    result.mrr += rr;
  }
  for (GroupScore& group : result.groups) {
    if (group.queries == 0) continue;
    group.ndcg /= group.queries;
    group.mrr /= group.queries;
  }
  if (!queries.judged.empty()) {
    result.ndcg /= queries.judged.size();
    result.mrr /= queries.judged.size();
    result.ndcg_strict /= queries.judged.size();
  }
}

void ScoreTypos(SearchEngineUnderTest& engine, const BenchCatalog& catalog,
                const QuerySet& queries, const RunOptions& options, EngineResult& result) {
  for (const TypoQuery& typo : queries.typos) {
    const std::vector<std::string> results = engine.Search(typo.text, options.k);
    bool hit = false;
    for (size_t rank = 0; rank < results.size() && rank < kTypoDepth && !hit; ++rank) {
      auto it = catalog.index_of.find(results[rank]);
      if (it == catalog.index_of.end()) continue;
      const std::string name = absl::AsciiStrToLower(catalog.products[it->second].name);
      for (const std::string& word : typo.intended) {
        hit = hit || absl::StrContains(name, word);
      }
    }
    ++result.typo_total;
    result.typo_hits += hit;
    if (typo.from_issue) {
      ++result.issue_typo_total;
      result.issue_typo_hits += hit;
    }
    if (!hit) result.typo_misses.push_back(typo.text);
  }
}

std::vector<std::string> TimedTexts(const QuerySet& queries) {
  std::vector<std::string> texts;
  for (const JudgedQuery& q : queries.judged) texts.push_back(q.text);
  for (const TypoQuery& q : queries.typos) texts.push_back(q.text);
  return texts;
}

// LEAFLOAF_BENCH_SLOWEST=N prints the N queries with the largest total
// time over the passes (for tuning).
void PrintSlowest(const std::string& engine, const std::vector<std::string>& texts,
                  const std::vector<double>& per_query_ms, int passes) {
  const char* slowest = std::getenv("LEAFLOAF_BENCH_SLOWEST");
  if (slowest == nullptr) return;
  std::vector<size_t> order(texts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return per_query_ms[a] > per_query_ms[b]; });
  double total_ms = 0;
  for (double ms : per_query_ms) total_ms += ms;
  const size_t n = std::min(order.size(), static_cast<size_t>(std::max(0, std::atoi(slowest))));
  for (size_t r = 0; r < n; ++r) {
    const size_t i = order[r];
    std::cerr << absl::StrFormat("%s slowest %2d: %7.3f ms mean, %4.1f%% of the time  %s\n", engine,
                                 r + 1, per_query_ms[i] / passes, 100.0 * per_query_ms[i] / total_ms,
                                 texts[i]);
  }
}

}  // namespace

void TimeEngines(std::span<SearchEngineUnderTest* const> engines, const QuerySet& queries,
                 const RunOptions& options, std::span<EngineResult* const> results) {
  const std::vector<std::string> texts = TimedTexts(queries);
  size_t sink = 0;  // keeps the calls observable
  const size_t n = engines.size();
  // Warm-up: one run of the query set each, timed to size the turns.
  std::vector<int> repeats(n, 1);
  for (size_t e = 0; e < n; ++e) {
    const Clock::time_point start = Clock::now();
    for (const std::string& text : texts) sink += engines[e]->Search(text, options.k).size();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (seconds > 0 && options.turn_seconds > 0) {
      const double wanted = std::ceil(options.turn_seconds / seconds);
      repeats[e] = static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(options.max_repeats)));
    }
  }
  std::vector<std::vector<double>> latencies_ms(n), per_query_ms(n, std::vector<double>(texts.size()));
  std::vector<double> seconds(n, 0.0);
  for (size_t e = 0; e < n; ++e) latencies_ms[e].reserve(texts.size() * options.passes * repeats[e]);
  // Pass by pass, each engine in turn: a machine that slows down for a
  // while slows every engine's share alike, so the ratios hold. A turn
  // runs the query set as many times as it takes to last about
  // turn_seconds: with one run each, a fast engine's whole timed share was
  // a fifth of a second, and one stall of the machine inside it moved its
  // ratio by a tenth or more, while the same stall hardly moved a slow
  // peer's.
  for (int pass = 0; pass < options.passes; ++pass) {
    for (size_t e = 0; e < n; ++e) {
      const Clock::time_point turn_start = Clock::now();
      for (int r = 0; r < repeats[e]; ++r) {
        for (size_t i = 0; i < texts.size(); ++i) {
          const Clock::time_point before = Clock::now();
          sink += engines[e]->Search(texts[i], options.k).size();
          latencies_ms[e].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - before).count());
          per_query_ms[e][i] += latencies_ms[e].back();
        }
      }
      seconds[e] += std::chrono::duration<double>(Clock::now() - turn_start).count();
    }
  }
  for (size_t e = 0; e < n; ++e) {
    EngineResult& result = *results[e];
    PrintSlowest(result.name, texts, per_query_ms[e], options.passes * repeats[e]);
    const std::vector<double>& l = latencies_ms[e];
    result.timed_queries = static_cast<int64_t>(l.size());
    result.timed_runs = options.passes * repeats[e];
    result.timed_seconds = seconds[e];
    result.qps = seconds[e] > 0 ? l.size() / seconds[e] : 0;
    result.p50_ms = Percentile(l, 0.50);
    result.p99_ms = Percentile(l, 0.99);
    double total = 0;
    for (double ms : l) total += ms;
    result.mean_ms = l.empty() ? 0 : total / l.size();
    if (sink == static_cast<size_t>(-1)) result.qps = 0;  // never; defeats dead-code elimination
  }
}

absl::StatusOr<EngineResult> BuildAndScore(SearchEngineUnderTest& engine, const BenchCatalog& catalog,
                                           const QuerySet& queries, const RunOptions& options) {
  EngineResult result;
  result.name = engine.name();
  malloc_trim(0);
  const int64_t heap_before = HeapInUse();
  const Clock::time_point start = Clock::now();
  LL_RETURN_IF_ERROR(engine.Build(catalog.products));
  result.build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.heap_growth_bytes = HeapInUse() - heap_before;
  result.memory_bytes = engine.MemoryBytes();
  result.description = engine.Describe();

  ScoreRelevance(engine, catalog, queries, options, result);
  ScoreTypos(engine, catalog, queries, options, result);
  return result;
}

}  // namespace leafloaf::searchbench
