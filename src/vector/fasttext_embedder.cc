#include "vector/fasttext_embedder.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fasttext/fasttext.h"

namespace leafloaf::vector {

std::string FastTextModelPath(const std::string& data_dir, std::string_view shop_id) {
  return (std::filesystem::path(data_dir) / "models" / std::string(shop_id) / "embeddings.bin")
      .string();
}

absl::StatusOr<int64_t> TrainFastTextOnCorpus(const std::string& corpus_path,
                                              const std::string& model_path,
                                              const FastTextOptions& options) {
  fasttext::Args args;
  args.input = corpus_path;
  args.model = fasttext::model_name::sg;
  args.loss = fasttext::loss_name::ns;
  args.dim = options.dim;
  args.ws = options.window;
  args.epoch = options.epochs;
  args.minCount = options.min_count;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.bucket = options.buckets;
  args.neg = options.negatives;
  args.lr = options.learning_rate;
  args.thread = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  args.seed = options.seed;
  args.verbose = 0;
  fasttext::FastText model;
  const std::string tmp_model = model_path + ".tmp";
  try {
    model.train(args);
    model.saveModel(tmp_model);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("fastText training failed: ", e.what()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp_model, model_path, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot write ", model_path, ": ", ec.message()));
  return static_cast<int64_t>(model.getDictionary()->nwords());
}

absl::StatusOr<TrainReport> TrainFastText(Store& store, std::string_view shop_id,
                                          const std::string& model_path,
                                          const FastTextOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path target(model_path);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", target.parent_path().string(), ": ", ec.message()));
  const std::string corpus_path = model_path + ".corpus.tmp";
  TrainReport report;
  {
    std::ofstream corpus(corpus_path, std::ios::trunc);
    if (!corpus) return absl::InternalError(absl::StrCat("cannot write ", corpus_path));
    LL_RETURN_IF_ERROR(WriteCorpus(store, shop_id, options.max_baskets, corpus, &report.corpus));
  }
  if (report.corpus.products == 0) {
    std::filesystem::remove(corpus_path, ec);
    return absl::FailedPreconditionError(
        absl::StrCat("shop '", AsAbsl(shop_id), "' has no products to learn embeddings from"));
  }
  auto vocabulary = TrainFastTextOnCorpus(corpus_path, model_path, options);
  std::filesystem::remove(corpus_path, ec);
  if (!vocabulary.ok()) return vocabulary.status();
  report.vocabulary = *vocabulary;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

FastTextEmbedder::FastTextEmbedder(WordVectorTable table) : table_(std::move(table)) {}

FastTextEmbedder::~FastTextEmbedder() = default;

absl::StatusOr<std::unique_ptr<FastTextEmbedder>> FastTextEmbedder::Load(
    const std::string& model_path) {
  if (!std::filesystem::exists(model_path)) {
    return absl::NotFoundError(absl::StrCat("no embedding model at ", model_path));
  }
  // The model is read, its word and n-gram vectors copied into a compact
  // table, and freed (word_vectors.h).
  std::optional<WordVectorTable> table;
  try {
    fasttext::FastText model;
    model.loadModel(model_path);
    table.emplace(WordVectorTable::FromModel(model));
  } catch (const std::exception& e) {
    return absl::DataLossError(absl::StrCat("cannot load ", model_path, ": ", e.what()));
  }
  std::unique_ptr<FastTextEmbedder> embedder(new FastTextEmbedder(std::move(*table)));
  embedder->ComputeCommonDirection();
  return embedder;
}

void FastTextEmbedder::ComputeCommonDirection() {
  // Skip-gram vectors share a large common component, which makes every
  // pair look similar; removing the mean ("all-but-the-top", Mu et al.
  // 2018) leaves what tells words apart. The vocabulary is sorted by
  // frequency, so the first words are the common ones.
  const size_t words = std::min<size_t>(table_.vocabulary_size(), 50'000);
  Vector sum(static_cast<size_t>(dim()), 0.0f);
  for (size_t i = 0; i < words; ++i) AddUnit(table_.word(i), sum, 1.0f);
  if (words > 0) {
    for (float& x : sum) x /= static_cast<float>(words);
  }
  common_ = std::move(sum);
}

int FastTextEmbedder::dim() const { return table_.dim(); }

bool FastTextEmbedder::AddUnit(const std::string& word, Vector& sum, float weight) const {
  Vector v;
  if (!table_.WordVector(word, v)) return false;
  float norm = 0;
  for (float x : v) norm += x * x;
  const float scale = weight / std::sqrt(norm);
  for (size_t i = 0; i < v.size(); ++i) sum[i] += v[i] * scale;
  return true;
}

bool FastTextEmbedder::AddWord(const std::string& word, Vector& sum, float weight) const {
  if (!AddUnit(word, sum, weight)) return false;
  for (size_t i = 0; i < common_.size(); ++i) sum[i] -= weight * common_[i];
  return true;
}

absl::StatusOr<Vector> FastTextEmbedder::EmbedQuery(std::string_view text) {
  Vector sum(static_cast<size_t>(dim()), 0.0f);
  for (const std::string& word : EmbeddingWords(text)) AddWord(word, sum, 1.0f);
  Normalize(sum);
  return sum;
}

absl::StatusOr<std::vector<Vector>> FastTextEmbedder::EmbedProducts(
    std::span<const Product> products) {
  std::vector<Vector> out;
  out.reserve(products.size());
  for (const Product& p : products) {
    Vector words(static_cast<size_t>(dim()), 0.0f);
    for (const std::string& word : ProductWords(p)) AddWord(word, words, 1.0f);
    Normalize(words);
    // Only a trained product has a token of its own; an unknown token's
    // n-grams would be noise.
    const std::string token = ProductToken(p.external_id);
    if (token_weight_ > 0 && table_.Contains(token)) AddWord(token, words, token_weight_);
    Normalize(words);
    out.push_back(std::move(words));
  }
  return out;
}

}  // namespace leafloaf::vector
