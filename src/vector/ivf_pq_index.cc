#include "vector/ivf_pq_index.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <thread>

#include "vector/int8_space.h"

namespace leafloaf::vector {
namespace {

constexpr uint16_t kAbsent = 0xFFFF;
constexpr size_t kCodewords = 256;  // per subspace: one byte

bool AllZero(std::span<const float> v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

bool BetterNeighbour(const Neighbour& a, const Neighbour& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

// out[c] = x . column c of `t` (d rows of k floats): the loop runs over c,
// so it vectorizes without reordering a float sum (-O3 is set for this file
// in CMake; one clone per instruction set, chosen at load).
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default"))) void ScoreColumns(const float* x, const float* t,
                                                                   size_t d, size_t k, float* out) {
  // 32 columns at a time in four AVX2 registers, so that `out` is written
  // once instead of once per row (the loop was bound by those stores:
  // 6.6 us to 5.1 us per query's tables). Each sum adds the same terms in
  // the same order as before.
  constexpr size_t kBlock = 32;
  size_t c0 = 0;
  for (; c0 + kBlock <= k; c0 += kBlock) {
    float acc[kBlock] = {};
    for (size_t j = 0; j < d; ++j) {
      const float xj = x[j];
      const float* row = t + j * k + c0;
      for (size_t c = 0; c < kBlock; ++c) acc[c] += xj * row[c];
    }
    std::copy_n(acc, kBlock, out + c0);
  }
  std::fill(out + c0, out + k, 0.0f);
  for (size_t j = 0; j < d; ++j) {
    const float xj = x[j];
    const float* row = t + j * k;
    for (size_t c = c0; c < k; ++c) out[c] += xj * row[c];
  }
}

// The column of `t` nearest to x by L2: the largest x.c - |c|^2/2.
size_t Nearest(const float* x, const float* t, const float* half_norms, size_t d, size_t k,
               float* scratch) {
  ScoreColumns(x, t, d, k, scratch);
  size_t best = 0;
  float best_score = -std::numeric_limits<float>::infinity();
  for (size_t c = 0; c < k; ++c) {
    const float s = scratch[c] - half_norms[c];
    if (s > best_score) best_score = s, best = c;
  }
  return best;
}

int Threads(int wanted) {
  const int n = wanted > 0 ? wanted : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(n, 1, 16);
}

// Runs fn(begin, end) over [0, n) in one chunk per thread.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  const size_t chunks = std::min<size_t>(static_cast<size_t>(threads), std::max<size_t>(n / 256, 1));
  std::vector<std::thread> pool;
  for (size_t c = 1; c < chunks; ++c) pool.emplace_back(fn, n * c / chunks, n * (c + 1) / chunks);
  fn(0, n / chunks);
  for (std::thread& t : pool) t.join();
}

// Transposes k rows of d floats into d rows of k, and their |row|^2 / 2.
void Transpose(const std::vector<float>& rows, size_t d, size_t k, float* t, float* half_norms) {
  for (size_t c = 0; c < k; ++c) {
    float norm = 0;
    for (size_t j = 0; j < d; ++j) {
      t[j * k + c] = rows[c * d + j];
      norm += rows[c * d + j] * rows[c * d + j];
    }
    half_norms[c] = norm / 2;
  }
}

// Lloyd's k-means of n rows of d floats into k centroids (rows), seeded
// with k distinct random rows; an emptied cluster takes a random row.
std::vector<float> KMeans(const std::vector<float>& rows, size_t d, size_t k, int iterations,
                          std::mt19937& rng, int threads) {
  const size_t n = rows.size() / d;
  std::vector<size_t> pick(n);
  std::iota(pick.begin(), pick.end(), 0);
  std::shuffle(pick.begin(), pick.end(), rng);
  std::vector<float> centroids(k * d);
  for (size_t c = 0; c < k; ++c) std::copy_n(&rows[pick[c % n] * d], d, &centroids[c * d]);
  std::vector<float> t(d * k), half_norms(k);
  std::vector<uint32_t> assignment(n);
  for (int it = 0; it < iterations; ++it) {
    Transpose(centroids, d, k, t.data(), half_norms.data());
    ParallelFor(n, threads, [&](size_t begin, size_t end) {
      std::vector<float> scratch(k);
      for (size_t i = begin; i < end; ++i) {
        assignment[i] = static_cast<uint32_t>(
            Nearest(&rows[i * d], t.data(), half_norms.data(), d, k, scratch.data()));
      }
    });
    std::vector<double> sums(k * d, 0.0);
    std::vector<size_t> counts(k, 0);
    for (size_t i = 0; i < n; ++i) {
      ++counts[assignment[i]];
      for (size_t j = 0; j < d; ++j) sums[assignment[i] * d + j] += rows[i * d + j];
    }
    std::uniform_int_distribution<size_t> any_row(0, n - 1);
    for (size_t c = 0; c < k; ++c) {
      if (counts[c] == 0) {
        std::copy_n(&rows[any_row(rng) * d], d, &centroids[c * d]);
        continue;
      }
      for (size_t j = 0; j < d; ++j) {
        centroids[c * d + j] = static_cast<float>(sums[c * d + j] / static_cast<double>(counts[c]));
      }
    }
  }
  return centroids;
}

size_t Subspaces(int dim, size_t wanted) {
  size_t s = std::clamp<size_t>(wanted, 1, static_cast<size_t>(dim));
  while (static_cast<size_t>(dim) % s != 0) --s;
  return s;
}

}  // namespace

struct IvfPqIndex::QueryTables {
  std::span<const float> query;
  std::vector<float> list_scores;  // q . centroid, by list
  std::vector<float> table;        // subspaces x 256: q's slice . codeword
};

IvfPqIndex::IvfPqIndex(int dim, IvfPqOptions options)
    : dim_(dim),
      options_(options),
      code_bytes_(QuantizedBytes(static_cast<size_t>(dim))),
      subspaces_(Subspaces(dim, options.subspaces)),
      slice_(static_cast<size_t>(dim) / subspaces_),
      lists_(1) {}

bool IvfPqIndex::Has(uint32_t doc) const { return doc < list_of_.size() && list_of_[doc] != kAbsent; }

void IvfPqIndex::Insert(uint32_t doc, uint16_t list, const uint8_t* code) {
  if (list_of_.size() <= doc) {
    list_of_.resize(doc + 1, kAbsent);
    position_.resize(doc + 1, 0);
  }
  List& l = lists_[list];
  list_of_[doc] = list;
  position_[doc] = static_cast<uint32_t>(l.docs.size());
  l.docs.push_back(doc);
  l.codes.insert(l.codes.end(), code, code + code_bytes_);
}

void IvfPqIndex::Remove(uint32_t doc) {
  if (!Has(doc)) return;
  List& l = lists_[list_of_[doc]];
  const size_t at = position_[doc];
  const size_t last = l.docs.size() - 1;
  if (at != last) {
    l.docs[at] = l.docs[last];
    std::copy_n(&l.codes[last * code_bytes_], code_bytes_, &l.codes[at * code_bytes_]);
    position_[l.docs[at]] = static_cast<uint32_t>(at);
  }
  l.docs.pop_back();
  l.codes.resize(last * code_bytes_);
  list_of_[doc] = kAbsent;
  --live_;
}

void IvfPqIndex::Encode(std::span<const float> v, uint8_t* code, uint16_t* list) const {
  if (!trained_) {
    Quantize(v, code);
    *list = 0;
    return;
  }
  const size_t nlists = lists_.size();
  std::vector<float> scratch(std::max(nlists, kCodewords));
  const size_t l = Nearest(v.data(), centroids_t_.data(), centroid_half_norms_.data(),
                           static_cast<size_t>(dim_), nlists, scratch.data());
  *list = static_cast<uint16_t>(l);
  std::vector<float> residual(v.begin(), v.end());
  for (size_t j = 0; j < residual.size(); ++j) residual[j] -= centroids_t_[j * nlists + l];
  for (size_t m = 0; m < subspaces_; ++m) {
    code[m] = static_cast<uint8_t>(Nearest(&residual[m * slice_], &codebooks_t_[m * slice_ * kCodewords],
                                           &codebook_half_norms_[m * kCodewords], slice_, kCodewords,
                                           scratch.data()));
  }
}

std::vector<float> IvfPqIndex::Decode(uint16_t list, const uint8_t* code) const {
  std::vector<float> v(static_cast<size_t>(dim_));
  if (!trained_) {
    float scale;
    std::memcpy(&scale, code, sizeof scale);
    const int8_t* c = reinterpret_cast<const int8_t*>(code + sizeof scale);
    for (size_t j = 0; j < v.size(); ++j) v[j] = scale * static_cast<float>(c[j]);
    return v;
  }
  const size_t nlists = lists_.size();
  for (size_t j = 0; j < v.size(); ++j) {
    const size_t m = j / slice_;
    v[j] = centroids_t_[j * nlists + list] + codebooks_t_[j * kCodewords + code[m]];
  }
  return v;
}

void IvfPqIndex::Train(std::span<const std::vector<float>> vectors) {
  const size_t d = static_cast<size_t>(dim_);
  const size_t n = vectors.size();
  const int threads = Threads(options_.build_threads);
  std::mt19937 rng(options_.seed);
  size_t nlists = options_.lists;
  if (nlists == 0) nlists = static_cast<size_t>(std::lround(std::sqrt(static_cast<double>(n))));
  nlists = std::clamp<size_t>(nlists, 1, std::min<size_t>(1024, std::max<size_t>(n / 8, 1)));
  // Samples as faiss takes them: up to 64 rows per coarse centroid and 64
  // per codeword.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  const size_t coarse_n = std::min(n, 64 * nlists);
  std::vector<float> rows(coarse_n * d);
  for (size_t i = 0; i < coarse_n; ++i) std::copy_n(vectors[order[i]].data(), d, &rows[i * d]);
  const std::vector<float> centroids = KMeans(rows, d, nlists, options_.kmeans_iterations, rng, threads);
  centroids_t_.assign(d * nlists, 0);
  centroid_half_norms_.assign(nlists, 0);
  Transpose(centroids, d, nlists, centroids_t_.data(), centroid_half_norms_.data());

  // Residuals of a sample, then one codebook per slice.
  const size_t pq_n = std::min(n, 64 * kCodewords);
  std::vector<float> residuals(pq_n * d);
  ParallelFor(pq_n, threads, [&](size_t begin, size_t end) {
    std::vector<float> scratch(nlists);
    for (size_t i = begin; i < end; ++i) {
      const float* v = vectors[order[i]].data();
      const size_t l = Nearest(v, centroids_t_.data(), centroid_half_norms_.data(), d, nlists, scratch.data());
      for (size_t j = 0; j < d; ++j) residuals[i * d + j] = v[j] - centroids_t_[j * nlists + l];
    }
  });
  codebooks_t_.assign(d * kCodewords, 0);
  codebook_half_norms_.assign(subspaces_ * kCodewords, 0);
  std::vector<float> slice_rows(pq_n * slice_);
  for (size_t m = 0; m < subspaces_; ++m) {
    for (size_t i = 0; i < pq_n; ++i) {
      std::copy_n(&residuals[i * d + m * slice_], slice_, &slice_rows[i * slice_]);
    }
    const std::vector<float> codewords =
        KMeans(slice_rows, slice_, kCodewords, options_.kmeans_iterations, rng, threads);
    Transpose(codewords, slice_, kCodewords, &codebooks_t_[m * slice_ * kCodewords],
              &codebook_half_norms_[m * kCodewords]);
  }
  lists_.assign(nlists, List{});
  code_bytes_ = subspaces_;
  trained_ = true;
}

void IvfPqIndex::Add(uint32_t doc, std::span<const float> v) {
  if (static_cast<int>(v.size()) != dim_ || AllZero(v) || Has(doc)) return;
  if (!trained_ && live_ + 1 >= std::max<size_t>(options_.train_threshold, kCodewords)) {
    const uint32_t docs[] = {doc};
    const std::vector<float> vectors[] = {std::vector<float>(v.begin(), v.end())};
    AddBatch(docs, vectors);
    return;
  }
  std::vector<uint8_t> code(code_bytes_);
  uint16_t list;
  Encode(v, code.data(), &list);
  Insert(doc, list, code.data());
  ++live_;
}

void IvfPqIndex::AddBatch(std::span<const uint32_t> docs, std::span<const std::vector<float>> vectors) {
  std::vector<uint32_t> todo_docs;
  std::vector<std::vector<float>> todo;
  for (size_t i = 0; i < docs.size() && i < vectors.size(); ++i) {
    if (static_cast<int>(vectors[i].size()) != dim_ || AllZero(vectors[i]) || Has(docs[i])) continue;
    todo_docs.push_back(docs[i]);
    todo.push_back(vectors[i]);
  }
  if (todo.empty()) return;
  if (!trained_ && live_ + todo.size() >= std::max<size_t>(options_.train_threshold, kCodewords)) {
    // Train on everything present (the int8 vectors decoded) and re-file it.
    for (const List& l : lists_) {
      for (size_t i = 0; i < l.docs.size(); ++i) {
        todo_docs.push_back(l.docs[i]);
        todo.push_back(Decode(0, &l.codes[i * code_bytes_]));
        list_of_[l.docs[i]] = kAbsent;
      }
    }
    live_ = 0;
    Train(todo);
  }
  std::vector<uint8_t> codes(todo.size() * code_bytes_);
  std::vector<uint16_t> list_ids(todo.size());
  ParallelFor(todo.size(), Threads(options_.build_threads), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) Encode(todo[i], &codes[i * code_bytes_], &list_ids[i]);
  });
  for (size_t i = 0; i < todo.size(); ++i) Insert(todo_docs[i], list_ids[i], &codes[i * code_bytes_]);
  live_ += todo.size();
  for (List& l : lists_) {
    l.docs.shrink_to_fit();
    l.codes.shrink_to_fit();
  }
}

