// A small deterministic random generator (SplitMix64) with its own
// distributions. std:: distributions are implementation-defined, so the demo
// shop would differ between standard libraries; these do not.
// Not thread-safe: one instance per thread.
#ifndef LEAFLOAF_COMMON_RANDOM_H_
#define LEAFLOAF_COMMON_RANDOM_H_

#include <cmath>
#include <cstdint>
#include <span>

namespace leafloaf {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Uniform(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Uniform(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Standard normal by Box-Muller.
  double Normal(double mean, double stddev) {
    double u1 = Unit();
    double u2 = Unit();
    if (u1 < 1e-300) u1 = 1e-300;
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Uniform(items.size())];
  }

 private:
  uint64_t state_;
};

}  // namespace leafloaf

#endif  // LEAFLOAF_COMMON_RANDOM_H_
