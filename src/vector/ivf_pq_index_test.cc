#include "vector/ivf_pq_index.h"

#include <algorithm>
#include <functional>
#include <random>

#include "gtest/gtest.h"
#include "vector/embedder.h"

namespace leafloaf::vector {
namespace {

// Unit vectors around `clusters` random centres, as product embeddings
// cluster by category.
std::vector<Vector> ClusteredUnitVectors(size_t n, int dim, size_t clusters, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<Vector> centres(clusters, Vector(static_cast<size_t>(dim)));
  for (Vector& c : centres) {
    for (float& x : c) x = normal(rng);
    Normalize(c);
  }
  std::vector<Vector> out(n, Vector(static_cast<size_t>(dim)));
  for (size_t i = 0; i < n; ++i) {
    const Vector& c = centres[i % clusters];
    for (size_t j = 0; j < out[i].size(); ++j) out[i][j] = c[j] + 0.12f * normal(rng);
    Normalize(out[i]);
  }
  return out;
}

std::vector<uint32_t> Iota(size_t n) {
  std::vector<uint32_t> docs(n);
  for (uint32_t i = 0; i < n; ++i) docs[i] = i;
  return docs;
}

// The exact top k by float inner product among live docs.
std::vector<uint32_t> TrueTop(const std::vector<Vector>& data, const Vector& q, size_t k,
                              const std::vector<bool>& removed) {
  std::vector<std::pair<float, uint32_t>> all;
  for (uint32_t i = 0; i < data.size(); ++i) {
    if (!removed[i]) all.push_back({-Dot(data[i], q), i});
  }
  std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(k), all.end());
  std::vector<uint32_t> top;
  for (size_t i = 0; i < k; ++i) top.push_back(all[i].second);
  return top;
}

constexpr int kDim = 64;

TEST(IvfPqIndexTest, UntrainedIndexScansInt8VectorsExactly) {
  IvfPqIndex index(2);
  index.Add(0, Vector{1, 0});
  index.Add(1, Vector{0.6f, 0.8f});
  index.Add(2, Vector{0, 1});
  index.Add(3, Vector{0, 0});  // nothing known: not indexed
  EXPECT_FALSE(index.trained());
  EXPECT_EQ(index.size(), 3u);
  EXPECT_FALSE(index.Has(3));
  const std::vector<Neighbour> top = index.Search(Vector{0, 1}, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].doc, 2u);
  EXPECT_EQ(top[1].doc, 1u);
  EXPECT_NEAR(top[1].score, 0.8f, 0.01f);
}

TEST(IvfPqIndexTest, TrainsOnceEnoughVectorsAreThereAndFindsNeighbours) {
  const std::vector<Vector> data = ClusteredUnitVectors(6000, kDim, 60, 1);
  IvfPqIndex index(kDim, {.probes = 8, .train_threshold = 4096, .build_threads = 2});
  index.AddBatch(Iota(data.size()), data);
  ASSERT_TRUE(index.trained());
  EXPECT_EQ(index.size(), data.size());
  EXPECT_EQ(index.lists(), 77u);  // sqrt(6000)
  // 16-byte codes: at most 26 bytes a vector plus the quantizers.
  EXPECT_LE(index.MemoryBytes(), data.size() * 26 + 200 * 1024);

  const std::vector<Vector> queries = ClusteredUnitVectors(100, kDim, 60, 2);
  const std::vector<bool> removed(data.size(), false);
  size_t probed = 0, best_found = 0;
  double error = 0;
  for (const Vector& q : queries) {
    const std::vector<Neighbour> approx = index.Search(q, 10);
    ASSERT_EQ(approx.size(), 10u);
    for (size_t i = 1; i < approx.size(); ++i) EXPECT_GE(approx[i - 1].score, approx[i].score);
    // The probed lists hold most of what a scan of every code finds...
    for (const Neighbour& s : index.ScanAll(q, 10)) {
      for (const Neighbour& a : approx) probed += a.doc == s.doc;
    }
    // ...the true nearest is among the ten...
    const uint32_t best = TrueTop(data, q, 1, removed)[0];
    for (const Neighbour& a : approx) best_found += a.doc == best;
    // ...and the estimates are close to the float inner product.
    for (const Neighbour& a : approx) {
      error += std::abs(a.score - Dot(data[a.doc], q));
      EXPECT_FLOAT_EQ(a.score, index.Score(a.doc, q));
    }
  }
  EXPECT_GE(static_cast<double>(probed) / static_cast<double>(queries.size() * 10), 0.85);
  EXPECT_GE(static_cast<double>(best_found) / static_cast<double>(queries.size()), 0.85);
  EXPECT_LT(error / static_cast<double>(queries.size() * 10), 0.05);
}

TEST(IvfPqIndexTest, ProbingEveryListEqualsTheFullScan) {
  const std::vector<Vector> data = ClusteredUnitVectors(3000, kDim, 30, 3);
  IvfPqIndex index(kDim, {.lists = 20, .probes = 20, .train_threshold = 1000, .build_threads = 1});
  index.AddBatch(Iota(data.size()), data);
  ASSERT_TRUE(index.trained());
  for (const Vector& q : ClusteredUnitVectors(10, kDim, 30, 4)) {
    const std::vector<Neighbour> a = index.Search(q, 15);
    const std::vector<Neighbour> b = index.ScanAll(q, 15);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].doc, b[i].doc);
  }
}

