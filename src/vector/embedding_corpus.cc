#include "vector/embedding_corpus.h"

#include <algorithm>
#include <random>

#include "common/status_macros.h"
#include "text/stop_words.h"
#include "text/tokenizer.h"

namespace leafloaf::vector {
namespace {

constexpr int kTokenEvery = 4;  // product token after every this many words
constexpr size_t kMaxBasket = 64;

// FNV-1a: stable across runs and builds, unlike absl::Hash.
uint64_t StableHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

std::string ProductToken(std::string_view external_id) {
  uint64_t h = StableHash(external_id);
  uint64_t h2 = StableHash(std::string(external_id) + "#");
  std::string token = "px";
  for (int i = 0; i < 8; ++i) {
    uint64_t& src = i < 4 ? h : h2;
    token.push_back(static_cast<char>('a' + src % 26));
    src /= 26;
  }
  return token;
}

std::vector<std::string> EmbeddingWords(std::string_view text) {
  std::vector<std::string> words;
  text::Tokenize(text, [&](const text::RawToken& t) {
    if (t.numeric || t.surface.size() < 2 || text::IsStopWord(t.surface)) return;
    words.emplace_back(t.surface);
  });
  return words;
}

std::vector<std::string> ProductWords(const Product& product) {
  std::string text = product.name;
  text += ' ';
  text += product.brand;
  text += ' ';
  text += product.category;
  for (const std::string& tag : product.dietary_tags) {
    text += ' ';
    text += tag;
  }
  return EmbeddingWords(text);
}

void WriteProductSentence(const Product& product, std::ostream& out, CorpusStats* stats) {
  const std::string token = ProductToken(product.external_id);
  std::vector<std::string> words = ProductWords(product);
  out << token;
  for (size_t i = 0; i < words.size(); ++i) {
    out << ' ' << words[i];
    if ((i + 1) % kTokenEvery == 0 || i + 1 == words.size()) out << ' ' << token;
  }
  out << '\n';
  if (stats) {
    ++stats->products;
    stats->tokens += static_cast<int64_t>(words.size() + 2 + words.size() / kTokenEvery);
  }
}

absl::Status WriteCorpus(Store& store, std::string_view shop_id, int64_t max_baskets,
                         std::ostream& out, CorpusStats* stats) {
  CorpusStats local;
  ProductFilter filter{.limit = 1000};
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store.ListProducts(shop_id, filter));
    for (const Product& p : page.products) WriteProductSentence(p, out, &local);
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  std::mt19937 rng(7);
  LL_RETURN_IF_ERROR(store.ScanBaskets(shop_id, max_baskets, [&](const std::vector<std::string>& basket) {
    if (basket.size() < 2) return;
    // Lines come sorted by product id, which follows the catalog's order;
    // shuffle so the training window pairs products across the basket.
    std::vector<const std::string*> order;
    for (const std::string& id : basket) order.push_back(&id);
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i = 0; i < order.size() && i < kMaxBasket; ++i) {
      if (i) out << ' ';
      out << ProductToken(*order[i]);
    }
    out << '\n';
    ++local.baskets;
    local.tokens += static_cast<int64_t>(std::min(basket.size(), kMaxBasket));
  }));
  if (!out) return absl::InternalError("could not write the embedding corpus");
  if (stats) *stats = local;
  return absl::OkStatus();
}

}  // namespace leafloaf::vector
