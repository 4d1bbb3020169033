// IvfPqIndex: compressed nearest-neighbour search by inner product over
// unit vectors (an inverted file of product-quantized codes, as in Jégou
// et al. 2011 and faiss's IndexIVFPQ), keyed by the search index's doc ids.
//
// Why not the hnswlib graph alone: for the search benchmark's 127k products
// the graph and its int8 vectors took 29.6 MiB, 1.3x the whole text index,
// and the graph walk's random reads were a quarter of a hybrid query. Here a
// product costs 26 bytes (a 16-byte code, its doc id in its list, and where
// it sits) and a query reads a few contiguous lists. faiss implements the
// same structure but would add a system dependency (BLAS, OpenMP) for about
// 500 lines; hnswlib stays available (VectorIndexOptions::structure).
//
// Structure, once trained:
//  * a coarse quantizer: `lists` centroids (k-means); each vector is filed in
//    the list of its nearest centroid;
//  * the residual (vector minus centroid) split into `subspaces` slices, each
//    replaced by the nearest of 256 slice centroids (k-means per slice): one
//    byte per slice;
//  * a query scores list l's entries as q.c_l + sum over slices of a table
//    lookup (q's slice . the code's slice centroid): the inner product of q
//    with the reconstructed vector, an estimate of the cosine (under 0.05
//    off on average on the test's clustered 64-dimension vectors).
// A query scans the lists whose centroids score best (see `probes`).
//
// Training happens the first time `train_threshold` vectors are present
// (typically the load at start, in AddBatch); before that, vectors are kept
// as int8 (vector/int8_space.h) and scanned exactly, which is also what a
// small shop gets. Vectors added later are encoded with the trained
// quantizers at once (freshness), so a catalog that drifts far from the one
// trained on loses some precision until the next start.
//
// Doc ids are never reused (see search/doc_table.h); Remove() takes the
// entry out of its list at once.
//
// Thread-safety: const methods may run concurrently with each other; Add(),
// AddBatch() and Remove() need exclusive access.
#ifndef LEAFLOAF_VECTOR_IVF_PQ_INDEX_H_
#define LEAFLOAF_VECTOR_IVF_PQ_INDEX_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace leafloaf::vector {

struct Neighbour {
  uint32_t doc;
  float score;  // inner product; the cosine for unit vectors
};

struct IvfPqOptions {
  // Coarse lists; 0 = the square root of the vectors present at training,
  // within [16, 1024].
  size_t lists = 0;
  // Code bytes per vector: the dimension must divide into this many equal
  // slices; otherwise the largest divisor of the dimension below it is used.
  size_t subspaces = 16;
  // Lists scanned per query, closest centroid first: at least `probes`,
  // and more while fewer than `min_candidates` docs were seen or fewer
  // than k passed the filter. In the search benchmark (127k products, 356
  // lists) one list gave the best nDCG@10 and the most queries/s.
  size_t probes = 1;
  size_t min_candidates = 256;
  size_t train_threshold = 4096;   // vectors needed before training
  int kmeans_iterations = 8;
  int build_threads = 0;  // training and encoding threads; 0 = hardware concurrency
  uint32_t seed = 1;
};

class IvfPqIndex {
 public:
  explicit IvfPqIndex(int dim, IvfPqOptions options = {});
  IvfPqIndex(const IvfPqIndex&) = delete;
  IvfPqIndex& operator=(const IvfPqIndex&) = delete;

  int dim() const { return dim_; }
  size_t size() const { return live_; }  // live vectors
  bool trained() const { return trained_; }
  size_t lists() const { return lists_.size(); }

  // Adds `doc` with unit vector `v` (dim() floats); all-zero vectors and
  // docs already present are ignored.
  void Add(uint32_t doc, std::span<const float> v);
  // Adds many at once (training first when this reaches train_threshold).
  void AddBatch(std::span<const uint32_t> docs, std::span<const std::vector<float>> vectors);
  void Remove(uint32_t doc);
  bool Has(uint32_t doc) const;

  // The (up to) k docs with the highest estimated inner product with
  // `query`, best first, among those `allowed` accepts (null = all), and
  // in `scores` (when not null) the estimates for `score_docs` (0 for docs
  // without a vector). The query's tables are computed once for both.
  // The lists scanned are set by `probes` and `min_candidates` (every list,
  // for a filter no doc passes). Neighbours scoring below `min_score` are
  // left out: the result is the top k's part at or above it. Without a
  // filter the scan keeps no entry below it; with one, the lists scanned
  // depend on how many entries pass the filter, so the floor is applied to
  // the result.
  std::vector<Neighbour> Search(std::span<const float> query, size_t k,
                                const std::function<bool(uint32_t)>& allowed = nullptr,
                                std::span<const uint32_t> score_docs = {},
                                std::vector<float>* scores = nullptr,
                                float min_score = -std::numeric_limits<float>::infinity()) const;
  // The same over every list (the codes' exact top k; recall measure).
  std::vector<Neighbour> ScanAll(std::span<const float> query, size_t k,
                                 const std::function<bool(uint32_t)>& allowed = nullptr) const;
  // One doc's estimate (0 without a vector). Prefer Search's score_docs
  // for many docs: this computes the query's tables each call.
  float Score(uint32_t doc, std::span<const float> query) const;

  size_t MemoryBytes() const;

 private:
  struct List {
    std::vector<uint8_t> codes;  // code_bytes_ per entry
    std::vector<uint32_t> docs;
  };
  struct QueryTables;  // ivf_pq_index.cc

  void Train(std::span<const std::vector<float>> sample);
  void Encode(std::span<const float> v, uint8_t* code, uint16_t* list) const;
  void Insert(uint32_t doc, uint16_t list, const uint8_t* code);
  void Prepare(std::span<const float> query, QueryTables& t) const;
  float ScoreEntry(const QueryTables& t, uint16_t list, const uint8_t* code) const;
  struct TopK;  // ivf_pq_index.cc
  // Offers the list's entries that `allowed` accepts to `top`.
  void ScanList(const QueryTables& t, uint16_t list, const std::function<bool(uint32_t)>& allowed,
                TopK& top) const;
  std::vector<float> Decode(uint16_t list, const uint8_t* code) const;

  const int dim_;
  const IvfPqOptions options_;
  bool trained_ = false;
  size_t code_bytes_;   // untrained: int8 vector bytes; trained: subspaces
  size_t subspaces_;
  size_t slice_;        // dimensions per subspace
  size_t live_ = 0;
  std::vector<List> lists_;              // untrained: one list of int8 vectors
  std::vector<float> centroids_t_;       // dim x lists (transposed: all scored at once)
  std::vector<float> centroid_half_norms_;  // by list: |c|^2 / 2 (nearest by L2)
  std::vector<float> codebooks_t_;       // dim x 256: subspace m's rows m*slice_..
  std::vector<float> codebook_half_norms_;  // subspaces x 256
  std::vector<uint16_t> list_of_;        // by doc; kAbsent when not indexed
  std::vector<uint32_t> position_;       // by doc: entry index in its list
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_IVF_PQ_INDEX_H_
