#include "vector/int8_space.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace leafloaf::vector {
namespace {

float Scale(const uint8_t* v) {
  float s;
  std::memcpy(&s, v, sizeof s);
  return s;
}

const int8_t* Components(const uint8_t* v) { return reinterpret_cast<const int8_t*>(v + sizeof(float)); }

// The loops GCC vectorizes at -O3 (set for this file in CMake); the
// functions calling them have one clone per instruction set, chosen when
// the program loads.
inline int32_t IntDot(const int8_t* a, const int8_t* b, size_t n) {
  int32_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<int16_t>(a[i]) * static_cast<int16_t>(b[i]);
  return sum;
}

}  // namespace

void Quantize(std::span<const float> v, uint8_t* out) {
  float max_abs = 0;
  for (float x : v) max_abs = std::max(max_abs, std::fabs(x));
  const float scale = max_abs > 0 ? max_abs / 127.0f : 0.0f;
  std::memcpy(out, &scale, sizeof scale);
  int8_t* q = reinterpret_cast<int8_t*>(out + sizeof(float));
  for (size_t i = 0; i < v.size(); ++i) {
    q[i] = scale > 0 ? static_cast<int8_t>(std::clamp(std::lround(v[i] / scale), -127L, 127L)) : 0;
  }
}

__attribute__((target_clones("avx2", "default"))) float QuantizedDot(const uint8_t* a,
                                                                     const uint8_t* b, size_t dim) {
  return Scale(a) * Scale(b) * static_cast<float>(IntDot(Components(a), Components(b), dim));
}

__attribute__((target_clones("avx2", "default"))) float QuantizedDot(const uint8_t* a,
                                                                     std::span<const float> q) {
  // Eight independent sums: a float reduction vectorizes only so.
  const int8_t* c = Components(a);
  float lanes[8] = {};
  size_t i = 0;
  for (; i + 8 <= q.size(); i += 8) {
    for (size_t k = 0; k < 8; ++k) lanes[k] += static_cast<float>(c[i + k]) * q[i + k];
  }
  float sum = 0;
  for (; i < q.size(); ++i) sum += static_cast<float>(c[i]) * q[i];
  for (float lane : lanes) sum += lane;
  return Scale(a) * sum;
}

__attribute__((target_clones("avx2", "default"))) float Int8Distance(const void* a, const void* b,
                                                                     const void* dim) {
  const auto* pa = static_cast<const uint8_t*>(a);
  const auto* pb = static_cast<const uint8_t*>(b);
  return 1.0f - Scale(pa) * Scale(pb) *
                    static_cast<float>(IntDot(Components(pa), Components(pb), *static_cast<const size_t*>(dim)));
}

}  // namespace leafloaf::vector
