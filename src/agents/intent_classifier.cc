#include "agents/intent_classifier.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "fasttext/fasttext.h"

namespace leafloaf::agents {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

uint64_t SplitMix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

char KeyboardNeighbour(char c, uint64_t r) {
  static constexpr std::string_view kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  for (std::string_view row : kRows) {
    const size_t at = row.find(c);
    if (at == std::string_view::npos) continue;
    if (at == 0) return row[1];
    if (at + 1 == row.size()) return row[at - 1];
    return row[(r & 1) ? at + 1 : at - 1];
  }
  return c;
}

// A temporary file removed when this goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string pattern = (dir / "leafloaf-intents-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::string TypoOf(std::string_view word, uint64_t seed) {
  std::string out(word);
  if (word.size() < 4) return out;
  uint64_t state = seed;
  const uint64_t r = SplitMix(state);
  // Keep the first letter: shoppers rarely miss it, and FuzzyEquals relies on it.
  const size_t at = 1 + (r >> 8) % (word.size() - 1);
  switch (r % 4) {
    case 0:
      out.erase(at, 1);
      break;
    case 1:
      if (at + 1 < out.size()) std::swap(out[at], out[at + 1]);
      break;
    case 2:
      out.insert(at, 1, out[at]);
      break;
    default:
      out[at] = KeyboardNeighbour(out[at], r >> 16);
  }
  return out;
}

IntentClassifier::IntentClassifier(std::unique_ptr<fasttext::FastText> model, double temperature)
    : model_(std::move(model)), temperature_(temperature > 0 ? temperature : 1.0) {}

IntentClassifier::~IntentClassifier() = default;

absl::StatusOr<std::unique_ptr<IntentClassifier>> IntentClassifier::Train(
    std::span<const ClassifierExample> examples, const IntentClassifierOptions& options) {
  if (examples.empty()) return absl::InvalidArgumentError("no training examples");
  TempFile file;
  if (file.path().empty()) return absl::InternalError("cannot create a temporary file");
  {
    std::ofstream out(file.path(), std::ios::trunc);
    uint64_t typo_seed = static_cast<uint64_t>(options.seed);
    for (const ClassifierExample& example : examples) {
      out << kLabelPrefix << IntentName(example.intent) << ' ' << example.text << '\n';
      for (int copy = 0; copy < options.typo_copies; ++copy) {
        // One typo in one word of 4+ letters, if the example has one.
        std::vector<std::string> words;
        std::istringstream in(example.text);
        for (std::string w; in >> w;) words.push_back(std::move(w));
        std::vector<size_t> long_words;
        for (size_t i = 0; i < words.size(); ++i) {
          if (words[i].size() >= 4) long_words.push_back(i);
        }
        if (long_words.empty()) continue;
        const uint64_t r = SplitMix(typo_seed);
        const size_t target = long_words[r % long_words.size()];
        words[target] = TypoOf(words[target], r >> 20);
        out << kLabelPrefix << IntentName(example.intent);
        for (const std::string& w : words) out << ' ' << w;
        out << '\n';
      }
    }
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", file.path()));
  }
  fasttext::Args args;
  args.input = file.path();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = options.dim;
  args.epoch = options.epochs;
  args.lr = options.learning_rate;
  args.wordNgrams = options.word_ngrams;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.bucket = options.buckets;
  args.minCount = 1;
  args.thread = 1;  // determinism: one thread trains inline
  args.seed = options.seed;
  args.verbose = 0;
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->train(args);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("fastText training failed: ", e.what()));
  }
  std::unique_ptr<IntentClassifier> classifier(
      new IntentClassifier(std::move(model), options.temperature));
  const auto dict = classifier->model_->getDictionary();
  for (int32_t label = 0; label < dict->nlabels(); ++label) {
    const std::string name = dict->getLabel(label);
    const std::optional<Intent> intent =
        ParseIntent(std::string_view(name).substr(kLabelPrefix.size()));
    // Labels come from IntentName, so they always parse.
    classifier->label_intents_.push_back(intent.value_or(Intent::kOther));
  }
  return classifier;
}

IntentClassifier::Distribution IntentClassifier::Predict(std::string_view text) const {
  Distribution dist;
  dist.fill(0);
  std::vector<int32_t> words, labels;
  {
    std::istringstream in(std::string(text) + "\n");
    model_->getDictionary()->getLine(in, words, labels);
  }
  fasttext::Predictions predictions;
  if (!words.empty()) {
    model_->predict(static_cast<int32_t>(label_intents_.size()), words, predictions, 0.0);
  }
  if (predictions.empty()) {
    dist.fill(1.0 / kNumIntents);
    return dist;
  }
  // Log-probabilities, tempered and renormalised.
  double max_log = predictions.front().first;
  for (const auto& [log_prob, label] : predictions) max_log = std::max<double>(max_log, log_prob);
  double total = 0;
  for (const auto& [log_prob, label] : predictions) {
    const double p = std::exp((log_prob - max_log) / temperature_);
    dist[static_cast<size_t>(label_intents_[static_cast<size_t>(label)])] += p;
    total += p;
  }
  for (double& p : dist) p /= total;
  return dist;
}

}  // namespace leafloaf::agents
