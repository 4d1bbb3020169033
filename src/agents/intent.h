// The shopper intents the supervisor recognises, with stable string names
// (used in the labelled utterance files, the eval report and, later, the
// /graph/invoke responses). Names never change once published.
#ifndef LEAFLOAF_AGENTS_INTENT_H_
#define LEAFLOAF_AGENTS_INTENT_H_

#include <array>
#include <optional>
#include <string_view>

namespace leafloaf::agents {

enum class Intent {
  kSearch,           // "do you have oat milk"
  kAddToCart,        // "add 2 gallons of milk"
  kRemoveFromCart,   // "take the eggs out"
  kUpdateQuantity,   // "actually make it 3"
  kShowCart,         // "what's in my cart"
  kClearCart,        // "empty my cart"
  kCheckout,         // "checkout"
  kAddUsual,         // "add my usual items"
  kReorderDue,       // "what am I running low on"
  kComplements,      // "what goes with pasta"
  kSetDietary,       // "I'm vegan"
  kSetBudget,        // "keep it under $50"
  kProductQuestion,  // "is it gluten free", "how much is the oat milk"
  kHelp,             // "what can you do"
  kOther,            // anything else ("hi", "tell me a joke")
};

inline constexpr int kNumIntents = 15;

// Every intent in enum order.
const std::array<Intent, kNumIntents>& AllIntents();

// "search", "add_to_cart", ... (snake_case, stable).
std::string_view IntentName(Intent intent);

// Inverse of IntentName; nullopt for an unknown name.
std::optional<Intent> ParseIntent(std::string_view name);

// Intents whose utterances may name products (item mentions and
// references to earlier results are extracted only for these).
bool IntentTakesItems(Intent intent);

}  // namespace leafloaf::agents

#endif  // LEAFLOAF_AGENTS_INTENT_H_
