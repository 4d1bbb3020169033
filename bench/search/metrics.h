// Relevance and latency metrics of the search benchmark. Plain functions
// over grades in rank order, so they are tested on their own
// (metrics_test.cc).
#ifndef LEAFLOAF_BENCH_SEARCH_METRICS_H_
#define LEAFLOAF_BENCH_SEARCH_METRICS_H_

#include <vector>

namespace leafloaf::searchbench {

// nDCG@k with linear gain (gain = grade, as trec_eval) and a log2 discount:
// DCG = sum over ranks r = 1..k of grade_r / log2(r + 1); the ideal DCG
// takes `judged_grades` (every positive grade of the query, any order)
// sorted best first. 0 when the query has no positive grade.
double NdcgAt(const std::vector<int>& ranked_grades, std::vector<int> judged_grades, int k);

// 1 / rank of the first result with grade >= min_grade within the first
// k, else 0 (MRR@k when averaged over queries).
double ReciprocalRankAt(const std::vector<int>& ranked_grades, int min_grade, int k);

// The p-quantile (0..1) of `values` by nearest rank; 0 when empty.
double Percentile(std::vector<double> values, double p);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_METRICS_H_
