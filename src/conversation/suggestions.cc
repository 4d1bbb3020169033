#include "conversation/suggestions.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "purchase/suggestion_filter.h"

namespace leafloaf::conversation {

ProductCard CardOf(const Product& p) {
  ProductCard card;
  card.product_id = p.external_id;
  card.name = p.name;
  card.brand = p.brand;
  card.category = p.category;
  card.price_cents = p.price_cents;
  card.dietary_tags = p.dietary_tags;
  card.in_stock = p.in_stock();
  return card;
}

std::optional<double> Suggestions::Quantity(const std::string& product_id) const {
  if (!shop_) return std::nullopt;
  const int64_t index = shop_->history().FindProduct(product_id);
  if (index < 0) return std::nullopt;
  auto q = shop_->Quantity(user_id_, static_cast<purchase::ProductIndex>(index));
  if (!q) return std::nullopt;
  return q->quantity;
}

std::vector<ProductCard> Suggestions::Reorder(size_t k, const cart::Cart* in_cart) const {
  std::vector<ProductCard> cards;
  if (!shop_) return cards;
  purchase::SuggestionFilter filter(store_, shop_id_, dietary_);
  for (const purchase::ReorderItem& item :
       shop_->reorder().Due(shop_->Baskets(user_id_), clock_->Now(), 4 * k)) {
    if (cards.size() >= k) break;
    const std::string& id = shop_->history().product_id(item.product);
    if (in_cart && std::any_of(in_cart->lines.begin(), in_cart->lines.end(),
                               [&](const CartLine& l) { return l.product.external_id == id; })) {
      continue;
    }
    std::optional<purchase::Suggested> s = filter.Admit(id);
    if (!s || !s->product) continue;
    ProductCard card = CardOf(*s->product);
    card.score = item.overdue;
    card.suggested_quantity = Quantity(id);
    card.reasons.push_back(absl::StrFormat("you buy it about every %.0f days", item.cycle_days));
    if (item.holiday != nullptr) {
      card.reasons.push_back(absl::StrFormat("due before %s", item.holiday->name));
    }
    cards.push_back(std::move(card));
  }
  return cards;
}

std::vector<ProductCard> Suggestions::Complements(const std::string& product_id, size_t k) const {
  std::vector<ProductCard> cards;
  if (!shop_) return cards;
  const int64_t index = shop_->history().FindProduct(product_id);
  if (index < 0) return cards;
  purchase::SuggestionFilter filter(store_, shop_id_, dietary_);
  for (const purchase::Complement& c :
       shop_->complements().Find(static_cast<purchase::ProductIndex>(index),
                                 shop_->Baskets(user_id_), 4 * k)) {
    if (cards.size() >= k) break;
    const std::string& id = shop_->history().product_id(c.product);
    std::optional<purchase::Suggested> s = filter.Admit(id);
    if (!s || !s->product || !s->product->in_stock()) continue;
    ProductCard card = CardOf(*s->product);
    card.score = c.score;
    card.suggested_quantity = Quantity(id);
    card.reasons.push_back(
        c.user_together > 0
            ? absl::StrFormat("you bought them together %d times", c.user_together)
            : absl::StrFormat("bought together %.1fx more often than chance", c.lift));
    cards.push_back(std::move(card));
  }
  return cards;
}

std::vector<ProductCard> Suggestions::Cards(const std::vector<std::string>& product_ids) const {
  std::vector<ProductCard> cards;
  for (const std::string& id : product_ids) {
    auto p = store_->GetProduct(shop_id_, id);
    if (p.ok()) cards.push_back(CardOf(*p));
  }
  return cards;
}

}  // namespace leafloaf::conversation
