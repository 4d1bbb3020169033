#include "bench/search/runner.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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

void TimeQueries(SearchEngineUnderTest& engine, const QuerySet& queries,
                 const RunOptions& options, EngineResult& result) {
  std::vector<std::string> texts;
  for (const JudgedQuery& q : queries.judged) texts.push_back(q.text);
  for (const TypoQuery& q : queries.typos) texts.push_back(q.text);

  size_t sink = 0;  // keeps the calls observable
  for (const std::string& text : texts) sink += engine.Search(text, options.k).size();  // warm-up

  std::vector<double> latencies_ms;
  latencies_ms.reserve(texts.size() * options.passes);
  const Clock::time_point start = Clock::now();
  for (int pass = 0; pass < options.passes; ++pass) {
    for (const std::string& text : texts) {
      const Clock::time_point before = Clock::now();
      sink += engine.Search(text, options.k).size();
      latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - before).count());
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.timed_queries = static_cast<int64_t>(latencies_ms.size());
  result.qps = seconds > 0 ? latencies_ms.size() / seconds : 0;
  result.p50_ms = Percentile(latencies_ms, 0.50);
  result.p99_ms = Percentile(latencies_ms, 0.99);
  double total = 0;
  for (double ms : latencies_ms) total += ms;
  result.mean_ms = latencies_ms.empty() ? 0 : total / latencies_ms.size();
  if (sink == static_cast<size_t>(-1)) result.qps = 0;  // never; defeats dead-code elimination
}

}  // namespace

absl::StatusOr<EngineResult> RunEngine(SearchEngineUnderTest& engine, const BenchCatalog& catalog,
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
  TimeQueries(engine, queries, options, result);
  return result;
}

}  // namespace leafloaf::searchbench
