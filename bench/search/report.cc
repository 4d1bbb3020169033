#include "bench/search/report.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace leafloaf::searchbench {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// The issue's targets for LeafLoaf.
constexpr double kTargetP50Ms = 0.5;
constexpr double kTargetP99Ms = 2.0;
constexpr double kTargetQpsRatio = 5.0;
constexpr double kTargetMemoryPerRawText = 2.0;

std::array<int, kQueryGroups> GroupCounts(const QuerySet& queries) {
  std::array<int, kQueryGroups> counts{};
  for (const JudgedQuery& q : queries.judged) ++counts[static_cast<int>(q.group)];
  return counts;
}

double MemoryPerRaw(const EngineResult& r, const BenchCatalog& catalog) {
  return catalog.raw_text_bytes ? static_cast<double>(r.memory_bytes) / catalog.raw_text_bytes : 0;
}

const char* Verdict(bool ok) { return ok ? "PASS" : "FAIL"; }

// "leafloaf" and its variants ("leafloaf-hybrid").
bool IsLeafLoaf(const EngineResult& r) { return r.name.rfind(kLeafLoafName, 0) == 0; }

void PrintTargets(const EngineResult& ours, const std::vector<EngineResult>& results,
                  const BenchCatalog& catalog, std::ostream& out) {
  out << "\nratios, " << ours.name << " against each peer (same catalog, queries and run):\n";
  out << absl::StrFormat("%-26s %9s %9s %9s %9s %9s %9s\n", "", "QPS x", "p50 x", "p99 x",
                         "nDCG", "MRR", "memory");
  bool qps_ok = true, ndcg_ok = true;
  for (const EngineResult& peer : results) {
    if (IsLeafLoaf(peer)) continue;  // LeafLoaf's variants are not peers
    const double qps_ratio = peer.qps > 0 ? ours.qps / peer.qps : 0;
    out << absl::StrFormat("%-26s %9.2f %9.2f %9.2f %9.3f %9.3f %9.2f\n",
                           absl::StrCat(ours.name, " / ", peer.name), qps_ratio,
                           ours.p50_ms > 0 ? peer.p50_ms / ours.p50_ms : 0,
                           ours.p99_ms > 0 ? peer.p99_ms / ours.p99_ms : 0,
                           peer.ndcg > 0 ? ours.ndcg / peer.ndcg : 0,
                           peer.mrr > 0 ? ours.mrr / peer.mrr : 0,
                           peer.memory_bytes ? static_cast<double>(ours.memory_bytes) /
                                                   peer.memory_bytes
                                             : 0);
    qps_ok = qps_ok && qps_ratio >= kTargetQpsRatio;
    ndcg_ok = ndcg_ok && ours.ndcg >= peer.ndcg;
  }
  out << "(p50 x and p99 x are peer latency / leafloaf latency: above 1 is faster)\n";
  out << "\ntargets (issue 3), " << ours.name << ":\n";
  out << absl::StrFormat("  p50 <= %.1f ms             %s (%.3f ms)\n", kTargetP50Ms,
                         Verdict(ours.p50_ms <= kTargetP50Ms), ours.p50_ms);
  out << absl::StrFormat("  p99 <= %.1f ms             %s (%.3f ms)\n", kTargetP99Ms,
                         Verdict(ours.p99_ms <= kTargetP99Ms), ours.p99_ms);
  out << absl::StrFormat("  QPS >= %.0fx every peer      %s\n", kTargetQpsRatio, Verdict(qps_ok));
  out << absl::StrFormat("  nDCG@10 >= every peer     %s\n", Verdict(ndcg_ok));
  out << absl::StrFormat("  issue typos in top 3      %s (%d/%d)\n",
                         Verdict(ours.issue_typo_hits == ours.issue_typo_total),
                         ours.issue_typo_hits, ours.issue_typo_total);
  out << absl::StrFormat("  memory <= %.0fx raw text     %s (%.2fx)\n", kTargetMemoryPerRawText,
                         Verdict(MemoryPerRaw(ours, catalog) <= kTargetMemoryPerRawText),
                         MemoryPerRaw(ours, catalog));
}

}  // namespace

