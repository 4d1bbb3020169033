// The supervisor's language understanding: turns a shopper's utterance
// into an intent and entities (understanding.h) without an LLM.
//
// Two experts decide the intent:
//   - keyword rules (intent_rules.h) for unambiguous surface patterns;
//   - a fastText classifier (intent_classifier.h) trained at construction
//     on the labelled utterances compiled into the binary.
// Each rule's precision on the training set is measured at construction
// and smoothed with a Beta prior of mean 0.9 worth 4 utterances:
// (correct + 3.6) / (fired + 4). When a rule with precision pi
// fires for intent r, the intent distribution is the mixture
//   p(k) = pi * [k == r] + (1 - pi) * p_classifier(k),
// i.e. "the rule is right with probability pi, otherwise trust the
// classifier". Rules below `min_rule_precision` are ignored. The result's
// confidence is p of the chosen intent; below `clarification_threshold`
// the result asks a clarifying question built from the two best intents.
// Entities are then extracted for the chosen intent (entity_extractor.h).
//
// Thread-safety: immutable after Create; Understand is const and safe for
// concurrent callers.
#ifndef LEAFLOAF_AGENTS_SUPERVISOR_H_
#define LEAFLOAF_AGENTS_SUPERVISOR_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/intent_classifier.h"
#include "agents/intent_rules.h"
#include "agents/lexicon.h"
#include "agents/understanding.h"
#include "agents/utterance_set.h"

namespace leafloaf::agents {

struct SupervisorOptions {
  // Below this confidence the result needs clarification.
  double clarification_threshold = 0.5;
  // Rules whose smoothed training precision is lower are not used.
  double min_rule_precision = 0.8;
  // Use the keyword rules at all (off: the classifier alone, for evaluation).
  bool use_rules = true;
  IntentClassifierOptions classifier;
  // The labelled utterances to train on; empty = the embedded training set
  // (src/agents/data/utterances_train.tsv).
  std::vector<LabelledUtterance> training_set;
};

class Supervisor {
 public:
  // Trains the classifier (well under a second on the embedded set).
  // Fails with kInvalidArgument when the training set is empty or does not
  // parse, kInternal when fastText fails.
  static absl::StatusOr<std::unique_ptr<Supervisor>> Create(SupervisorOptions options = {});

  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Understands one utterance. `lexicon` supplies the shop's brands. Any
  // input is accepted (empty, junk, invalid UTF-8): the worst case is
  // intent kOther with needs_clarification.
  Understanding Understand(std::string_view utterance, const Lexicon& lexicon) const;

  // The intent distribution of the classifier alone (for benchmarks and
  // the evaluation's ablation).
  IntentClassifier::Distribution ClassifierDistribution(std::string_view utterance) const;

  struct RuleStats {
    int fired = 0;    // training utterances the rule fired on
    int correct = 0;  // ... whose label was the rule's intent
    double precision = 0;  // (correct + 3.6) / (fired + 4)
  };
  const std::array<RuleStats, kNumIntentRules>& rule_stats() const { return rule_stats_; }
  double training_seconds() const { return training_seconds_; }

 private:
  Supervisor(SupervisorOptions options, std::unique_ptr<IntentClassifier> classifier);

  // Constant after construction.
  SupervisorOptions options_;
  std::unique_ptr<IntentClassifier> classifier_;
  std::array<RuleStats, kNumIntentRules> rule_stats_{};
  double training_seconds_ = 0;
};

// "Did you mean to add oat milk to your cart, or search for it?"
std::string ClarifyingQuestion(Intent first, Intent second, std::string_view item);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_SUPERVISOR_H_
