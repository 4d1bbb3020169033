#include "purchase/inference/insights_service.h"

#include <chrono>

#include "common/status_macros.h"
#include "common/strings.h"
#include "spdlog/spdlog.h"

namespace leafloaf::purchase {

absl::StatusOr<std::shared_ptr<const ShopInsights>> ShopInsights::Build(
    Store& store, std::string_view shop_id, std::shared_ptr<const ShopPurchases> purchases) {
  const auto start = std::chrono::steady_clock::now();
  const PurchaseHistory& history = purchases->history();
  LL_ASSIGN_OR_RETURN(ProductCatalog catalog, ProductCatalog::Load(store, shop_id, history));
  LL_ASSIGN_OR_RETURN(std::vector<PricedOrder> orders, LoadPricedOrders(store, shop_id, history));
  std::shared_ptr<ShopInsights> out(new ShopInsights(std::move(purchases), std::move(catalog)));
  const PurchaseHistory& h = out->purchases_->history();
  out->budget_ = BudgetModel::Build(h, out->catalog_, orders);
  out->household_ = HouseholdInference::Build(h, out->catalog_, {}, orders);
  out->dietary_ = DietaryInference::Build(h, out->catalog_);
  out->build_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::shared_ptr<const ShopInsights>(std::move(out));
}

std::shared_ptr<const ShopInsights> InsightsService::Shop(std::string_view shop_id) {
  std::shared_ptr<const ShopPurchases> purchases = purchases_->Shop(shop_id);
  if (purchases == nullptr) return nullptr;
  absl::MutexLock lock(&build_mu_);
  auto it = shops_.find(AsAbsl(shop_id));
  if (it != shops_.end() && &it->second->purchases() == purchases.get()) return it->second;
  auto built = ShopInsights::Build(*store_, shop_id, std::move(purchases));
  if (!built.ok()) {
    spdlog::error("insights: shop {}: {}", shop_id, built.status().ToString());
    return nullptr;
  }
  spdlog::info("insights: shop {} built in {:.2f} s", shop_id, (*built)->build_seconds());
  shops_[std::string(shop_id)] = *built;
  return *built;
}

}  // namespace leafloaf::purchase
