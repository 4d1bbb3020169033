#include "vector/int8_space.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "vector/embedder.h"

namespace leafloaf::vector {
namespace {

Vector RandomUnit(std::mt19937& rng, size_t dim) {
  std::normal_distribution<float> normal;
  Vector v(dim);
  for (float& x : v) x = normal(rng);
  Normalize(v);
  return v;
}

TEST(Int8SpaceTest, QuantizedInnerProductsStayCloseToExact) {
  std::mt19937 rng(7);
  constexpr size_t kDim = 64;
  double worst = 0;
  for (int trial = 0; trial < 500; ++trial) {
    Vector a = RandomUnit(rng, kDim), b = RandomUnit(rng, kDim);
    if (trial % 5 == 0) b = a;  // identical vectors: cosine 1
    std::vector<uint8_t> qa(QuantizedBytes(kDim)), qb(QuantizedBytes(kDim));
    Quantize(a, qa.data());
    Quantize(b, qb.data());
    const float exact = Dot(a, b);
    worst = std::max(worst, static_cast<double>(std::fabs(QuantizedDot(qa.data(), qb.data(), kDim) - exact)));
    worst = std::max(worst, static_cast<double>(std::fabs(QuantizedDot(qa.data(), b) - exact)));
  }
  EXPECT_LT(worst, 0.01);
  EXPECT_GT(worst, 0.0);  // it is an approximation
}

TEST(Int8SpaceTest, ZeroVectorAndDistance) {
  std::vector<uint8_t> zero(QuantizedBytes(3)), one(QuantizedBytes(3));
  Quantize(Vector{0, 0, 0}, zero.data());
  Quantize(Vector{0, 1, 0}, one.data());
  EXPECT_EQ(QuantizedDot(zero.data(), one.data(), 3), 0.0f);
  EXPECT_EQ(QuantizedBytes(3), 8u);  // padded for alignment
  EXPECT_EQ(QuantizedBytes(64), 68u);
  const size_t dim = 3;
  EXPECT_NEAR(Int8Distance(one.data(), one.data(), &dim), 0.0f, 1e-6);
  EXPECT_NEAR(Int8Distance(one.data(), zero.data(), &dim), 1.0f, 1e-6);
}

}  // namespace
}  // namespace leafloaf::vector
