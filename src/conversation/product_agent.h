// The product search agent: finds products for the conversation through
// personalized search (personalize/personalized_search.h) and resolves what
// a shopper's words point at: an item mention ("organic milk") to the best
// in-stock match for this user, a reference ("the second one", "it") to a
// product of the session, or a mention of something in the cart ("remove
// the milk") to that cart line.
//
// Thread-safety: a function object over thread-safe services.
#ifndef LEAFLOAF_CONVERSATION_PRODUCT_AGENT_H_
#define LEAFLOAF_CONVERSATION_PRODUCT_AGENT_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/understanding.h"
#include "conversation/conversation_service.h"
#include "conversation/session_store.h"

namespace leafloaf::conversation {

struct Found {
  std::vector<ProductCard> cards;
  int64_t total = 0;
  bool personalization_applied = false;
  double search_ms = 0;
  double personalization_ms = 0;
};

class ProductAgent {
 public:
  ProductAgent(search::SearchService* search, personalize::PersonalizationService* personalization)
      : search_(search), personalization_(personalization) {}

  // The user's best `k` products for `text`, carrying every `dietary` tag.
  absl::StatusOr<Found> Search(std::string_view shop_id, std::string_view user_id,
                               std::string_view text, std::span<const std::string> dietary, int k,
                               bool in_stock_only) const;

 private:
  search::SearchService* search_;
  personalize::PersonalizationService* personalization_;
};

// The product a reference means in this session: an ordinal into the last
// list shown, or the focus ("it"). nullopt when there is none.
std::optional<Mentioned> ResolveReference(const Session& session, const agents::Reference& ref);

// The cart line a mention names ("the milk" -> "Organic Whole Milk"): the
// line sharing the most words with it (plural and case folded), nullopt
// when none shares a word.
std::optional<Mentioned> MatchCartLine(std::span<const CartLine> lines, std::string_view mention);

// How many packages of `product` a spoken quantity means: "a dozen eggs"
// (12, no unit) of a 12 ct carton is 1; "2 gallons" of a 1 gal jug is 2 and
// "a gallon" of a 1/2 gal carton 2; anything else (packs, cans, loaves or
// no unit with a product sold by weight) is the number said. At least 1.
double PackQuantity(double said, std::string_view unit, const Product& product);

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_PRODUCT_AGENT_H_
