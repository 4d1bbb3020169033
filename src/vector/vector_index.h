// VectorIndex: nearest neighbours by inner product over unit vectors,
// keyed by the search index's dense doc ids, in one of two structures:
//
//  * kIvfPq (the default): vector/ivf_pq_index.h, an inverted file of
//    16-byte product-quantized codes (26 bytes a product); scores are
//    estimates of the cosine. A filtered query checks the filter on each
//    candidate and scans further lists while too few docs pass.
//  * kHnsw: an hnswlib HNSW graph over int8 vectors (vector/int8_space.h:
//    68 bytes for 64 dimensions, scores within about 0.01 of the float
//    inner product). A filtered query asks the graph for more neighbours
//    and falls back to an exact scan when too few pass.
//
// Why IVF-PQ by default: in the search benchmark (127k products, docs/
// BENCHMARKS.md) the graph and its vectors took 29.6 MiB, more than the
// text index, and its walk was a quarter of a hybrid query's time.
//
// Doc ids are never reused (see search/doc_table.h): an updated product
// gets a new doc, and Remove() takes the old one out.
//
// Thread-safety: Search(), Score() and Has() may run concurrently with each
// other; Add(), AddBatch() and Remove() need exclusive access (the owning
// ProductIndex's lock gives it).
#ifndef LEAFLOAF_VECTOR_VECTOR_INDEX_H_
#define LEAFLOAF_VECTOR_VECTOR_INDEX_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "vector/ivf_pq_index.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
}  // namespace hnswlib

namespace leafloaf::vector {

class Int8Space;  // vector_index.cc: hnswlib's view of vector/int8_space.h

enum class VectorStructure { kIvfPq, kHnsw };

// "ivf-pq" or "hnsw" (config and flags); kInvalidArgument otherwise.
absl::StatusOr<VectorStructure> ParseVectorStructure(std::string_view name);
const char* VectorStructureName(VectorStructure structure);

struct VectorIndexOptions {
  VectorStructure structure = VectorStructure::kIvfPq;
  IvfPqOptions ivf;  // kIvfPq
  // kHnsw:
  size_t m = 16;                 // graph degree
  size_t ef_construction = 100;  // build-time beam
  size_t ef_search = 32;         // query-time beam (at least k)
  // A filtered query asks the graph for k times this many neighbours.
  size_t filter_overfetch = 8;
  int build_threads = 0;  // AddBatch threads; 0 = hardware concurrency
};

class VectorIndex {
 public:
  explicit VectorIndex(int dim, VectorIndexOptions options = {});
  ~VectorIndex();
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  int dim() const { return dim_; }
  // Number of live vectors.
  size_t size() const;

  // Adds `doc` with unit vector `v` (dim() floats). All-zero vectors are
  // not indexed: nothing is known about the doc.
  void Add(uint32_t doc, std::span<const float> v);
  // Adds many docs at once on several threads; `vectors[i]` is `docs[i]`'s.
  void AddBatch(std::span<const uint32_t> docs, std::span<const std::vector<float>> vectors);
  void Remove(uint32_t doc);
  bool Has(uint32_t doc) const;
  // The doc's inner product with `query`; 0 when the doc has no vector.
  float Score(uint32_t doc, std::span<const float> query) const;

  // The (up to) k docs with the highest inner product with `query`, best
  // first, among those `allowed` accepts (null = all).
  std::vector<Neighbour> Search(std::span<const float> query, size_t k,
                                const std::function<bool(uint32_t)>& allowed = nullptr) const;
  // Search(), and in `scores` Score() of each of `score_docs` (IVF-PQ
  // prepares the query's tables once for both). Neighbours scoring below
  // `min_score` are left out (IVF-PQ skips them in its scan).
  std::vector<Neighbour> SearchAndScore(std::span<const float> query, size_t k,
                                        const std::function<bool(uint32_t)>& allowed,
                                        std::span<const uint32_t> score_docs,
                                        std::vector<float>* scores,
                                        float min_score = -std::numeric_limits<float>::infinity()) const;
  // Exact top k (kIvfPq: over every list's codes), for filtered queries and as the measure of recall.
  std::vector<Neighbour> ExactSearch(std::span<const float> query, size_t k,
                                     const std::function<bool(uint32_t)>& allowed = nullptr) const;

  size_t MemoryBytes() const;

 private:
  void Reserve(size_t elements);
  const uint8_t* Data(uint32_t doc) const;  // quantized; null when absent or removed
  void SetInternal(uint32_t doc);             // records the graph's id for `doc`

  const int dim_;
  const VectorIndexOptions options_;
  std::unique_ptr<IvfPqIndex> ivf_;  // kIvfPq; the members below are kHnsw's
  std::unique_ptr<Int8Space> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph_;
  size_t live_ = 0;
  std::vector<uint8_t> state_;      // by doc: 0 absent, 1 live, 2 removed
  std::vector<uint32_t> internal_;  // by doc: the graph's internal id (no hash lookup)
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_VECTOR_INDEX_H_