void PrintReport(const BenchContext& context, const BenchCatalog& catalog, const QuerySet& queries,
                 const std::vector<EngineResult>& results, std::ostream& out) {
  const auto counts = GroupCounts(queries);
  out << absl::StrFormat(
      "catalog: %d products (openfoodfacts %d, completejourney %d, instacart %d), "
      "raw text %.1f MiB, imported in %.1f s (%d rows rejected); the server's index rebuild "
      "from the store at start (SearchService::LoadShop): %.2f s\n",
      catalog.products.size(), catalog.off_products, catalog.cj_products, catalog.ic_products,
      catalog.raw_text_bytes / kMiB, catalog.import_seconds, catalog.rows_rejected,
      catalog.startup_seconds);
  out << absl::StrFormat(
      "queries: %d judged (aisle %d, cj-category %d, phrasing %d, known-item %d) + %d typo; "
      "%d timed passes of all %d, engines taking turns within each pass, %s, k=%d, one thread\n",
      queries.judged.size(), counts[0], counts[1], counts[2], counts[3], queries.typos.size(),
      context.options.passes, queries.judged.size() + queries.typos.size(),
      context.options.turn_seconds > 0
          ? absl::StrFormat("each turn repeating the queries to last about %.2f s",
                            context.options.turn_seconds)
          : std::string("one run of the queries per turn"),
      context.options.k);
  out << "machine: " << context.machine << "\n";
  if (!context.leafloaf_built) {
    out << "LeafLoaf's engine is not built into this benchmark yet (bench/search/"
           "leafloaf_engine.cc + leafloaf_search): peers only, no ratio rows.\n";
  }
  out << "\n"
      << absl::StrFormat("%-15s %8s %8s %7s %7s %7s %7s %9s %8s %8s %9s %8s %7s\n", "engine",
                         "build_s", "nDCG@10", "MRR@10", "strict", "typo@3", "issue4", "QPS",
                         "p50_ms", "p99_ms", "index_MiB", "heap_MiB", "mem/raw");
  for (const EngineResult& r : results) {
    out << absl::StrFormat(
        "%-15s %8.2f %8.3f %7.3f %7.3f %7s %7s %9.0f %8.3f %8.3f %9.1f %8.1f %7.2f\n", r.name,
        r.build_seconds, r.ndcg, r.mrr, r.ndcg_strict, absl::StrCat(r.typo_hits, "/", r.typo_total),
        absl::StrCat(r.issue_typo_hits, "/", r.issue_typo_total), r.qps, r.p50_ms, r.p99_ms,
        r.memory_bytes / kMiB, r.heap_growth_bytes / kMiB, MemoryPerRaw(r, catalog));
  }
  out << "(strict: nDCG@10 with products outside a query's judged sources counted as "
         "irrelevant instead of skipped; a lower bound)\n";
  out << "timed:";
  for (const EngineResult& r : results) {
    out << absl::StrFormat(" %s %d runs in %.2f s;", r.name, r.timed_runs, r.timed_seconds);
  }
  out << "\n";
  out << "\nnDCG@10 / MRR@10 by query group:\n"
      << absl::StrFormat("%-15s", "engine");
  for (int g = 0; g < kQueryGroups; ++g) {
    out << absl::StrFormat(" %19s", absl::StrCat(GroupName(static_cast<QueryGroup>(g)), " (",
                                                 counts[g], ")"));
  }
  out << "\n";
  for (const EngineResult& r : results) {
    out << absl::StrFormat("%-15s", r.name);
    for (const GroupScore& g : r.groups) {
      out << absl::StrFormat(" %19s", absl::StrFormat("%.3f / %.3f", g.ndcg, g.mrr));
    }
    out << "\n";
  }
  out << "\ntypo misses (not in the top 3):\n";
  for (const EngineResult& r : results) {
    out << absl::StrFormat("  %-13s %s\n", r.name,
                           r.typo_misses.empty() ? "-" : absl::StrJoin(r.typo_misses, ", "));
  }
  out << "\nengines:\n";
  for (const EngineResult& r : results) {
    out << absl::StrFormat("  %-13s %s\n", r.name, r.description);
  }
  for (const EngineResult& r : results) {
    if (IsLeafLoaf(r)) PrintTargets(r, results, catalog, out);
  }
}

