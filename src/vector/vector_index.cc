#include "vector/vector_index.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "hnswlib/hnswlib.h"
#include "vector/embedder.h"
#include "vector/int8_space.h"

namespace leafloaf::vector {

class Int8Space final : public hnswlib::SpaceInterface<float> {
 public:
  explicit Int8Space(size_t dim) : dim_(dim) {}
  size_t get_data_size() override { return QuantizedBytes(dim_); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &Int8Distance; }
  void* get_dist_func_param() override { return &dim_; }

 private:
  size_t dim_;
};

namespace {

bool AllZero(std::span<const float> v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

bool BetterNeighbour(const Neighbour& a, const Neighbour& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

bool UsesIvf(const VectorIndexOptions& options) { return options.structure == VectorStructure::kIvfPq; }

}  // namespace

absl::StatusOr<VectorStructure> ParseVectorStructure(std::string_view name) {
  if (name == "ivf-pq") return VectorStructure::kIvfPq;
  if (name == "hnsw") return VectorStructure::kHnsw;
  return absl::InvalidArgumentError("vector index must be ivf-pq or hnsw");
}

const char* VectorStructureName(VectorStructure structure) {
  return structure == VectorStructure::kHnsw ? "hnsw" : "ivf-pq";
}

VectorIndex::VectorIndex(int dim, VectorIndexOptions options)
    : dim_(dim), options_(options) {
  if (UsesIvf(options_)) {
    IvfPqOptions ivf = options_.ivf;
    if (ivf.build_threads == 0) ivf.build_threads = options_.build_threads;
    ivf_ = std::make_unique<IvfPqIndex>(dim, ivf);
    return;
  }
  space_ = std::make_unique<Int8Space>(static_cast<size_t>(dim));
  graph_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), 1024, options.m,
                                                             options.ef_construction);
  graph_->setEf(options_.ef_search);
}

size_t VectorIndex::size() const { return ivf_ ? ivf_->size() : live_; }

VectorIndex::~VectorIndex() = default;

void VectorIndex::Reserve(size_t elements) {
  if (elements <= graph_->max_elements_) return;
  graph_->resizeIndex(std::max(elements, graph_->max_elements_ * 2));
}

void VectorIndex::Add(uint32_t doc, std::span<const float> v) {
  if (ivf_) return ivf_->Add(doc, v);
  if (static_cast<int>(v.size()) != dim_ || AllZero(v)) return;
  if (state_.size() <= doc) state_.resize(doc + 1, 0);
  if (state_[doc] == 1) return;  // doc ids are never reused: already there
  Reserve(graph_->cur_element_count + 1);
  std::vector<uint8_t> q(QuantizedBytes(v.size()));
  Quantize(v, q.data());
  graph_->addPoint(q.data(), doc);
  state_[doc] = 1;
  SetInternal(doc);
  ++live_;
}

void VectorIndex::SetInternal(uint32_t doc) {
  if (internal_.size() <= doc) internal_.resize(doc + 1, 0);
  internal_[doc] = static_cast<uint32_t>(graph_->label_lookup_.at(doc));
}

void VectorIndex::AddBatch(std::span<const uint32_t> docs,
                           std::span<const std::vector<float>> vectors) {
  if (ivf_) return ivf_->AddBatch(docs, vectors);
  std::vector<size_t> todo;
  uint32_t max_doc = 0;
  for (size_t i = 0; i < docs.size() && i < vectors.size(); ++i) {
    if (static_cast<int>(vectors[i].size()) != dim_ || AllZero(vectors[i])) continue;
    if (docs[i] < state_.size() && state_[docs[i]] == 1) continue;
    todo.push_back(i);
    max_doc = std::max(max_doc, docs[i]);
  }
  if (todo.empty()) return;
  if (state_.size() <= max_doc) state_.resize(max_doc + 1, 0);
  Reserve(graph_->cur_element_count + todo.size());
  int threads = options_.build_threads > 0 ? options_.build_threads
                                           : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, 16);
  const size_t bytes = QuantizedBytes(static_cast<size_t>(dim_));
  std::vector<uint8_t> quantized(todo.size() * bytes);
  for (size_t i = 0; i < todo.size(); ++i) Quantize(vectors[todo[i]], &quantized[i * bytes]);
  // hnswlib's addPoint is safe to call concurrently for distinct labels.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < todo.size();) {
      graph_->addPoint(&quantized[i * bytes], docs[todo[i]]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && todo.size() > 1000; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (size_t i : todo) {
    state_[docs[i]] = 1;
    SetInternal(docs[i]);
  }
  live_ += todo.size();
}

void VectorIndex::Remove(uint32_t doc) {
  if (ivf_) return ivf_->Remove(doc);
  if (doc >= state_.size() || state_[doc] != 1) return;
  graph_->markDelete(doc);
  state_[doc] = 2;
  --live_;
}

bool VectorIndex::Has(uint32_t doc) const {
  if (ivf_) return ivf_->Has(doc);
  return doc < state_.size() && state_[doc] == 1;
}

const uint8_t* VectorIndex::Data(uint32_t doc) const {
  if (!Has(doc)) return nullptr;
  return reinterpret_cast<const uint8_t*>(graph_->getDataByInternalId(internal_[doc]));
}

float VectorIndex::Score(uint32_t doc, std::span<const float> query) const {
  if (ivf_) return ivf_->Score(doc, query);
  const uint8_t* data = Data(doc);
  if (data == nullptr || static_cast<int>(query.size()) != dim_) return 0.0f;
  // int8 rounding can take a vector's cosine with itself just past 1.
  return std::clamp(QuantizedDot(data, query), -1.0f, 1.0f);
}

std::vector<Neighbour> VectorIndex::Search(std::span<const float> query, size_t k,
                                           const std::function<bool(uint32_t)>& allowed) const {
  if (ivf_) return ivf_->Search(query, k, allowed);
  std::vector<Neighbour> out;
  if (k == 0 || live_ == 0 || static_cast<int>(query.size()) != dim_ || AllZero(query)) return out;
  const size_t ask = std::min(live_, allowed ? k * options_.filter_overfetch : k);
  std::vector<uint8_t> q(QuantizedBytes(query.size()));
  Quantize(query, q.data());
  auto heap = graph_->searchKnn(q.data(), ask);
  while (!heap.empty()) {
    const auto [distance, label] = heap.top();
    heap.pop();
    const uint32_t doc = static_cast<uint32_t>(label);
    if (!allowed || allowed(doc)) out.push_back({doc, std::clamp(1.0f - distance, -1.0f, 1.0f)});
  }
  std::sort(out.begin(), out.end(), BetterNeighbour);
  if (out.size() >= k || (ask >= live_ && allowed)) {
    if (out.size() > k) out.resize(k);
    return out;
  }
  if (!allowed) return out;
  return ExactSearch(query, k, allowed);  // a selective filter: scan
}

std::vector<Neighbour> VectorIndex::SearchAndScore(std::span<const float> query, size_t k,
                                                   const std::function<bool(uint32_t)>& allowed,
                                                   std::span<const uint32_t> score_docs,
                                                   std::vector<float>* scores,
                                                   float min_score) const {
  if (ivf_) return ivf_->Search(query, k, allowed, score_docs, scores, min_score);
  if (scores) {
    scores->clear();
    for (uint32_t doc : score_docs) scores->push_back(Score(doc, query));
  }
  std::vector<Neighbour> out = Search(query, k, allowed);
  std::erase_if(out, [&](const Neighbour& n) { return n.score < min_score; });
  return out;
}

std::vector<Neighbour> VectorIndex::ExactSearch(std::span<const float> query, size_t k,
                                                const std::function<bool(uint32_t)>& allowed) const {
  if (ivf_) return ivf_->ScanAll(query, k, allowed);
  std::vector<Neighbour> out;
  if (k == 0 || static_cast<int>(query.size()) != dim_) return out;
  for (uint32_t doc = 0; doc < state_.size(); ++doc) {
    if (state_[doc] != 1 || (allowed && !allowed(doc))) continue;
    out.push_back({doc, Score(doc, query)});
  }
  const size_t keep = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<ptrdiff_t>(keep), out.end(),
                    BetterNeighbour);
  out.resize(keep);
  return out;
}

size_t VectorIndex::MemoryBytes() const {
  if (ivf_) return ivf_->MemoryBytes();
  const size_t elements = graph_->max_elements_;
  // Level 0 (links, vector, label), a lock and a level for every slot;
  // upper levels for about 1/m of the elements; hnswlib's label map (about
  // 48 bytes a node) and our doc tables.
  return elements * (graph_->size_data_per_element_ + sizeof(std::mutex) + sizeof(int)) +
         graph_->cur_element_count * (graph_->size_links_per_element_ / options_.m + 48) +
         state_.capacity() + internal_.capacity() * sizeof(uint32_t);
}

}  // namespace leafloaf::vector
