// libFuzzer entry point for the supervisor's language understanding (run:
// scripts/fuzz agents). The input is an utterance; the first byte picks
// the lexicon (none, or a few brands with accents, '&' and everyday words).
// Properties: never crashes; the confidence is in [0, 1] and equals the
// first alternative's; alternatives are a distribution over all intents;
// entities are well formed (non-empty valid UTF-8 mention texts, finite
// non-negative quantities, canonical dietary tags, references in range,
// budget -1 or more); a clarifying question is present exactly when
// needed.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agents/supervisor.h"
#include "catalog/dietary.h"
#include "text/folding.h"

namespace {

using namespace leafloaf::agents;

void Check(bool ok) {
  if (!ok) std::abort();
}

const Supervisor& Shared() {
  static const Supervisor* supervisor = Supervisor::Create().value().release();
  return *supervisor;
}

const Lexicon& LexiconFor(uint8_t selector) {
  static const Lexicon* none = new Lexicon();
  static const Lexicon* brands = new Lexicon(
      {"Ben & Jerry's", "Häagen-Dazs", "Oatly", "Kind", "Rao's Homemade", "all", "L.", "A&W"});
  return (selector & 1) ? *brands : *none;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view utterance(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Understanding u = Shared().Understand(utterance, LexiconFor(data[0]));
  Check(u.confidence >= 0 && u.confidence <= 1);
  if (!u.alternatives.empty()) {
    Check(u.alternatives.size() == static_cast<size_t>(kNumIntents));
    Check(u.alternatives[0].first == u.intent && u.alternatives[0].second == u.confidence);
    double total = 0;
    for (const auto& [intent, p] : u.alternatives) {
      Check(p >= 0 && p <= 1);
      total += p;
    }
    Check(std::abs(total - 1) < 1e-6);
  }
  for (const ItemMention& item : u.items) {
    Check(!item.text.empty() && leafloaf::text::IsValidUtf8(item.text));
    Check(std::isfinite(item.quantity) && item.quantity >= 0);
  }
  Check(std::isfinite(u.quantity) && u.quantity >= 0);
  for (const std::string& tag : u.dietary) {
    Check(leafloaf::CanonicalDietaryTag(tag) == tag);
  }
  switch (u.reference.kind) {
    case Reference::Kind::kNone:
    case Reference::Kind::kLastMentioned:
      Check(u.reference.index == 0);
      break;
    case Reference::Kind::kOrdinal:
      Check(u.reference.index == -1 || (u.reference.index >= 1 && u.reference.index <= 50));
      break;
  }
  Check(u.budget_cents >= -1);
  Check(u.needs_clarification == !u.clarifying_question.empty());
  Check(leafloaf::text::IsValidUtf8(u.clarifying_question));
  return 0;
}
