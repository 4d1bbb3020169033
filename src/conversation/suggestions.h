// What the purchase models suggest to one user in one conversation turn,
// as product cards: reorder reminders, complements and quantity memory,
// each admitted by the declared dietary restrictions (a hard filter) and
// looked up in the catalog as it is now.
//
// Thread-safety: one object per turn.
#ifndef LEAFLOAF_CONVERSATION_SUGGESTIONS_H_
#define LEAFLOAF_CONVERSATION_SUGGESTIONS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cart/cart_service.h"
#include "conversation/conversation_service.h"
#include "purchase/purchase_service.h"

namespace leafloaf::conversation {

// A card with the catalog's fields of `product`.
ProductCard CardOf(const Product& product);

class Suggestions {
 public:
  // `shop` may be null (no purchase models): every list is then empty.
  Suggestions(Store* store, const Clock* clock, std::shared_ptr<const purchase::ShopPurchases> shop,
              std::string shop_id, std::string user_id, std::vector<std::string> dietary)
      : store_(store), clock_(clock), shop_(std::move(shop)), shop_id_(std::move(shop_id)),
        user_id_(std::move(user_id)), dietary_(std::move(dietary)) {}

  const purchase::ShopPurchases* shop() const { return shop_.get(); }
  // What the user usually takes of the product; nullopt if never bought.
  std::optional<double> Quantity(const std::string& product_id) const;
  // The k most pressing reorder reminders, leaving out what `in_cart` holds.
  std::vector<ProductCard> Reorder(size_t k, const cart::Cart* in_cart) const;
  // The k best in-stock complements of the product, personal pairs first.
  std::vector<ProductCard> Complements(const std::string& product_id, size_t k) const;
  // Cards of catalog products, in the order given (absent ones left out).
  std::vector<ProductCard> Cards(const std::vector<std::string>& product_ids) const;

 private:
  Store* store_;
  const Clock* clock_;
  std::shared_ptr<const purchase::ShopPurchases> shop_;
  std::string shop_id_;
  std::string user_id_;
  std::vector<std::string> dietary_;
};

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_SUGGESTIONS_H_
