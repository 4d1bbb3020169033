// High-precision keyword rules for intents with unambiguous surface forms
// ("checkout", "what's in my cart", "what goes with pasta", "I'm vegan").
// Key cue words tolerate one typo (internal::FuzzyEquals: "chekout",
// "crat"). The rules are tried in a fixed order and the first that fires
// wins; when none fires the classifier decides alone. How a firing rule is
// combined with the classifier is the Supervisor's business (supervisor.h).
//
// Thread-safety: pure functions.
#ifndef LEAFLOAF_AGENTS_INTENT_RULES_H_
#define LEAFLOAF_AGENTS_INTENT_RULES_H_

#include <optional>
#include <span>
#include <string_view>

#include "agents/intent.h"
#include "agents/internal/tokens.h"

namespace leafloaf::agents {

struct RuleMatch {
  Intent intent = Intent::kOther;
  int rule = 0;                // index in [0, kNumIntentRules): stable within a build
  std::string_view name;       // "checkout_word", for reports
};

inline constexpr int kNumIntentRules = 26;

// The first rule that fires on `tokens`, or nullopt.
std::optional<RuleMatch> MatchIntentRule(std::span<const internal::Token> tokens);

// The name of rule `rule`.
std::string_view IntentRuleName(int rule);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_INTENT_RULES_H_
