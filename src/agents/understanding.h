// What the supervisor understood of one utterance: the intent, how sure it
// is, and the entities (item mentions, a reference to earlier results,
// brands, dietary tags, a budget). Plain values, movable, no invariants
// beyond the field comments.
#ifndef LEAFLOAF_AGENTS_UNDERSTANDING_H_
#define LEAFLOAF_AGENTS_UNDERSTANDING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "agents/intent.h"

namespace leafloaf::agents {

// One product the shopper mentioned: "2 loaves of bread" ->
// {text "bread", quantity 2, unit "loaf"}. The text keeps the shopper's
// words (brand and dietary words included: "organic oatly oat milk"),
// lowercased and accent-folded, without quantities, units and cue words.
struct ItemMention {
  std::string text;
  double quantity = 0;  // 0 = not given; "a dozen" = 12, "half a gallon" = 0.5
  std::string unit;     // canonical singular ("gallon", "lb", "loaf"), "" = none
};

// A reference to something shown or mentioned earlier in the conversation.
struct Reference {
  enum class Kind {
    kNone,
    kOrdinal,        // "the second one" (index 2), "the last one" (index -1)
    kLastMentioned,  // "it", "that", "those", "this one"
  };
  Kind kind = Kind::kNone;
  int index = 0;  // 1-based for kOrdinal; -1 = the last of the list; 0 otherwise

  friend bool operator==(const Reference&, const Reference&) = default;
};

struct Understanding {
  Intent intent = Intent::kOther;
  double confidence = 0;  // in [0, 1]
  // Every intent with its probability, best first (intent included).
  std::vector<std::pair<Intent, double>> alternatives;

  std::vector<ItemMention> items;
  Reference reference;
  // A quantity that belongs to the reference rather than to an item
  // mention: "actually make it 3", "add 2 of the second one". 0 = none.
  double quantity = 0;
  std::vector<std::string> brands;   // the lexicon's spelling, in order of mention
  std::vector<std::string> dietary;  // canonical catalog tags (catalog/dietary.h), sorted
  int64_t budget_cents = -1;         // -1 = no amount given

  bool needs_clarification = false;  // confidence below the threshold
  std::string clarifying_question;   // set when needs_clarification
};

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_UNDERSTANDING_H_
