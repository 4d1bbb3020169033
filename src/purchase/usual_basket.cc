#include "purchase/usual_basket.h"

#include <cmath>

namespace leafloaf::purchase {

UsualBasket BuildUsualBasket(const ShopPurchases& shop, std::string_view user, Micros as_of,
                             SuggestionFilter& filter, std::optional<Cents> budget_cents) {
  UsualBasket out;
  for (const UsualItem& u : UsualItems(shop.Baskets(user), as_of)) {
    const std::string& id = shop.history().product_id(u.product);
    std::optional<Suggested> suggested = filter.Admit(id);
    if (!suggested) continue;
    UsualBasketItem item{u, id, std::move(*suggested), false};
    if (u.in_season && item.suggested.product && !item.suggested.product->in_stock()) {
      out.out_of_stock.push_back(id);
    } else if (u.in_season && item.suggested.product) {
      const auto cost = static_cast<Cents>(
          std::llround(u.usual_quantity * static_cast<double>(item.suggested.product->price_cents)));
      if (budget_cents && out.total_cents + cost > *budget_cents) {
        out.left_out_for_budget.push_back(id);
      } else {
        out.total_cents += cost;
        out.basket.emplace_back(id, u.usual_quantity);
        item.in_basket = true;
      }
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace leafloaf::purchase
