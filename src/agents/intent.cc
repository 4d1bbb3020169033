#include "agents/intent.h"

namespace leafloaf::agents {
namespace {

constexpr std::array<std::string_view, kNumIntents> kNames = {
    "search",          "add_to_cart", "remove_from_cart", "update_quantity", "show_cart",
    "clear_cart",      "checkout",    "add_usual",        "reorder_due",     "complements",
    "set_dietary",     "set_budget",  "product_question", "help",            "other",
};

}  // namespace

const std::array<Intent, kNumIntents>& AllIntents() {
  static constexpr std::array<Intent, kNumIntents> kAll = {
      Intent::kSearch,      Intent::kAddToCart,   Intent::kRemoveFromCart, Intent::kUpdateQuantity,
      Intent::kShowCart,    Intent::kClearCart,   Intent::kCheckout,       Intent::kAddUsual,
      Intent::kReorderDue,  Intent::kComplements, Intent::kSetDietary,     Intent::kSetBudget,
      Intent::kProductQuestion, Intent::kHelp,    Intent::kOther,
  };
  return kAll;
}

std::string_view IntentName(Intent intent) { return kNames[static_cast<size_t>(intent)]; }

std::optional<Intent> ParseIntent(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Intent>(i);
  }
  return std::nullopt;
}

bool IntentTakesItems(Intent intent) {
  switch (intent) {
    case Intent::kSearch:
    case Intent::kAddToCart:
    case Intent::kRemoveFromCart:
    case Intent::kUpdateQuantity:
    case Intent::kComplements:
    case Intent::kProductQuestion:
      return true;
    default:
      return false;
  }
}

}  // namespace leafloaf::agents