std::string ReportJson(const BenchContext& context, const BenchCatalog& catalog,
                       const QuerySet& queries, const std::vector<EngineResult>& results) {
  nlohmann::json doc;
  doc["command"] = context.command;
  doc["machine"] = context.machine;
  doc["passes"] = context.options.passes;
  doc["turn_seconds"] = context.options.turn_seconds;
  doc["k"] = context.options.k;
  doc["eval_depth"] = context.options.eval_depth;
  doc["leafloaf_built"] = context.leafloaf_built;
  doc["catalog"] = {{"products", catalog.products.size()},
                    {"openfoodfacts", catalog.off_products},
                    {"completejourney", catalog.cj_products},
                    {"instacart", catalog.ic_products},
                    {"raw_text_bytes", catalog.raw_text_bytes},
                    {"rows_rejected", catalog.rows_rejected}};
  const auto counts = GroupCounts(queries);
  nlohmann::json groups;
  for (int g = 0; g < kQueryGroups; ++g) groups[GroupName(static_cast<QueryGroup>(g))] = counts[g];
  doc["queries"] = {{"judged", queries.judged.size()},
                    {"typo", queries.typos.size()},
                    {"groups", groups}};
  for (const EngineResult& r : results) {
    nlohmann::json by_group;
    for (int g = 0; g < kQueryGroups; ++g) {
      by_group[GroupName(static_cast<QueryGroup>(g))] = {{"ndcg_at_10", r.groups[g].ndcg},
                                                          {"mrr_at_10", r.groups[g].mrr}};
    }
    doc["engines"].push_back({{"name", r.name},
                              {"description", r.description},
                              {"build_seconds", r.build_seconds},
                              {"ndcg_at_10", r.ndcg},
                              {"mrr_at_10", r.mrr},
                              {"ndcg_at_10_strict", r.ndcg_strict},
                              {"by_group", by_group},
                              {"typo_hits", r.typo_hits},
                              {"typo_total", r.typo_total},
                              {"issue_typo_hits", r.issue_typo_hits},
                              {"issue_typo_total", r.issue_typo_total},
                              {"typo_misses", r.typo_misses},
                              {"timed_queries", r.timed_queries},
                              {"timed_runs", r.timed_runs},
                              {"timed_seconds", r.timed_seconds},
                              {"qps", r.qps},
                              {"p50_ms", r.p50_ms},
                              {"p99_ms", r.p99_ms},
                              {"mean_ms", r.mean_ms},
                              {"memory_bytes", r.memory_bytes},
                              {"heap_growth_bytes", r.heap_growth_bytes},
                              {"memory_per_raw_text", MemoryPerRaw(r, catalog)}});
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void PrintQueryListing(const QuerySet& queries, std::ostream& out) {
  out << "group\tquery\tgrade2\tgrade1\tderived_from\n";
  for (const JudgedQuery& q : queries.judged) {
    int grade2 = 0, grade1 = 0;
    for (const auto& [index, grade] : q.grades) (grade == 2 ? grade2 : grade1)++;
    out << GroupName(q.group) << "\t" << q.text << "\t" << grade2 << "\t" << grade1 << "\t"
        << q.derived_from << "\n";
  }
  for (const TypoQuery& t : queries.typos) {
    out << "typo\t" << t.text << "\t\t\tname contains " << absl::StrJoin(t.intended, " or ")
        << (t.from_issue ? " (issue 3)" : "") << "\n";
  }
}

}  // namespace leafloaf::searchbench
