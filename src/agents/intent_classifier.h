// A fastText supervised intent classifier (libfasttext), trained in
// process from labelled utterances: word unigrams and bigrams plus
// character n-grams of 2..5 letters, so typos ("chekout", "crat") share
// most of their n-grams with the words they misspell. Training is
// deterministic (one thread, fixed seed): the same examples give the same
// model and the same probabilities.
//
// fastText trains from files only: the examples are written to a temporary
// file, which is removed before Train returns.
//
// Thread-safety: immutable after Train; Predict is const and safe for
// concurrent callers (fastText's predict keeps its state on the stack).
#ifndef LEAFLOAF_AGENTS_INTENT_CLASSIFIER_H_
#define LEAFLOAF_AGENTS_INTENT_CLASSIFIER_H_

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/intent.h"

namespace fasttext {
class FastText;
}

namespace leafloaf::agents {

struct IntentClassifierOptions {
  int dim = 32;             // vector size
  int epochs = 25;          // passes over the examples
  double learning_rate = 1.0;
  int word_ngrams = 2;      // unigrams + bigrams
  int minn = 2;             // character n-grams, shortest
  int maxn = 5;             // character n-grams, longest
  int buckets = 20'000;     // hashed n-gram rows (the default 2M would cost 256 MB)
  int seed = 7;
  // Each example is also trained on with one character typo per copy
  // (deterministic): shoppers type on phones.
  int typo_copies = 1;
  // Softmax temperature applied to the model's log-probabilities; > 1
  // softens fastText's over-confident outputs (see docs/CONVERSATION_NLU.md).
  double temperature = 1.0;
};

// One training example: `text` as produced by internal::ClassifierText.
struct ClassifierExample {
  Intent intent;
  std::string text;
};

class IntentClassifier {
 public:
  // Probability of each intent, indexed by static_cast<int>(Intent).
  using Distribution = std::array<double, kNumIntents>;

  // REQUIRES: `examples` is not empty. Fails with kInternal when fastText
  // or the temporary file fails.
  static absl::StatusOr<std::unique_ptr<IntentClassifier>> Train(
      std::span<const ClassifierExample> examples, const IntentClassifierOptions& options);

  ~IntentClassifier();
  IntentClassifier(const IntentClassifier&) = delete;
  IntentClassifier& operator=(const IntentClassifier&) = delete;

  // The intent distribution for `text` (internal::ClassifierText). Empty
  // text or text of unknown words gives the model's bias.
  Distribution Predict(std::string_view text) const;

 private:
  IntentClassifier(std::unique_ptr<fasttext::FastText> model, double temperature);

  std::unique_ptr<fasttext::FastText> model_;
  // label id in the model -> Intent
  std::vector<Intent> label_intents_;
  double temperature_;
};

// A one-character typo of `word` chosen by `seed`: delete, swap with the
// next, double or replace with a keyboard neighbour. Words of fewer than 4
// characters are returned unchanged.
std::string TypoOf(std::string_view word, uint64_t seed);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_INTENT_CLASSIFIER_H_