void IvfPqIndex::Prepare(std::span<const float> query, QueryTables& t) const {
  t.query = query;
  if (!trained_) return;
  const size_t nlists = lists_.size();
  t.list_scores.resize(nlists);
  ScoreColumns(query.data(), centroids_t_.data(), static_cast<size_t>(dim_), nlists, t.list_scores.data());
  t.table.resize(subspaces_ * kCodewords);
  for (size_t m = 0; m < subspaces_; ++m) {
    ScoreColumns(&query[m * slice_], &codebooks_t_[m * slice_ * kCodewords], slice_, kCodewords,
                 &t.table[m * kCodewords]);
  }
}

namespace {

// A 16-byte code's score: the list's base plus one table entry per
// subspace, in four independent sums (one chain of 16 dependent adds was
// the latency of the loop).
inline float Score16(const float* table, float base, const uint8_t* c) {
  float s0 = base, s1 = 0, s2 = 0, s3 = 0;
  for (size_t m = 0; m < 16; m += 4) {
    s0 += table[(m + 0) * kCodewords + c[m + 0]];
    s1 += table[(m + 1) * kCodewords + c[m + 1]];
    s2 += table[(m + 2) * kCodewords + c[m + 2]];
    s3 += table[(m + 3) * kCodewords + c[m + 3]];
  }
  return (s0 + s1) + (s2 + s3);
}

}  // namespace

