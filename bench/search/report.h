// Prints the search benchmark's results: a table row per engine, the
// relevance per query group, ratio rows of LeafLoaf against each peer with
// the targets, and the same figures as JSON (for docs).
#ifndef LEAFLOAF_BENCH_SEARCH_REPORT_H_
#define LEAFLOAF_BENCH_SEARCH_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "bench/search/catalog.h"
#include "bench/search/queries.h"
#include "bench/search/runner.h"

namespace leafloaf::searchbench {

// The LeafLoaf engine's name() in results; ratio rows compare it to every
// other engine.
inline constexpr char kLeafLoafName[] = "leafloaf";

struct BenchContext {
  std::string command;  // as invoked
  std::string machine;  // CPU model, cores
  RunOptions options;
  bool leafloaf_built = false;
};

void PrintReport(const BenchContext& context, const BenchCatalog& catalog, const QuerySet& queries,
                 const std::vector<EngineResult>& results, std::ostream& out);

// The same content as one JSON document.
std::string ReportJson(const BenchContext& context, const BenchCatalog& catalog,
                       const QuerySet& queries, const std::vector<EngineResult>& results);

// Tab-separated listing of the query set: group, query, grade-2 and
// grade-1 counts, derived_from; then the typo queries.
void PrintQueryListing(const QuerySet& queries, std::ostream& out);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_REPORT_H_
