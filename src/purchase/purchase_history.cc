#include "purchase/purchase_history.h"

#include <algorithm>

#include "common/status_macros.h"
#include "common/strings.h"

namespace leafloaf::purchase {

absl::StatusOr<PurchaseHistory> PurchaseHistory::Load(Store& store, std::string_view shop_id) {
  PurchaseHistory history;
  std::vector<std::pair<std::string_view, double>> lines;
  LL_RETURN_IF_ERROR(store.ScanOrders(shop_id, [&](const OrderWithLines& order) {
    lines.clear();
    for (const OrderLine& line : order.lines) {
      lines.emplace_back(line.product_external_id, line.quantity);
    }
    history.AddOrder(order.order.user_external_id, order.order.placed_at, lines);
    return absl::OkStatus();
  }));
  history.Finish();
  return history;
}

void PurchaseHistory::AddOrder(std::string_view user_id, Micros placed_at,
                               std::span<const std::pair<std::string_view, double>> lines) {
  Basket basket{.placed_at = placed_at};
  for (const auto& [product_id, quantity] : lines) {
    if (!(quantity > 0)) continue;
    auto [it, inserted] =
        product_index_.try_emplace(AsAbsl(product_id), static_cast<ProductIndex>(product_ids_.size()));
    if (inserted) product_ids_.emplace_back(product_id);
    basket.items.push_back({it->second, static_cast<float>(quantity)});
  }
  if (basket.items.empty()) return;
  std::sort(basket.items.begin(), basket.items.end(),
            [](const BasketItem& a, const BasketItem& b) { return a.product < b.product; });
  // Repeated lines of one product add up.
  size_t kept = 0;
  for (size_t item_idx = 0; item_idx < basket.items.size(); ++item_idx) {
    if (kept > 0 && basket.items[kept - 1].product == basket.items[item_idx].product) {
      basket.items[kept - 1].quantity += basket.items[item_idx].quantity;
    } else {
      basket.items[kept++] = basket.items[item_idx];
    }
  }
  basket.items.resize(kept);
  basket.items.shrink_to_fit();

  auto [it, inserted] = user_index_.try_emplace(AsAbsl(user_id), static_cast<UserIndex>(user_ids_.size()));
  if (inserted) {
    user_ids_.emplace_back(user_id);
    baskets_.emplace_back();
  }
  baskets_[it->second].push_back(std::move(basket));
  ++num_baskets_;
}

void PurchaseHistory::Finish() {
  for (std::vector<Basket>& user_baskets : baskets_) {
    std::stable_sort(user_baskets.begin(), user_baskets.end(),
                     [](const Basket& a, const Basket& b) { return a.placed_at < b.placed_at; });
  }
}

int64_t PurchaseHistory::FindUser(std::string_view user_id) const {
  auto it = user_index_.find(AsAbsl(user_id));
  return it == user_index_.end() ? -1 : static_cast<int64_t>(it->second);
}

int64_t PurchaseHistory::FindProduct(std::string_view product_id) const {
  auto it = product_index_.find(AsAbsl(product_id));
  return it == product_index_.end() ? -1 : static_cast<int64_t>(it->second);
}

}  // namespace leafloaf::purchase
