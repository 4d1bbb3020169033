// ConversationService: the graph behind POST /graph/invoke (issue 6). One
// utterance goes
//
//   supervisor (agents/supervisor.h: intent + entities, no LLM)
//     -> product search agent (personalized search; resolves mentions and
//        references to products)
//     -> order agent (the cart through cart/cart_service.h, with quantity
//        memory and "my usual")
//     -> response compiler (message text, product cards, the cart, and
//        suggestions: usual, reorder reminders, complements)
//
// and the session (session_store.h) remembers what was shown and what "it"
// is for the next turn. Low-confidence understanding gets a clarifying
// question instead of an action; an optional LLM fallback
// (llm_fallback.h) may answer those first.
//
// Thread-safety: Invoke may be called from any thread.
#ifndef LEAFLOAF_CONVERSATION_CONVERSATION_SERVICE_H_
#define LEAFLOAF_CONVERSATION_CONVERSATION_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "agents/lexicon.h"
#include "agents/supervisor.h"
#include "cart/cart_service.h"
#include "common/money.h"
#include "conversation/session_store.h"
#include "store/store.h"

namespace leafloaf::personalize {
class PersonalizationService;
}  // namespace leafloaf::personalize
namespace leafloaf::purchase {
class PurchaseService;
}  // namespace leafloaf::purchase
namespace leafloaf::search {
class SearchService;
}  // namespace leafloaf::search

namespace leafloaf::conversation {

class LlmFallback;

// One product in a reply.
struct ProductCard {
  std::string product_id;
  std::string name;
  std::string brand;
  std::string category;
  Cents price_cents = 0;
  std::vector<std::string> dietary_tags;
  bool in_stock = true;
  double quantity = 0;                      // in cart replies: the line's quantity now
  std::optional<double> suggested_quantity;  // quantity memory
  std::vector<std::string> reasons;         // why it ranks here, for people
  std::vector<std::string> badges;
  double score = 0;  // the list's own score (relevance, due-ness, lift, ...)
};

struct Timings {
  double supervisor = 0;
  double search = 0;
  double personalization = 0;
  double compile = 0;
  double total = 0;
};

struct Reply {
  std::string session_id;
  agents::Intent intent = agents::Intent::kOther;
  double confidence = 0;
  bool needs_clarification = false;
  std::string message;
  std::vector<ProductCard> products;
  std::optional<cart::Cart> cart;  // set when the turn read or changed the cart
  std::optional<cart::CheckoutResult> order;  // set by a checkout
  struct Suggestions {
    std::vector<ProductCard> usual;
    std::vector<ProductCard> reorder;
    std::vector<ProductCard> complements;
  } suggestions;
  bool personalization_applied = false;
  std::vector<std::string> personalization_reasons;
  std::string answered_by = "rules";  // "rules" (supervisor) or "llm" (fallback)
  agents::Understanding understood;   // the supervisor's intent and entities
  Timings timings_ms;
};

struct InvokeRequest {
  std::string shop_id;
  std::string user_id;
  std::string session_id;       // "" = start a new session
  std::string query;
  std::string idempotency_key;  // for a checkout turn; may be ""
};

struct ConversationOptions {
  int results = 5;      // products shown for a search
  int suggestions = 3;  // per suggestion list
  SessionStoreOptions sessions;
};

class ConversationService {
 public:
  struct Services {
    Store* store = nullptr;
    const Clock* clock = nullptr;
    const agents::Supervisor* supervisor = nullptr;
    search::SearchService* search = nullptr;
    personalize::PersonalizationService* personalization = nullptr;  // may be null
    purchase::PurchaseService* purchases = nullptr;                  // may be null
    const cart::CartService* carts = nullptr;
    const LlmFallback* llm = nullptr;  // may be null: rules only
  };
  ConversationService(Services services, ConversationOptions options = {});
  ~ConversationService();

  // One turn. Errors are the store's (kUnavailable, ...); anything the
  // shopper says gets a Reply, at worst a clarifying question.
  absl::StatusOr<Reply> Invoke(const InvokeRequest& request);

  // Reads the shop's brands for understanding now instead of on its first
  // turn.
  void WarmUp(std::string_view shop_id) { ShopLexicon(shop_id); }

  SessionStore& sessions() { return sessions_; }

 private:
  struct Turn;
  const agents::Lexicon& ShopLexicon(std::string_view shop_id);

  Services s_;
  const ConversationOptions options_;
  SessionStore sessions_;
  absl::Mutex lexicon_mu_;
  // A shop's brands, read from its catalog on its first conversation.
  absl::flat_hash_map<std::string, std::unique_ptr<agents::Lexicon>> lexicons_
      ABSL_GUARDED_BY(lexicon_mu_);
};

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_CONVERSATION_SERVICE_H_
