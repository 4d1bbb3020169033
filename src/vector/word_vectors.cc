#include "vector/word_vectors.h"

#include <algorithm>
#include <cstring>

#include "fasttext/fasttext.h"
#include "vector/int8_space.h"

namespace leafloaf::vector {
namespace {

// fastText's string hash (Dictionary::hash): FNV-1a over the bytes taken
// as signed chars.
uint32_t FastTextHash(const std::string& s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<uint32_t>(static_cast<int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

void AddDequantized(const uint8_t* row, size_t dim, Vector& out) {
  float scale;
  std::memcpy(&scale, row, sizeof scale);
  const auto* q = reinterpret_cast<const int8_t*>(row + sizeof(float));
  for (size_t i = 0; i < dim; ++i) out[i] += scale * static_cast<float>(q[i]);
}

}  // namespace

WordVectorTable WordVectorTable::FromModel(const fasttext::FastText& model) {
  WordVectorTable t;
  const fasttext::Args args = model.getArgs();
  t.dim_ = model.getDimension();
  t.minn_ = args.minn;
  t.maxn_ = args.maxn;
  t.buckets_ = args.bucket;
  t.row_bytes_ = QuantizedBytes(static_cast<size_t>(t.dim_));
  std::shared_ptr<const fasttext::Dictionary> dict = model.getDictionary();
  const int32_t nwords = dict->nwords();
  t.words_.reserve(static_cast<size_t>(nwords));
  t.by_rank_.reserve(static_cast<size_t>(nwords));
  t.word_rows_.resize(static_cast<size_t>(nwords) * t.row_bytes_);
  fasttext::Vector v(t.dim_);
  std::vector<float> row(static_cast<size_t>(t.dim_));
  for (int32_t i = 0; i < nwords; ++i) {
    const std::string& w = dict->getWord(i);
    model.getWordVector(v, w);
    for (int j = 0; j < t.dim_; ++j) row[static_cast<size_t>(j)] = v[j];
    Quantize(row, &t.word_rows_[static_cast<size_t>(i) * t.row_bytes_]);
    t.words_.emplace(w, static_cast<uint32_t>(i));
    t.by_rank_.push_back(w);
  }
  std::shared_ptr<const fasttext::DenseMatrix> input = model.getInputMatrix();
  const int64_t first_bucket = nwords;
  const int64_t buckets = std::min<int64_t>(t.buckets_, input->rows() - first_bucket);
  t.bucket_rows_.resize(static_cast<size_t>(std::max<int64_t>(buckets, 0)) * t.row_bytes_);
  for (int64_t b = 0; b < buckets; ++b) {
    for (int j = 0; j < t.dim_; ++j) row[static_cast<size_t>(j)] = input->at(first_bucket + b, j);
    Quantize(row, &t.bucket_rows_[static_cast<size_t>(b) * t.row_bytes_]);
  }
  return t;
}

std::vector<int32_t> WordVectorTable::NgramBuckets(const std::string& word) const {
  std::vector<int32_t> ids;
  if (buckets_ <= 0 || maxn_ <= 0) return ids;
  const std::string w = "<" + word + ">";
  for (size_t i = 0; i < w.size(); ++i) {
    if ((w[i] & 0xC0) == 0x80) continue;  // inside a UTF-8 character
    std::string ngram;
    for (size_t j = i, n = 1; j < w.size() && n <= static_cast<size_t>(maxn_); ++n) {
      ngram.push_back(w[j++]);
      while (j < w.size() && (w[j] & 0xC0) == 0x80) ngram.push_back(w[j++]);
      if (n >= static_cast<size_t>(minn_) && !(n == 1 && (i == 0 || j == w.size()))) {
        ids.push_back(static_cast<int32_t>(FastTextHash(ngram) % static_cast<uint32_t>(buckets_)));
      }
    }
  }
  return ids;
}

bool WordVectorTable::WordVector(const std::string& word, Vector& out) const {
  out.assign(static_cast<size_t>(dim_), 0.0f);
  if (auto it = words_.find(word); it != words_.end()) {
    AddDequantized(&word_rows_[it->second * row_bytes_], out.size(), out);
  } else {
    const std::vector<int32_t> ids = NgramBuckets(word);
    const size_t rows = bucket_rows_.size() / row_bytes_;
    for (int32_t id : ids) {
      if (static_cast<size_t>(id) < rows) AddDequantized(&bucket_rows_[static_cast<size_t>(id) * row_bytes_], out.size(), out);
    }
    if (!ids.empty()) {
      for (float& x : out) x /= static_cast<float>(ids.size());
    }
  }
  for (float x : out) {
    if (x != 0.0f) return true;
  }
  return false;
}

size_t WordVectorTable::MemoryBytes() const {
  size_t strings = 0;
  for (const std::string& w : by_rank_) strings += w.capacity() > 15 ? w.capacity() + 1 : 0;
  return word_rows_.capacity() + bucket_rows_.capacity() +
         by_rank_.capacity() * sizeof(std::string) + 2 * strings +
         words_.capacity() * (sizeof(std::pair<std::string, uint32_t>) + 1);
}

}  // namespace leafloaf::vector
