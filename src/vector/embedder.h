// Embedder: turns query text and products into dense vectors in one space,
// so that cosine similarity ranks products for a query (and for each
// other). Two implementations: FastTextEmbedder (a model trained on the
// shop's own data, see embedding_trainer.h) and OpenAiEmbedder (any
// OpenAI-compatible /v1/embeddings endpoint).
//
// Vectors returned are L2-normalized (all zeros when nothing is known
// about the text), so the inner product is the cosine.
//
// Thread-safety: implementations are safe to call from any thread.
#ifndef LEAFLOAF_VECTOR_EMBEDDER_H_
#define LEAFLOAF_VECTOR_EMBEDDER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/product.h"

namespace leafloaf::vector {

using Vector = std::vector<float>;

class Embedder {
 public:
  virtual ~Embedder() = default;
  virtual int dim() const = 0;
  // A short name for logs and /metrics ("fasttext", "openai:<model>").
  virtual std::string name() const = 0;
  virtual absl::StatusOr<Vector> EmbedQuery(std::string_view text) = 0;
  // One vector per product, in order.
  virtual absl::StatusOr<std::vector<Vector>> EmbedProducts(std::span<const Product> products) = 0;
};

// Scales `v` to unit length (leaves an all-zero vector alone).
void Normalize(Vector& v);
float Dot(std::span<const float> a, std::span<const float> b);

// The text of a product that embedders see: name, brand, category path and
// dietary tags, space-separated.
std::string ProductEmbeddingText(const Product& product);

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_EMBEDDER_H_