TEST(IvfPqIndexTest, TheKBestAreTheHeadOfTheWholeRanking) {
  // ScanAll asked for every doc ranks them all; asked for k, it must keep
  // exactly that ranking's first k, whatever order the lists offer them in.
  const std::vector<Vector> data = ClusteredUnitVectors(3000, kDim, 30, 8);
  IvfPqIndex index(kDim, {.lists = 20, .train_threshold = 1000, .build_threads = 1});
  index.AddBatch(Iota(data.size()), data);
  ASSERT_TRUE(index.trained());
  for (const Vector& q : ClusteredUnitVectors(10, kDim, 30, 9)) {
    const std::vector<Neighbour> all = index.ScanAll(q, data.size());
    ASSERT_EQ(all.size(), data.size());
    for (size_t k : {1, 7, 32, 100}) {
      const std::vector<Neighbour> top = index.ScanAll(q, k);
      ASSERT_EQ(top.size(), k);
      for (size_t i = 0; i < k; ++i) {
        EXPECT_EQ(top[i].doc, all[i].doc) << "k " << k << " rank " << i;
        EXPECT_EQ(top[i].score, all[i].score);
      }
    }
  }
}

TEST(IvfPqIndexTest, MinScoreLeavesOutOnlyTheNeighboursBelowIt) {
  const std::vector<Vector> data = ClusteredUnitVectors(3000, kDim, 30, 10);
  IvfPqIndex index(kDim, {.lists = 20, .probes = 2, .train_threshold = 1000, .build_threads = 1});
  index.AddBatch(Iota(data.size()), data);
  const std::function<bool(uint32_t)> odd = [](uint32_t doc) { return doc % 2 == 1; };
  size_t left_out = 0;
  for (const Vector& q : ClusteredUnitVectors(10, kDim, 30, 11)) {
    for (const std::function<bool(uint32_t)>& allowed : {std::function<bool(uint32_t)>(), odd}) {
      const std::vector<Neighbour> full = index.Search(q, 40, allowed);
      ASSERT_EQ(full.size(), 40u);
      const float floor = full[25].score;  // some below it, some above
      std::vector<Neighbour> expected;
      for (const Neighbour& n : full) {
        if (n.score >= floor) expected.push_back(n);
      }
      left_out += full.size() - expected.size();
      const std::vector<Neighbour> got = index.Search(q, 40, allowed, {}, nullptr, floor);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].doc, expected[i].doc);
        EXPECT_GE(got[i].score, floor);
      }
    }
  }
  EXPECT_GT(left_out, 0u);
}

TEST(IvfPqIndexTest, AddsAndRemovesAfterTrainingAreVisibleAtOnce) {
  std::vector<Vector> data = ClusteredUnitVectors(2000, kDim, 20, 5);
  IvfPqIndex index(kDim, {.train_threshold = 1000, .build_threads = 1});
  // One at a time: training happens on the 1000th vector.
  for (uint32_t i = 0; i < data.size(); ++i) index.Add(i, data[i]);
  ASSERT_TRUE(index.trained());
  EXPECT_EQ(index.size(), data.size());
  // Every vector finds itself.
  for (uint32_t i = 0; i < data.size(); i += 97) {
    const std::vector<Neighbour> top = index.Search(data[i], 5);
    ASSERT_FALSE(top.empty());
    EXPECT_TRUE(std::any_of(top.begin(), top.end(), [&](const Neighbour& n) { return n.doc == i; }));
  }
  // Removed docs disappear; the moved entries stay reachable.
  for (uint32_t i = 0; i < data.size(); i += 2) index.Remove(i);
  EXPECT_EQ(index.size(), data.size() / 2);
  for (uint32_t i = 0; i < data.size(); i += 97) {
    EXPECT_EQ(index.Has(i), i % 2 == 1);
    for (const Neighbour& n : index.Search(data[i], 20)) EXPECT_EQ(n.doc % 2, 1u);
  }
  for (uint32_t i = 1; i < data.size(); i += 194) {
    EXPECT_NEAR(index.Score(i, data[i]), 1.0f, 0.1f);
  }
  // A new doc (an updated product) is found at once.
  index.Add(5000, data[0]);
  EXPECT_EQ(index.Search(data[0], 1).at(0).doc, 5000u);
  EXPECT_EQ(index.Score(4, data[0]), 0.0f);  // removed: no vector
}

TEST(IvfPqIndexTest, FiltersAreCheckedAndSelectiveOnesScanEverything) {
  const std::vector<Vector> data = ClusteredUnitVectors(3000, kDim, 30, 6);
  IvfPqIndex index(kDim, {.probes = 2, .train_threshold = 1000, .build_threads = 1});
  index.AddBatch(Iota(data.size()), data);
  // Ten allowed docs, in the clusters far from the query: all are found.
  auto allowed = [](uint32_t doc) { return doc % 300 == 7; };
  const std::vector<Neighbour> top = index.Search(data[0], 10, allowed);
  ASSERT_EQ(top.size(), 10u);
  for (const Neighbour& n : top) EXPECT_EQ(n.doc % 300, 7u);
}

TEST(IvfPqIndexTest, SearchScoresTheGivenDocsInTheSamePass) {
  const std::vector<Vector> data = ClusteredUnitVectors(2000, kDim, 20, 7);
  IvfPqIndex index(kDim, {.train_threshold = 1000, .build_threads = 1});
  index.AddBatch(Iota(data.size()), data);
  const std::vector<uint32_t> docs = {3, 50, 999, 123456};
  std::vector<float> scores;
  index.Search(data[3], 5, nullptr, docs, &scores);
  ASSERT_EQ(scores.size(), docs.size());
  for (size_t i = 0; i + 1 < docs.size(); ++i) EXPECT_FLOAT_EQ(scores[i], index.Score(docs[i], data[3]));
  EXPECT_EQ(scores[3], 0.0f);  // unknown doc
  EXPECT_LE(scores[0], 1.0f);
}

}  // namespace
}  // namespace leafloaf::vector
