// Runs engines through the search benchmark: build (timed, with heap
// growth measured), a relevance pass, the typo set, a warm-up pass and the
// timed passes, interleaved across engines. Single-threaded.
#ifndef LEAFLOAF_BENCH_SEARCH_RUNNER_H_
#define LEAFLOAF_BENCH_SEARCH_RUNNER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/search/catalog.h"
#include "bench/search/engine.h"
#include "bench/search/queries.h"

namespace leafloaf::searchbench {

struct RunOptions {
  int passes = 5;         // timed passes over the whole query set
  // Each engine's turn in a pass repeats the query set until it lasts
  // about this long (at most max_repeats runs), from the warm-up's time.
  double turn_seconds = 0.25;
  int max_repeats = 50;
  int k = 10;             // results asked for in the timed passes
  int eval_depth = 1000;  // results asked for in the relevance pass
};

struct GroupScore {
  int queries = 0;
  double ndcg = 0;  // means over the group's queries
  double mrr = 0;
};

struct EngineResult {
  std::string name;
  std::string description;
  double build_seconds = 0;
  size_t memory_bytes = 0;      // the engine's own estimate (MemoryBytes)
  int64_t heap_growth_bytes = 0;  // malloc'd bytes after Build minus before
  // Relevance over all judged queries (means) and per QueryGroup.
  double ndcg = 0;
  double mrr = 0;
  // nDCG@10 of the uncondensed top 10: unjudged products count as grade 0.
  double ndcg_strict = 0;
  std::array<GroupScore, kQueryGroups> groups{};
  // Typo set: a hit is an intended product in the top 3.
  int typo_hits = 0, typo_total = 0;
  int issue_typo_hits = 0, issue_typo_total = 0;  // the issue's four
  std::vector<std::string> typo_misses;
  // Timed passes (k results per query).
  int64_t timed_queries = 0;
  int timed_runs = 0;          // runs of the query set timed (passes x repeats)
  double timed_seconds = 0;    // wall time of those runs
  double qps = 0;
  double p50_ms = 0, p99_ms = 0, mean_ms = 0;
};

// Builds `engine` from the catalog (timed, heap growth measured) and scores
// its relevance and typos; the timing fields stay zero. Errors: Build()'s.
absl::StatusOr<EngineResult> BuildAndScore(SearchEngineUnderTest& engine, const BenchCatalog& catalog,
                                           const QuerySet& queries, const RunOptions& options);

// Times built engines over the query set: a warm-up pass each, then
// `options.passes` passes, every engine in turn within each pass, so that
// a noisy machine's slow spells fall on all of them. Fills the timing
// fields of results[i] for engines[i].
void TimeEngines(std::span<SearchEngineUnderTest* const> engines, const QuerySet& queries,
                 const RunOptions& options, std::span<EngineResult* const> results);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_RUNNER_H_