float IvfPqIndex::ScoreEntry(const QueryTables& t, uint16_t list, const uint8_t* code) const {
  if (!trained_) return QuantizedDot(code, t.query);
  if (subspaces_ == 16) return Score16(t.table.data(), t.list_scores[list], code);
  float s = t.list_scores[list];
  for (size_t m = 0; m < subspaces_; ++m) s += t.table[m * kCodewords + code[m]];
  return s;
}

// The k best entries offered (by BetterNeighbour), kept as a pool that is
// cut back to k whenever it reaches four times that: a binary heap updated
// per entry that beat the worst kept cost as much as the scoring itself (on
// the search benchmark, one scanned code in five did).
struct IvfPqIndex::TopK {
  // BetterNeighbour as a type of its own, so the selection inlines it.
  static constexpr auto kBetter = [](const Neighbour& a, const Neighbour& b) {
    return BetterNeighbour(a, b);
  };
  TopK(size_t k, float floor) : k(k), worst(floor) { pool.reserve(4 * k); }
  void Offer(uint32_t doc, float s) {
    pool.push_back({doc, s});
    ++offered;
    if (pool.size() >= 4 * k) Cut();
  }
  // Keeps the k best; from then on, entries must at least tie the k-th
  // (a tie may still win on its doc id).
  void Cut() {
    if (pool.size() <= k) return;
    std::nth_element(pool.begin(), pool.begin() + static_cast<ptrdiff_t>(k - 1), pool.end(),
                     kBetter);
    worst = std::max(worst, pool[k - 1].score);
    pool.resize(k);
  }
  // The k best, best first.
  std::vector<Neighbour> Take() {
    Cut();
    std::sort(pool.begin(), pool.end(), kBetter);
    for (Neighbour& n : pool) n.score = std::clamp(n.score, -1.0f, 1.0f);
    return std::move(pool);
  }

