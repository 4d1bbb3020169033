// Entity extraction: item mentions with quantities and units, references
// to earlier results, brands (from the caller's Lexicon), dietary tags and
// a budget, from an utterance's tokens and its intent. Rules only, no
// model: see docs/CONVERSATION_NLU.md for the conventions (what counts as
// the mention text, how "a dozen" or "make it 3" are read).
//
// Thread-safety: pure functions over immutable tables.
#ifndef LEAFLOAF_AGENTS_ENTITY_EXTRACTOR_H_
#define LEAFLOAF_AGENTS_ENTITY_EXTRACTOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/intent.h"
#include "agents/internal/tokens.h"
#include "agents/lexicon.h"
#include "agents/understanding.h"

namespace leafloaf::agents {

struct Entities {
  std::vector<ItemMention> items;  // only for IntentTakesItems(intent)
  Reference reference;             // only for IntentTakesItems(intent)
  double quantity = 0;             // the reference's quantity ("make it 3")
  std::vector<std::string> brands;
  std::vector<std::string> dietary;  // canonical tags, sorted, unique
  int64_t budget_cents = -1;
};

// Extracts the entities of `tokens` (internal::Tokenize) read as `intent`.
Entities ExtractEntities(std::span<const internal::Token> tokens, Intent intent,
                         const Lexicon& lexicon);

// The first money amount in the tokens ("$50", "49.99 dollars", "40
// bucks"), in cents, or -1. With `bare_numbers_are_dollars`, "under 40"
// also counts (used once the intent is known to be set_budget).
int64_t FindBudgetCents(std::span<const internal::Token> tokens, bool bare_numbers_are_dollars);

// Canonical dietary tags named in the tokens ("gluten free" ->
// "gluten-free", "I'm allergic to nuts" -> "nut-free"), sorted, unique.
std::vector<std::string> FindDietaryTags(std::span<const internal::Token> tokens);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_ENTITY_EXTRACTOR_H_
