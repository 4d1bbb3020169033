#include "agents/supervisor.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "agents/entity_extractor.h"
#include "agents/internal/tokens.h"
#include "common/strings.h"

namespace leafloaf::agents {
namespace {

constexpr double kRulePriorPrecision = 0.9;
constexpr double kRulePriorWeight = 4;

std::string Action(Intent intent, std::string_view item) {
  const std::string x(item.empty() ? "it" : item);
  switch (intent) {
    case Intent::kSearch:
      return absl::StrCat("search for ", x);
    case Intent::kAddToCart:
      return absl::StrCat("add ", x, " to your cart");
    case Intent::kRemoveFromCart:
      return absl::StrCat("remove ", x, " from your cart");
    case Intent::kUpdateQuantity:
      return absl::StrCat("change how many of ", x, " you want");
    case Intent::kShowCart:
      return "see what's in your cart";
    case Intent::kClearCart:
      return "empty your cart";
    case Intent::kCheckout:
      return "check out";
    case Intent::kAddUsual:
      return "add your usual items";
    case Intent::kReorderDue:
      return "see what you're running low on";
    case Intent::kComplements:
      return absl::StrCat("find what goes with ", x);
    case Intent::kSetDietary:
      return "set a dietary preference";
    case Intent::kSetBudget:
      return "set a budget";
    case Intent::kProductQuestion:
      return absl::StrCat("ask about ", x);
    case Intent::kHelp:
      return "hear what I can do";
    case Intent::kOther:
      break;
  }
  return "do something else";
}

}  // namespace

std::string ClarifyingQuestion(Intent first, Intent second, std::string_view item) {
  std::string a = Action(first, item);
  if (second == first || second == Intent::kOther) return absl::StrCat("Did you mean to ", a, "?");
  // The second mention of the item reads better as "it".
  std::string b = Action(second, item.empty() ? std::string_view() : std::string_view("it"));
  return absl::StrCat("Did you mean to ", a, ", or ", b, "?");
}

Supervisor::Supervisor(SupervisorOptions options, std::unique_ptr<IntentClassifier> classifier)
    : options_(std::move(options)), classifier_(std::move(classifier)) {}

absl::StatusOr<std::unique_ptr<Supervisor>> Supervisor::Create(SupervisorOptions options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.training_set.empty()) {
    auto parsed = ParseUtteranceSet(EmbeddedTrainingSet());
    if (!parsed.ok()) return parsed.status();
    options.training_set = *std::move(parsed);
  }
  if (options.training_set.empty()) return absl::InvalidArgumentError("empty training set");
  std::vector<ClassifierExample> examples;
  examples.reserve(options.training_set.size());
  for (const LabelledUtterance& row : options.training_set) {
    examples.push_back({row.intent, internal::ClassifierText(internal::Tokenize(row.text))});
  }
  auto classifier = IntentClassifier::Train(examples, options.classifier);
  if (!classifier.ok()) return classifier.status();
  std::unique_ptr<Supervisor> supervisor(
      new Supervisor(std::move(options), *std::move(classifier)));
  for (const LabelledUtterance& row : supervisor->options_.training_set) {
    const std::optional<RuleMatch> match = MatchIntentRule(internal::Tokenize(row.text));
    if (!match) continue;
    RuleStats& stats = supervisor->rule_stats_[static_cast<size_t>(match->rule)];
    ++stats.fired;
    if (match->intent == row.intent) ++stats.correct;
  }
  for (RuleStats& stats : supervisor->rule_stats_) {
    // Beta prior: rules are written to be precise (mean 0.9, worth 4
    // utterances), so a rule seen on few utterances keeps a high estimate
    // and one that misfires loses it quickly.
    stats.precision = (stats.correct + kRulePriorWeight * kRulePriorPrecision) /
                      (stats.fired + kRulePriorWeight);
  }
  // The training rows are not needed any more.
  supervisor->options_.training_set.clear();
  supervisor->options_.training_set.shrink_to_fit();
  supervisor->training_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return supervisor;
}

IntentClassifier::Distribution Supervisor::ClassifierDistribution(
    std::string_view utterance) const {
  return classifier_->Predict(internal::ClassifierText(internal::Tokenize(utterance)));
}

Understanding Supervisor::Understand(std::string_view utterance, const Lexicon& lexicon) const {
  Understanding out;
  const std::vector<internal::Token> tokens = internal::Tokenize(utterance);
  const bool has_word = std::any_of(tokens.begin(), tokens.end(),
                                    [](const internal::Token& t) { return !t.is("$") &&
                                                                          t.kind != internal::Token::Kind::kPunct; });
  if (!has_word) {
    out.intent = Intent::kOther;
    out.confidence = 0;
    out.needs_clarification = true;
    out.clarifying_question = "Sorry, I didn't catch that. What would you like to do?";
    return out;
  }
  const std::string text = internal::ClassifierText(tokens);
  IntentClassifier::Distribution dist = classifier_->Predict(text);
  // The mixture "intent r with probability pi, else the classifier".
  auto mix = [&dist](Intent r, double pi) {
    for (double& p : dist) p *= 1 - pi;
    dist[static_cast<size_t>(r)] += pi;
  };
  if (options_.use_rules) {
    if (const std::optional<RuleMatch> rule = MatchIntentRule(tokens)) {
      const double pi = rule_stats_[static_cast<size_t>(rule->rule)].precision;
      if (pi >= options_.min_rule_precision) {
        mix(rule->intent, pi);
      }
    }
  }
  out.alternatives.reserve(kNumIntents);
  for (Intent intent : AllIntents()) {
    out.alternatives.emplace_back(intent, dist[static_cast<size_t>(intent)]);
  }
  std::stable_sort(out.alternatives.begin(), out.alternatives.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out.intent = out.alternatives[0].first;
  out.confidence = std::clamp(out.alternatives[0].second, 0.0, 1.0);

  Entities entities = ExtractEntities(tokens, out.intent, lexicon);
  out.items = std::move(entities.items);
  out.reference = entities.reference;
  out.quantity = entities.quantity;
  out.brands = std::move(entities.brands);
  out.dietary = std::move(entities.dietary);
  out.budget_cents = entities.budget_cents;

  if (out.confidence < options_.clarification_threshold) {
    out.needs_clarification = true;
    std::string item;
    if (!out.items.empty()) {
      item = out.items[0].text;
    } else {
      // The runner-up may take items where the winner does not.
      Entities second = ExtractEntities(tokens, out.alternatives[1].first, lexicon);
      if (!second.items.empty()) item = second.items[0].text;
    }
    out.clarifying_question =
        ClarifyingQuestion(out.alternatives[0].first, out.alternatives[1].first, item);
  }
  return out;
}

}  // namespace leafloaf::agents