  const size_t k;      // >= 1
  float worst;         // entries scoring below it are passed over
  size_t offered = 0;  // entries that passed the filter and `worst`
  std::vector<Neighbour> pool;
};

void IvfPqIndex::ScanList(const QueryTables& t, uint16_t list,
                          const std::function<bool(uint32_t)>& allowed, TopK& top) const {
  const List& l = lists_[list];
  const size_t n = l.docs.size();
  const float* table = t.table.data();
  auto offer = [&](size_t i, float s) {
    if (s < top.worst) return;  // most entries
    const uint32_t doc = l.docs[i];
    if (allowed && !allowed(doc)) return;
    top.Offer(doc, s);
  };
  if (trained_ && subspaces_ == 16) {
    // The common case.
    const float base = t.list_scores[list];
    for (size_t i = 0; i < n; ++i) offer(i, Score16(table, base, &l.codes[i * 16]));
    return;
  }
  for (size_t i = 0; i < n; ++i) offer(i, ScoreEntry(t, list, &l.codes[i * code_bytes_]));
}

std::vector<Neighbour> IvfPqIndex::Search(std::span<const float> query, size_t k,
                                          const std::function<bool(uint32_t)>& allowed,
                                          std::span<const uint32_t> score_docs,
                                          std::vector<float>* scores, float min_score) const {
  const bool usable = static_cast<int>(query.size()) == dim_ && !AllZero(query) && live_ > 0;
  if (scores) scores->assign(score_docs.size(), 0.0f);
  if (!usable) return {};
  thread_local QueryTables t;  // no allocation per query
  Prepare(query, t);
  if (scores) {
    // The docs' codes are scattered through the lists, and so are their
    // list and position entries: prefetch those for all the docs first,
    // then find and prefetch the codes, so that the cache misses of each
    // step overlap.
    for (uint32_t doc : score_docs) {
      if (doc < list_of_.size()) {
        __builtin_prefetch(&list_of_[doc]);
        __builtin_prefetch(&position_[doc]);
      }
    }
    thread_local std::vector<const uint8_t*> codes;
    codes.assign(score_docs.size(), nullptr);
    for (size_t i = 0; i < score_docs.size(); ++i) {
      const uint32_t doc = score_docs[i];
      if (!Has(doc)) continue;
      codes[i] = lists_[list_of_[doc]].codes.data() + position_[doc] * code_bytes_;
      __builtin_prefetch(codes[i]);
    }
    for (size_t i = 0; i < score_docs.size(); ++i) {
      if (codes[i] == nullptr) continue;
      (*scores)[i] = std::clamp(ScoreEntry(t, list_of_[score_docs[i]], codes[i]), -1.0f, 1.0f);
    }
  }
  if (k == 0) return {};
  const size_t nlists = lists_.size();
  thread_local std::vector<uint16_t> order;
  order.resize(nlists);
  std::iota(order.begin(), order.end(), 0);
  auto closer = [&](uint16_t a, uint16_t b) {  // several lists only once trained
    return t.list_scores[a] != t.list_scores[b] ? t.list_scores[a] > t.list_scores[b] : a < b;
  };
  const size_t probes = std::clamp<size_t>(options_.probes, 1, nlists);
  // The probed lists and the next three, in one pass: a query scans 1.7
  // lists on average on the benchmark catalog (its closest list is often
  // small), and a second selection over every list cost more than the scan
  // of the list it found.
  size_t ordered = std::min(nlists, probes + 3);
  std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(ordered), order.end(), closer);
  // The floor applies in the scan when every entry counts; with a filter,
  // the lists scanned depend on how many entries pass it, so the floor is
  // applied to the result instead.
  TopK top(k, allowed ? -std::numeric_limits<float>::infinity() : min_score);
  size_t seen = 0;
  for (size_t p = 0; p < probes; ++p) {
    ScanList(t, order[p], allowed, top);
    seen += lists_[order[p]].docs.size();
  }
  // Small lists, or a selective filter: the next closest lists until
  // enough were seen and k passed (at worst all of them).
  const size_t enough = std::max(options_.min_candidates, k);
  auto passed = [&] { return allowed ? top.offered : seen; };
  for (size_t p = probes; p < nlists && (passed() < k || seen < enough); ++p) {
    // Order the next few lists only when those ordered ran out.
    if (p == ordered) {
      ordered = std::min<size_t>(p + 8, nlists);
      std::partial_sort(order.begin() + static_cast<ptrdiff_t>(p),
                        order.begin() + static_cast<ptrdiff_t>(ordered), order.end(), closer);
    }
    ScanList(t, order[p], allowed, top);
    seen += lists_[order[p]].docs.size();
  }
  std::vector<Neighbour> best = top.Take();
  if (allowed) {
    std::erase_if(best, [&](const Neighbour& n) { return n.score < min_score; });
  }
  return best;
}

