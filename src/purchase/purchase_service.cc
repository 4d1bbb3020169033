#include "purchase/purchase_service.h"

#include <algorithm>

#include "common/status_macros.h"
#include "common/strings.h"
#include "purchase/next_basket_eval.h"

namespace leafloaf::purchase {
namespace {

constexpr int kTuneK = 10;
constexpr int64_t kMaxTuningUsers = 300;  // 8 s for 1,000 demo users, 2.4 s for 300
constexpr size_t kMinTuningUsers = 20;

TrainingSet AllBaskets(const PurchaseHistory& history) {
  TrainingSet training;
  training.num_products = history.num_products();
  for (UserIndex u = 0; u < history.num_users(); ++u) training.users.push_back(history.baskets(u));
  return training;
}

}  // namespace

ShopPurchases::ShopPurchases(PurchaseHistory history)
    : history_(std::move(history)), complements_(&history_) {
  NextBasketSplit validation = MakeSplit(history_, /*holdout=*/1, kMaxTuningUsers);
  if (validation.users.size() >= kMinTuningUsers) {
    blend_.set_options(TuneRepeatBlend(validation, kTuneK).options);
  }
  blend_.Fit(AllBaskets(history_));
  reorder_.Fit(history_);
  quantities_ = QuantityMemory::Build(history_);
}

std::optional<TypicalQuantity> ShopPurchases::Quantity(std::string_view user_id,
                                                       ProductIndex product) const {
  const int64_t user = history_.FindUser(user_id);
  if (user < 0) return std::nullopt;
  return quantities_.Typical(static_cast<UserIndex>(user), product);
}

std::span<const Basket> ShopPurchases::Baskets(std::string_view user_id) const {
  const int64_t user = history_.FindUser(user_id);
  if (user < 0) return {};
  return history_.baskets(static_cast<UserIndex>(user));
}

std::vector<NextBasketItem> ShopPurchases::NextBasket(std::string_view user_id, int k) const {
  const int64_t user = history_.FindUser(user_id);
  std::span<const Basket> baskets = Baskets(user_id);
  std::vector<bool> bought(history_.num_products());
  for (const Basket& b : baskets) {
    for (const BasketItem& item : b.items) bought[item.product] = true;
  }
  std::vector<NextBasketItem> out;
  for (const ScoredProduct& p : blend_.Predict({.history = baskets, .user = user}, k)) {
    out.push_back({.product = p.product, .score = p.score, .repeat = bought[p.product]});
  }
  return out;
}

absl::Status PurchaseService::LoadAll() {
  LL_ASSIGN_OR_RETURN(std::vector<std::string> shops, store_->ListShops());
  for (const std::string& shop : shops) LL_RETURN_IF_ERROR(LoadShop(shop));
  return absl::OkStatus();
}

absl::Status PurchaseService::LoadShop(std::string_view shop_id) {
  LL_ASSIGN_OR_RETURN(PurchaseHistory history, PurchaseHistory::Load(*store_, shop_id));
  auto snapshot = std::make_shared<const ShopPurchases>(std::move(history));
  absl::MutexLock lock(&mu_);
  shops_[std::string(shop_id)] = std::move(snapshot);
  return absl::OkStatus();
}

std::shared_ptr<const ShopPurchases> PurchaseService::Shop(std::string_view shop_id) const {
  absl::MutexLock lock(&mu_);
  auto it = shops_.find(AsAbsl(shop_id));
  return it == shops_.end() ? nullptr : it->second;
}

}  // namespace leafloaf::purchase
