#include "agents/intent_eval.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "agents/internal/tokens.h"

namespace leafloaf::agents {
namespace {

std::string NormalizeText(std::string_view text) {
  std::string out;
  for (const internal::Token& t : internal::Tokenize(text)) {
    if (t.kind == internal::Token::Kind::kPunct && !t.is("%")) continue;
    if (t.is("%")) {
      out += "%";
      continue;
    }
    if (!out.empty()) out.push_back(' ');
    out += t.is_word() ? internal::Singular(t.text) : t.text;
  }
  return out;
}

std::string Number(double x) { return absl::StrFormat("%g", x); }

Counts Compare(std::vector<std::string> gold, std::vector<std::string> predicted,
               std::vector<std::string>* missing, std::vector<std::string>* extra) {
  std::sort(gold.begin(), gold.end());
  std::sort(predicted.begin(), predicted.end());
  std::vector<std::string> both;
  std::set_intersection(gold.begin(), gold.end(), predicted.begin(), predicted.end(),
                        std::back_inserter(both));
  std::set_difference(gold.begin(), gold.end(), predicted.begin(), predicted.end(),
                      std::back_inserter(*missing));
  std::set_difference(predicted.begin(), predicted.end(), gold.begin(), gold.end(),
                      std::back_inserter(*extra));
  Counts counts;
  counts.true_positives = static_cast<int64_t>(both.size());
  counts.false_negatives = static_cast<int64_t>(missing->size());
  counts.false_positives = static_cast<int64_t>(extra->size());
  return counts;
}

std::string TypeOf(const std::string& fact) { return fact.substr(0, fact.find(':')); }

void CountByType(const std::vector<std::string>& facts, int64_t Counts::*field,
                 std::map<std::string, Counts>& by_type) {
  for (const std::string& fact : facts) ++(by_type[TypeOf(fact)].*field);
}

}  // namespace

double Counts::precision() const {
  const int64_t d = true_positives + false_positives;
  return d == 0 ? 1.0 : static_cast<double>(true_positives) / d;
}
double Counts::recall() const {
  const int64_t d = true_positives + false_negatives;
  return d == 0 ? 1.0 : static_cast<double>(true_positives) / d;
}
double Counts::f1() const {
  const double p = precision(), r = recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}
Counts& Counts::operator+=(const Counts& o) {
  true_positives += o.true_positives;
  false_positives += o.false_positives;
  false_negatives += o.false_negatives;
  return *this;
}

double IntentEvalReport::expected_calibration_error() const {
  double ece = 0;
  for (size_t b = 0; b < bin_count.size(); ++b) {
    if (bin_count[b] == 0 || utterances == 0) continue;
    const double accuracy = static_cast<double>(bin_correct[b]) / bin_count[b];
    const double confidence = bin_confidence[b] / bin_count[b];
    ece += std::abs(accuracy - confidence) * bin_count[b] / utterances;
  }
  return ece;
}

IntentEvalReport& IntentEvalReport::operator+=(const IntentEvalReport& o) {
  for (size_t b = 0; b < bin_count.size(); ++b) {
    bin_count[b] += o.bin_count[b];
    bin_correct[b] += o.bin_correct[b];
    bin_confidence[b] += o.bin_confidence[b];
  }
  utterances += o.utterances;
  correct += o.correct;
  for (size_t i = 0; i < per_intent.size(); ++i) per_intent[i] += o.per_intent[i];
  entities += o.entities;
  for (const auto& [type, counts] : o.by_type) by_type[type] += counts;
  clarifications += o.clarifications;
  clarified_errors += o.clarified_errors;
  misses.insert(misses.end(), o.misses.begin(), o.misses.end());
  return *this;
}

std::vector<std::string> EntityFacts(const Entities& e) {
  std::vector<std::string> facts;
  for (const ItemMention& item : e.items) {
    facts.push_back(absl::StrCat("item:", NormalizeText(item.text), "|", Number(item.quantity),
                                 "|", item.unit));
  }
  if (e.reference.kind == Reference::Kind::kOrdinal) {
    facts.push_back(absl::StrCat("ref:ordinal:", e.reference.index));
  } else if (e.reference.kind == Reference::Kind::kLastMentioned) {
    facts.push_back("ref:last_mentioned");
  }
  if (e.quantity != 0) facts.push_back(absl::StrCat("qty:", Number(e.quantity)));
  for (const std::string& brand : e.brands) {
    facts.push_back(absl::StrCat("brand:", NormalizeText(brand)));
  }
  for (const std::string& tag : e.dietary) facts.push_back(absl::StrCat("diet:", tag));
  if (e.budget_cents >= 0) facts.push_back(absl::StrCat("budget:", e.budget_cents));
  std::sort(facts.begin(), facts.end());
  return facts;
}

IntentEvalReport EvaluateIntents(const Supervisor& supervisor,
                                 std::span<const LabelledUtterance> set, const Lexicon& lexicon) {
  return EvaluateUnderstandings(set, [&](const LabelledUtterance& row) {
    return supervisor.Understand(row.text, lexicon);
  });
}

IntentEvalReport EvaluateUnderstandings(std::span<const LabelledUtterance> set,
                                        const Understander& understand) {
  IntentEvalReport report;
  for (const LabelledUtterance& row : set) {
    Understanding u = understand(row);
    ++report.utterances;
    const bool right = u.intent == row.intent;
    if (right) {
      ++report.correct;
      ++report.per_intent[static_cast<size_t>(row.intent)].true_positives;
    } else {
      ++report.per_intent[static_cast<size_t>(row.intent)].false_negatives;
      ++report.per_intent[static_cast<size_t>(u.intent)].false_positives;
      if (u.needs_clarification) ++report.clarified_errors;
    }
    if (u.needs_clarification) ++report.clarifications;
    const size_t bin = std::min<size_t>(9, static_cast<size_t>(u.confidence * 10));
    ++report.bin_count[bin];
    report.bin_correct[bin] += right ? 1 : 0;
    report.bin_confidence[bin] += u.confidence;
    Entities predicted;
    predicted.items = std::move(u.items);
    predicted.reference = u.reference;
    predicted.quantity = u.quantity;
    predicted.brands = std::move(u.brands);
    predicted.dietary = std::move(u.dietary);
    predicted.budget_cents = u.budget_cents;
    IntentEvalReport::Miss miss;
    const std::vector<std::string> gold_facts = EntityFacts(row.entities);
    const std::vector<std::string> predicted_facts = EntityFacts(predicted);
    report.entities += Compare(gold_facts, predicted_facts, &miss.missing_facts, &miss.extra_facts);
    std::vector<std::string> hits;
    std::set_intersection(gold_facts.begin(), gold_facts.end(), predicted_facts.begin(),
                          predicted_facts.end(), std::back_inserter(hits));
    CountByType(hits, &Counts::true_positives, report.by_type);
    CountByType(miss.missing_facts, &Counts::false_negatives, report.by_type);
    CountByType(miss.extra_facts, &Counts::false_positives, report.by_type);
    if (!right || !miss.missing_facts.empty() || !miss.extra_facts.empty()) {
      miss.line = row.line;
      miss.text = row.text;
      miss.gold = row.intent;
      miss.predicted = u.intent;
      miss.confidence = u.confidence;
      report.misses.push_back(std::move(miss));
    }
  }
  return report;
}

absl::StatusOr<IntentEvalReport> CrossValidateIntents(std::span<const LabelledUtterance> set,
                                                      int folds, const SupervisorOptions& options,
                                                      const Lexicon& lexicon) {
  if (folds < 2) return absl::InvalidArgumentError("cross-validation needs 2+ folds");
  std::vector<size_t> order(set.size());
  std::iota(order.begin(), order.end(), 0);
  // A fixed shuffle (multiplicative hash of the index) so folds mix intents.
  std::sort(order.begin(), order.end(), [](size_t a, size_t b) {
    return (a * 2654435761u) % 1000003 < (b * 2654435761u) % 1000003;
  });
  IntentEvalReport total;
  for (int fold = 0; fold < folds; ++fold) {
    SupervisorOptions fold_options = options;
    fold_options.training_set.clear();
    std::vector<LabelledUtterance> test;
    for (size_t k = 0; k < order.size(); ++k) {
      if (static_cast<int>(k % static_cast<size_t>(folds)) == fold) {
        test.push_back(set[order[k]]);
      } else {
        fold_options.training_set.push_back(set[order[k]]);
      }
    }
    auto supervisor = Supervisor::Create(std::move(fold_options));
    if (!supervisor.ok()) return supervisor.status();
    total += EvaluateIntents(**supervisor, test, lexicon);
  }
  return total;
}

std::string FormatIntentEvalReport(const IntentEvalReport& r, int max_misses) {
  std::string out;
  absl::StrAppendFormat(&out, "utterances        %d\n", r.utterances);
  absl::StrAppendFormat(&out, "intent accuracy   %.1f%% (%d/%d)\n", 100 * r.accuracy(), r.correct,
                        r.utterances);
  absl::StrAppendFormat(&out, "entity precision  %.1f%%\n", 100 * r.entities.precision());
  absl::StrAppendFormat(&out, "entity recall     %.1f%%\n", 100 * r.entities.recall());
  absl::StrAppendFormat(&out, "entity F1         %.1f%% (%d facts in gold)\n",
                        100 * r.entities.f1(),
                        static_cast<int>(r.entities.true_positives + r.entities.false_negatives));
  absl::StrAppendFormat(&out, "calibration error %.3f (ECE, 10 bins)\n",
                        r.expected_calibration_error());
  absl::StrAppendFormat(&out, "clarifications    %d (%d of the %d intent errors)\n",
                        r.clarifications, r.clarified_errors, r.utterances - r.correct);
  absl::StrAppendFormat(&out, "\n%-18s %7s %9s %7s\n", "intent", "support", "precision",
                        "recall");
  for (Intent intent : AllIntents()) {
    const Counts& c = r.per_intent[static_cast<size_t>(intent)];
    absl::StrAppendFormat(&out, "%-18s %7d %8.1f%% %6.1f%%\n", IntentName(intent),
                          static_cast<int>(c.true_positives + c.false_negatives),
                          100 * c.precision(), 100 * c.recall());
  }
  absl::StrAppendFormat(&out, "\n%-18s %7s %9s %7s %7s\n", "entity", "gold", "precision",
                        "recall", "F1");
  for (const auto& [type, c] : r.by_type) {
    absl::StrAppendFormat(&out, "%-18s %7d %8.1f%% %6.1f%% %6.1f%%\n", type,
                          static_cast<int>(c.true_positives + c.false_negatives),
                          100 * c.precision(), 100 * c.recall(), 100 * c.f1());
  }
  if (max_misses > 0 && !r.misses.empty()) {
    absl::StrAppendFormat(&out, "\nmisses (%d):\n", static_cast<int>(r.misses.size()));
    int shown = 0;
    for (const IntentEvalReport::Miss& m : r.misses) {
      if (shown++ >= max_misses) break;
      absl::StrAppendFormat(&out, "  line %d: %s\n", m.line, m.text);
      if (m.gold != m.predicted) {
        absl::StrAppendFormat(&out, "    intent %s, predicted %s (%.2f)\n", IntentName(m.gold),
                              IntentName(m.predicted), m.confidence);
      }
      for (const std::string& f : m.missing_facts) absl::StrAppendFormat(&out, "    - %s\n", f);
      for (const std::string& f : m.extra_facts) absl::StrAppendFormat(&out, "    + %s\n", f);
    }
  }
  return out;
}

}  // namespace leafloaf::agents
