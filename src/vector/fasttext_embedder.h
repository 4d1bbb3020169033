// FastTextEmbedder: product and query vectors from a fastText subword
// skip-gram model trained on the shop's own catalog and baskets
// (embedding_corpus.h).
//
//  * A query's vector is the mean of its words' unit vectors. fastText
//    builds a word's vector from its character n-grams too, so unseen
//    words and typos still land near their neighbours.
//  * A product's vector is the mean of its words' unit vectors plus its
//    product token's unit vector (what its baskets taught), normalized.
//  * Every unit vector first loses the vocabulary's mean direction, which
//    skip-gram vectors all share.
//
// Train with TrainFastText() (the `leafloaf train embeddings` command);
// the model file lives in the data directory and is loaded at start.
//
// Thread-safety: Embed* are safe from any thread (read-only model).
#ifndef LEAFLOAF_VECTOR_FASTTEXT_EMBEDDER_H_
#define LEAFLOAF_VECTOR_FASTTEXT_EMBEDDER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"
#include "vector/embedder.h"
#include "vector/embedding_corpus.h"
#include "vector/word_vectors.h"


namespace leafloaf::vector {

struct FastTextOptions {
  int dim = 64;
  int epochs = 5;
  int window = 5;
  int min_count = 1;
  int minn = 3;  // character n-gram lengths
  int maxn = 4;
  int buckets = 100'000;  // n-gram hash buckets
  int negatives = 5;
  double learning_rate = 0.05;
  int threads = 0;  // 0 = hardware concurrency; 1 is deterministic
  int seed = 1;
  int64_t max_baskets = 200'000;  // latest orders used as sentences
};

struct TrainReport {
  CorpusStats corpus;
  int64_t vocabulary = 0;
  double seconds = 0;
};

// Trains on `shop_id`'s products and baskets and saves the model to
// `model_path` (written to a temporary file, then renamed).
absl::StatusOr<TrainReport> TrainFastText(Store& store, std::string_view shop_id,
                                          const std::string& model_path,
                                          const FastTextOptions& options = {});

// Trains on a corpus file already written (one sentence per line) and
// saves the model to `model_path`.
absl::StatusOr<int64_t> TrainFastTextOnCorpus(const std::string& corpus_path,
                                              const std::string& model_path,
                                              const FastTextOptions& options);

// Where a shop's model lives in a data directory.
std::string FastTextModelPath(const std::string& data_dir, std::string_view shop_id);

class FastTextEmbedder : public Embedder {
 public:
  static absl::StatusOr<std::unique_ptr<FastTextEmbedder>> Load(const std::string& model_path);
  ~FastTextEmbedder() override;

  int dim() const override;
  std::string name() const override { return "fasttext"; }
  absl::StatusOr<Vector> EmbedQuery(std::string_view text) override;
  absl::StatusOr<std::vector<Vector>> EmbedProducts(std::span<const Product> products) override;

  // Bytes held for the model (the compact word and n-gram table).
  size_t MemoryBytes() const { return table_.MemoryBytes(); }

  // How much a product's token counts against its words (1 = equally).
  void set_token_weight(float w) { token_weight_ = w; }

 private:
  explicit FastTextEmbedder(WordVectorTable table);
  void ComputeCommonDirection();
  // Adds weight times the unit vector of `word` to `sum`; false when the
  // model knows nothing of it (no word and no n-gram).
  bool AddUnit(const std::string& word, Vector& sum, float weight) const;
  // The same, minus the common direction of all words.
  bool AddWord(const std::string& word, Vector& sum, float weight) const;

  WordVectorTable table_;
  Vector common_;  // mean unit vector of the vocabulary's words
  float token_weight_ = 1.0f;
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_FASTTEXT_EMBEDDER_H_
