// The training text for a shop's embeddings (see fasttext_embedder.h):
//
//  * one sentence per product: its words (name, brand, category path,
//    dietary tags; folded, without numbers or stop words) with the
//    product's token repeated every few words, so the token learns its
//    words and the words learn the token;
//  * one sentence per basket: the tokens of the products bought together,
//    so that co-purchased products land near each other.
//
// A product token is 10 letters derived from a hash of the product id
// ("pxq..."), so fastText's character n-grams of different tokens rarely
// coincide.
#ifndef LEAFLOAF_VECTOR_EMBEDDING_CORPUS_H_
#define LEAFLOAF_VECTOR_EMBEDDING_CORPUS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "catalog/product.h"
#include "store/store.h"

namespace leafloaf::vector {

std::string ProductToken(std::string_view external_id);

// The embedding words of `text`, in order.
std::vector<std::string> EmbeddingWords(std::string_view text);

// The words of a product sentence (before token interleaving).
std::vector<std::string> ProductWords(const Product& product);

struct CorpusStats {
  int64_t products = 0;
  int64_t baskets = 0;
  int64_t tokens = 0;
};

// Writes one product's sentence (a line).
void WriteProductSentence(const Product& product, std::ostream& out, CorpusStats* stats = nullptr);

// Writes the shop's product and basket sentences (the latest
// `max_baskets` orders) to `out`, one per line.
absl::Status WriteCorpus(Store& store, std::string_view shop_id, int64_t max_baskets,
                         std::ostream& out, CorpusStats* stats);

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_EMBEDDING_CORPUS_H_
