// Scores the supervisor on a labelled utterance set (utterance_set.h):
// intent accuracy, per-intent precision and recall, and entity precision,
// recall and F1.
//
// Entity matching. Each utterance's gold and predicted entities become
// multisets of facts, compared exactly after normalisation:
//   item:<text>|<quantity>|<unit>  one fact per mention; the text is folded,
//                                  cut into words and each word made
//                                  singular ("Organic Milks" = "organic milk")
//   ref:ordinal:<i> | ref:last_mentioned
//   qty:<n>                        the reference's quantity ("make it 3")
//   brand:<folded brand>   diet:<tag>   budget:<cents>
// True positives are the multiset intersection; precision, recall and F1
// are micro-averaged over the set. A mention with the right words but the
// wrong quantity is both a false positive and a false negative.
#ifndef LEAFLOAF_AGENTS_INTENT_EVAL_H_
#define LEAFLOAF_AGENTS_INTENT_EVAL_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/supervisor.h"
#include "agents/utterance_set.h"

namespace leafloaf::agents {

struct Counts {
  int64_t true_positives = 0;
  int64_t false_positives = 0;
  int64_t false_negatives = 0;

  double precision() const;
  double recall() const;
  double f1() const;
  Counts& operator+=(const Counts& other);
};

struct IntentEvalReport {
  int utterances = 0;
  int correct = 0;
  double accuracy() const { return utterances == 0 ? 0 : static_cast<double>(correct) / utterances; }
  // Per intent (index = static_cast<int>(Intent)): TP = correct predictions.
  std::array<Counts, kNumIntents> per_intent{};
  Counts entities;                        // all entity facts
  std::map<std::string, Counts> by_type;  // "item", "ref", "qty", "brand", "diet", "budget"
  // Calibration: 10 equal-width confidence bins; expected calibration
  // error = sum over bins of |accuracy - mean confidence| * share of rows.
  std::array<int, 10> bin_count{};
  std::array<int, 10> bin_correct{};
  std::array<double, 10> bin_confidence{};
  double expected_calibration_error() const;
  int clarifications = 0;                 // results with needs_clarification
  int clarified_errors = 0;               // ... among the misclassified ones

  struct Miss {
    int line = 0;
    std::string text;
    Intent gold = Intent::kOther;
    Intent predicted = Intent::kOther;
    double confidence = 0;
    std::vector<std::string> missing_facts;  // gold facts not predicted
    std::vector<std::string> extra_facts;    // predicted facts not in gold
  };
  std::vector<Miss> misses;  // utterances with a wrong intent or entity

  IntentEvalReport& operator+=(const IntentEvalReport& other);
};

// The normalised entity facts of `entities` (see above), sorted.
std::vector<std::string> EntityFacts(const Entities& entities);

// Understands every utterance of `set` with `supervisor` and scores it.
IntentEvalReport EvaluateIntents(const Supervisor& supervisor,
                                 std::span<const LabelledUtterance> set, const Lexicon& lexicon);

// The same scoring of any understander: the supervisor in process, or the
// server's /graph/invoke replies (`leafloaf eval intents --server`).
using Understander = std::function<Understanding(const LabelledUtterance&)>;
IntentEvalReport EvaluateUnderstandings(std::span<const LabelledUtterance> set,
                                        const Understander& understand);

// k-fold cross-validation on `set`: each fold is scored by a supervisor
// trained on the other folds (options.training_set is replaced). Rows are
// dealt to folds round-robin after a fixed shuffle. REQUIRES: folds >= 2.
absl::StatusOr<IntentEvalReport> CrossValidateIntents(std::span<const LabelledUtterance> set,
                                                      int folds, const SupervisorOptions& options,
                                                      const Lexicon& lexicon);

// A human-readable report; `max_misses` misses are listed.
std::string FormatIntentEvalReport(const IntentEvalReport& report, int max_misses);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_INTENT_EVAL_H_
