// Int8 vectors for the vector index: each unit vector is stored as a float
// scale followed by dim() int8 components (the largest |component| maps to
// 127), 4 + dim bytes instead of 4 x dim. An inner product of two such
// vectors is scale_a x scale_b x (integer dot product); against a 64-
// dimension unit vector the error stays below about 0.01, well inside the
// gaps the hybrid fusion works with, and the graph's memory traffic drops
// to a quarter.
//
// Int8Distance is the layout's distance for hnswlib (1 - inner product;
// VectorIndex's space plugs it in). The integer dot product is compiled
// for AVX2 and plain x86-64 and picked at run time.
//
// Thread-safety: stateless functions.
#ifndef LEAFLOAF_VECTOR_INT8_SPACE_H_
#define LEAFLOAF_VECTOR_INT8_SPACE_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace leafloaf::vector {

// Bytes one quantized vector of `dim` components takes: padded to a
// multiple of 4, so that hnswlib's link lists after it stay aligned.
constexpr size_t QuantizedBytes(size_t dim) { return sizeof(float) + (dim + 3) / 4 * 4; }

// Writes `v`'s quantized form to `out` (QuantizedBytes(v.size()) bytes).
void Quantize(std::span<const float> v, uint8_t* out);
// Inner product of two quantized vectors of `dim` components.
float QuantizedDot(const uint8_t* a, const uint8_t* b, size_t dim);
// Inner product of a quantized vector with a float one (dim = q.size()).
float QuantizedDot(const uint8_t* a, std::span<const float> q);

// hnswlib's distance function over two quantized vectors; `dim` points to
// the size_t dimension.
float Int8Distance(const void* a, const void* b, const void* dim);

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_INT8_SPACE_H_
