// Per-thread scratch arrays for scoring, reused across queries so a query
// allocates nothing proportional to the catalog. Stamps mark which entries
// belong to the current query or word group, so nothing is cleared.
#ifndef LEAFLOAF_SEARCH_SEARCH_SCRATCH_H_
#define LEAFLOAF_SEARCH_SEARCH_SCRATCH_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace leafloaf::search {

struct SearchScratch {
  std::vector<float> score;
  std::vector<float> group_best;
  std::vector<uint32_t> mask;          // bit g: matched word group g
  std::vector<uint32_t> query_stamp;   // == query_seq when score/mask are this query's
  std::vector<uint32_t> group_stamp;   // == group_seq when group_best is this group's
  std::vector<uint32_t> touched;       // docs with any match in this query
  std::vector<uint32_t> group_touched;
  uint32_t query_seq = 0;
  uint32_t group_seq = 0;

  void Ensure(size_t docs) {
    if (score.size() >= docs) return;
    size_t n = std::max(docs, score.size() * 2);
    score.resize(n);
    group_best.resize(n);
    mask.resize(n);
    query_stamp.resize(n, 0);
    group_stamp.resize(n, 0);
  }
  uint32_t NextQuery() {
    touched.clear();
    if (++query_seq == 0) {
      std::fill(query_stamp.begin(), query_stamp.end(), 0);
      query_seq = 1;
    }
    return query_seq;
  }
  uint32_t NextGroup() {
    group_touched.clear();
    if (++group_seq == 0) {
      std::fill(group_stamp.begin(), group_stamp.end(), 0);
      group_seq = 1;
    }
    return group_seq;
  }

  static SearchScratch& ForThisThread() {
    thread_local SearchScratch scratch;
    return scratch;
  }
};

}  // namespace leafloaf::search

#endif  // LEAFLOAF_SEARCH_SEARCH_SCRATCH_H_
