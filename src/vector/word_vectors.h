// WordVectorTable: the part of a trained fastText model that query and
// product embedding need, compact and read-only.
//
// fastText's vector for a word is the mean of its input-matrix rows: the
// word's own row and one per character n-gram (hashed into buckets). The
// table keeps each vocabulary word's finished vector and the n-gram bucket
// rows (for words outside the vocabulary), all as int8 with a scale per row
// (vector/int8_space.h). The model itself can then be freed: its output
// matrix is only for training, and its dictionary reserves a fixed
// 30-million-entry hash table (120 MB). On the 126,797-product benchmark
// catalog the model's ~230 MiB become about 25 MiB.
//
// Words outside the vocabulary get fastText's n-grams: "<word>" cut into
// minn..maxn characters (UTF-8 aware), each hashed with fastText's FNV-1a
// variant modulo the bucket count, exactly as Dictionary::computeSubwords
// does (word_vectors_test checks the ids against the library's own).
//
// Thread-safety: immutable after FromModel(); all methods are const.
#ifndef LEAFLOAF_VECTOR_WORD_VECTORS_H_
#define LEAFLOAF_VECTOR_WORD_VECTORS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "vector/embedder.h"

namespace fasttext {
class FastText;
}  // namespace fasttext

namespace leafloaf::vector {

class WordVectorTable {
 public:
  static WordVectorTable FromModel(const fasttext::FastText& model);

  int dim() const { return dim_; }
  // Words of the vocabulary, most frequent first.
  size_t vocabulary_size() const { return words_.size(); }
  const std::string& word(size_t i) const { return by_rank_[i]; }
  bool Contains(const std::string& word) const { return words_.contains(word); }

  // fastText's vector for `word` (not normalized) into `out` (dim()
  // floats); false when it is all zero (no word row and no n-gram).
  bool WordVector(const std::string& word, Vector& out) const;

  // The n-gram bucket ids (0..buckets-1) fastText gives an unknown word.
  std::vector<int32_t> NgramBuckets(const std::string& word) const;

  size_t MemoryBytes() const;

 private:
  WordVectorTable() = default;

  int dim_ = 0;
  int minn_ = 0, maxn_ = 0, buckets_ = 0;
  size_t row_bytes_ = 0;
  absl::flat_hash_map<std::string, uint32_t> words_;  // word -> row
  std::vector<std::string> by_rank_;                   // row -> word
  std::vector<uint8_t> word_rows_;                     // quantized, by row
  std::vector<uint8_t> bucket_rows_;                   // quantized, by bucket
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_WORD_VECTORS_H_
