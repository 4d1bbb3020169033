#include "vector/vector_index.h"

#include <random>

#include "gtest/gtest.h"
#include "vector/embedder.h"

namespace leafloaf::vector {
namespace {

std::vector<Vector> RandomUnitVectors(size_t n, int dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<Vector> out(n, Vector(static_cast<size_t>(dim)));
  for (Vector& v : out) {
    for (float& x : v) x = normal(rng);
    Normalize(v);
  }
  return out;
}

// Every test runs against both structures; below IvfPqOptions::
// train_threshold vectors IVF-PQ scans int8 vectors exactly (its trained
// form is tested in ivf_pq_index_test.cc).
class VectorIndexTest : public ::testing::TestWithParam<VectorStructure> {
 protected:
  VectorIndexOptions Options() const { return {.structure = GetParam()}; }
};

INSTANTIATE_TEST_SUITE_P(Structures, VectorIndexTest,
                         ::testing::Values(VectorStructure::kIvfPq, VectorStructure::kHnsw),
                         [](const ::testing::TestParamInfo<VectorStructure>& info) {
                           return info.param == VectorStructure::kHnsw ? "Hnsw" : "IvfPq";
                         });

TEST_P(VectorIndexTest, FindsTheNearestNeighboursWithHighRecall) {
  constexpr int kDim = 32;
  const std::vector<Vector> data = RandomUnitVectors(3000, kDim, 1);
  VectorIndex index(kDim, Options());
  std::vector<uint32_t> docs(data.size());
  for (uint32_t i = 0; i < docs.size(); ++i) docs[i] = i * 2;  // sparse doc ids
  index.AddBatch(docs, data);
  EXPECT_EQ(index.size(), data.size());

  const std::vector<Vector> queries = RandomUnitVectors(50, kDim, 2);
  size_t found = 0, wanted = 0;
  for (const Vector& q : queries) {
    std::vector<Neighbour> exact = index.ExactSearch(q, 10);
    std::vector<Neighbour> approx = index.Search(q, 10);
    ASSERT_EQ(exact.size(), 10u);
    ASSERT_EQ(approx.size(), 10u);
    for (size_t i = 1; i < approx.size(); ++i) EXPECT_GE(approx[i - 1].score, approx[i].score);
    for (const Neighbour& e : exact) {
      ++wanted;
      for (const Neighbour& a : approx) found += a.doc == e.doc;
    }
    EXPECT_NEAR(exact[0].score, index.Score(exact[0].doc, q), 1e-5);
    // A vector's own score is its cosine with itself: 1 at most, even
    // after int8 rounding.
    const float self = index.Score(exact[0].doc, data[exact[0].doc / 2]);
    EXPECT_LE(self, 1.0f);
    EXPECT_NEAR(self, 1.0f, 0.01f);
    for (const Neighbour& n : index.Search(data[exact[0].doc / 2], 3)) EXPECT_LE(n.score, 1.0f);
  }
  EXPECT_GE(static_cast<double>(found) / static_cast<double>(wanted), 0.9);
}

TEST_P(VectorIndexTest, ExactSearchIsExact) {
  VectorIndex index(2, Options());
  index.Add(0, Vector{1, 0});
  index.Add(1, Vector{0.6f, 0.8f});
  index.Add(2, Vector{0, 1});
  std::vector<Neighbour> top = index.ExactSearch(Vector{0, 1}, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].doc, 2u);
  EXPECT_EQ(top[1].doc, 1u);
  EXPECT_NEAR(top[1].score, 0.8f, 1e-6);
}

TEST_P(VectorIndexTest, FiltersRemovalsAndZeroVectors) {
  constexpr int kDim = 16;
  const std::vector<Vector> data = RandomUnitVectors(500, kDim, 3);
  VectorIndex index(kDim, Options());
  for (uint32_t i = 0; i < data.size(); ++i) index.Add(i, data[i]);
  index.Add(1000, Vector(kDim, 0.0f));  // nothing known: not indexed
  EXPECT_FALSE(index.Has(1000));
  EXPECT_EQ(index.Score(1000, data[0]), 0.0f);

  // The best match of a doc's own vector is the doc.
  std::vector<Neighbour> top = index.Search(data[7], 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].doc, 7u);
  index.Remove(7);
  EXPECT_FALSE(index.Has(7));
  for (const Neighbour& n : index.Search(data[7], 20)) EXPECT_NE(n.doc, 7u);
  EXPECT_EQ(index.size(), 499u);

  // A selective filter (1 doc in 50) still returns k docs, all allowed.
  auto allowed = [](uint32_t doc) { return doc % 50 == 3; };
  std::vector<Neighbour> filtered = index.Search(data[0], 5, allowed);
  ASSERT_EQ(filtered.size(), 5u);
  for (const Neighbour& n : filtered) EXPECT_TRUE(allowed(n.doc)) << n.doc;
  EXPECT_EQ(filtered[0].doc, index.ExactSearch(data[0], 1, allowed)[0].doc);
}

TEST_P(VectorIndexTest, GrowsPastItsInitialCapacityAndIgnoresWrongDimensions) {
  constexpr int kDim = 8;
  const std::vector<Vector> data = RandomUnitVectors(5000, kDim, 4);
  VectorIndex index(kDim, Options());
  for (uint32_t i = 0; i < data.size(); ++i) index.Add(i, data[i]);
  index.Add(9999, Vector{1, 0});  // wrong dimension
  EXPECT_EQ(index.size(), 5000u);
  EXPECT_TRUE(index.Search(Vector{1, 0}, 3).empty());
  if (GetParam() == VectorStructure::kHnsw) {
    EXPECT_GT(index.MemoryBytes(), 5000u * kDim * sizeof(float));  // vectors and links
  } else {
    EXPECT_GT(index.MemoryBytes(), 5000u * kDim);  // trained: 8-byte codes and doc ids
    EXPECT_LT(index.MemoryBytes(), 5000u * 64);
  }
}

}  // namespace
}  // namespace leafloaf::vector