std::vector<Neighbour> IvfPqIndex::ScanAll(std::span<const float> query, size_t k,
                                           const std::function<bool(uint32_t)>& allowed) const {
  if (static_cast<int>(query.size()) != dim_ || k == 0) return {};
  thread_local QueryTables t;
  Prepare(query, t);
  TopK top(k, -std::numeric_limits<float>::infinity());
  for (size_t l = 0; l < lists_.size(); ++l) ScanList(t, static_cast<uint16_t>(l), allowed, top);
  return top.Take();
}

float IvfPqIndex::Score(uint32_t doc, std::span<const float> query) const {
  std::vector<float> scores;
  const uint32_t docs[] = {doc};
  Search(query, 0, nullptr, docs, &scores);
  return scores[0];
}

size_t IvfPqIndex::MemoryBytes() const {
  size_t bytes = lists_.capacity() * sizeof(List);
  for (const List& l : lists_) bytes += l.codes.capacity() + l.docs.capacity() * sizeof(uint32_t);
  return bytes +
         (centroids_t_.capacity() + centroid_half_norms_.capacity() + codebooks_t_.capacity() +
          codebook_half_norms_.capacity()) * sizeof(float) +
         list_of_.capacity() * sizeof(uint16_t) + position_.capacity() * sizeof(uint32_t);
}

}  // namespace leafloaf::vector
