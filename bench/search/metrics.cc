#include "bench/search/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace leafloaf::searchbench {
namespace {

double Dcg(const std::vector<int>& grades, int k) {
  double dcg = 0;
  const int n = std::min<int>(k, static_cast<int>(grades.size()));
  for (int rank = 1; rank <= n; ++rank) dcg += grades[rank - 1] / std::log2(rank + 1.0);
  return dcg;
}

}  // namespace

double NdcgAt(const std::vector<int>& ranked_grades, std::vector<int> judged_grades, int k) {
  std::sort(judged_grades.begin(), judged_grades.end(), std::greater<>());
  const double ideal = Dcg(judged_grades, k);
  return ideal > 0 ? Dcg(ranked_grades, k) / ideal : 0;
}

double ReciprocalRankAt(const std::vector<int>& ranked_grades, int min_grade, int k) {
  const int n = std::min<int>(k, static_cast<int>(ranked_grades.size()));
  for (int rank = 1; rank <= n; ++rank) {
    if (ranked_grades[rank - 1] >= min_grade) return 1.0 / rank;
  }
  return 0;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least p of the values <= it.
  size_t rank = static_cast<size_t>(std::ceil(p * values.size()));
  rank = std::clamp<size_t>(rank, 1, values.size());
  return values[rank - 1];
}

}  // namespace leafloaf::searchbench
