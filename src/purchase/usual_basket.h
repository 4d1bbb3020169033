// The one-click "my usual" basket (issue 5): the user's in-season usual
// items (usual.h) at their usual quantity, most confident first, each
// admitted by the request's SuggestionFilter (declared dietary
// restrictions), and within a declared budget: an item joins only while the
// basket's total stays within it; the items left out are named.
// GET /api/users/{id}/usual shows it, POST /api/cart/usual puts it in the
// cart, and the conversation's "add my usual" uses the same builder.
//
// Thread-safety: a function of its arguments; the filter is the caller's.
#ifndef LEAFLOAF_PURCHASE_USUAL_BASKET_H_
#define LEAFLOAF_PURCHASE_USUAL_BASKET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.h"
#include "common/time.h"
#include "purchase/purchase_service.h"
#include "purchase/suggestion_filter.h"
#include "purchase/usual.h"

namespace leafloaf::purchase {

struct UsualBasketItem {
  UsualItem usual;
  std::string product_id;
  Suggested suggested;
  bool in_basket = false;
};

struct UsualBasket {
  std::vector<UsualBasketItem> items;              // usual items the filter admitted
  std::vector<std::pair<std::string, double>> basket;  // product id, quantity
  std::vector<std::string> left_out_for_budget;
  std::vector<std::string> out_of_stock;  // in-season usual items that cannot be bought now
  Cents total_cents = 0;  // the basket at current prices
};

// `budget_cents`: nullopt = no budget. Items whose product left the catalog
// or is out of stock are listed but never join the basket.
UsualBasket BuildUsualBasket(const ShopPurchases& shop, std::string_view user, Micros as_of,
                             SuggestionFilter& filter, std::optional<Cents> budget_cents);

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_USUAL_BASKET_H_
