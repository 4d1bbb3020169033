#include "purchase/purchase_service.h"

#include <algorithm>
#include <chrono>

#include "common/status_macros.h"
#include "common/strings.h"
#include "purchase/next_basket_eval.h"
#include "spdlog/spdlog.h"

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

std::shared_ptr<const RepeatBlendModel> FitBlend(const PurchaseHistory& history,
                                                 RepeatBlendOptions options) {
  auto model = std::make_shared<RepeatBlendModel>(options);
  model->Fit(AllBaskets(history));
  return model;
}

ShopPurchases::ShopPurchases(PurchaseHistory history, RepeatBlendOptions next_basket)
    : history_(std::move(history)), complements_(&history_) {
  {
    absl::MutexLock lock(&blend_mu_);
    blend_ = FitBlend(history_, next_basket);
  }
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

RepeatBlendOptions ShopPurchases::next_basket_options() const {
  absl::MutexLock lock(&blend_mu_);
  return blend_->options();
}

bool ShopPurchases::TuneNextBasket(const std::atomic<bool>* cancel) const {
  NextBasketSplit validation = MakeSplit(history_, /*holdout=*/1, kMaxTuningUsers);
  if (validation.users.size() < kMinTuningUsers) return false;
  const RepeatBlendOptions tuned = TuneRepeatBlend(validation, kTuneK, cancel).options;
  if (cancel != nullptr && cancel->load()) return false;
  auto model = FitBlend(history_, tuned);
  absl::MutexLock lock(&blend_mu_);
  blend_ = std::move(model);
  return true;
}

std::vector<NextBasketItem> ShopPurchases::NextBasket(std::string_view user_id, int k) const {
  const int64_t user = history_.FindUser(user_id);
  std::span<const Basket> baskets = Baskets(user_id);
  std::vector<bool> bought(history_.num_products());
  for (const Basket& b : baskets) {
    for (const BasketItem& item : b.items) bought[item.product] = true;
  }
  std::vector<NextBasketItem> out;
  std::shared_ptr<const RepeatBlendModel> blend;
  {
    absl::MutexLock lock(&blend_mu_);
    blend = blend_;
  }
  for (const ScoredProduct& p : blend->Predict({.history = baskets, .user = user}, k)) {
    out.push_back({.product = p.product, .score = p.score, .repeat = bought[p.product]});
  }
  return out;
}

PurchaseService::~PurchaseService() {
  cancel_ = true;
  {
    absl::MutexLock lock(&mu_);  // wakes the tuner
    to_tune_.clear();
  }
  if (tuner_.joinable()) tuner_.join();
}

absl::Status PurchaseService::LoadAll() {
  LL_ASSIGN_OR_RETURN(std::vector<std::string> shops, store_->ListShops());
  for (const std::string& shop : shops) LL_RETURN_IF_ERROR(LoadShop(shop));
  return absl::OkStatus();
}

absl::Status PurchaseService::LoadShop(std::string_view shop_id) {
  const auto start = std::chrono::steady_clock::now();
  LL_ASSIGN_OR_RETURN(PurchaseHistory history, PurchaseHistory::Load(*store_, shop_id));
  auto snapshot = std::make_shared<const ShopPurchases>(std::move(history));
  spdlog::info("purchase: shop {}: {} baskets of {} users built in {:.2f} s", shop_id,
               snapshot->history().num_baskets(), snapshot->history().num_users(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  {
    absl::MutexLock lock(&mu_);
    shops_[std::string(shop_id)] = snapshot;
  }
  if (options_.tune) Tune(std::string(shop_id), std::move(snapshot));
  return absl::OkStatus();
}

std::shared_ptr<const ShopPurchases> PurchaseService::Find(std::string_view shop_id) const {
  absl::MutexLock lock(&mu_);
  auto it = shops_.find(AsAbsl(shop_id));
  return it == shops_.end() ? nullptr : it->second;
}

std::shared_ptr<const ShopPurchases> PurchaseService::Shop(std::string_view shop_id) {
  if (auto shop = Find(shop_id)) return shop;
  absl::MutexLock build(&build_mu_);
  if (auto shop = Find(shop_id)) return shop;  // built while we waited
  if (absl::Status s = LoadShop(shop_id); !s.ok()) {
    spdlog::error("purchase: shop {}: {}", shop_id, s.ToString());
    return nullptr;
  }
  return Find(shop_id);
}

void PurchaseService::Tune(std::string shop_id, std::shared_ptr<const ShopPurchases> shop) {
  absl::MutexLock lock(&mu_);
  if (cancel_) return;
  to_tune_.emplace_back(std::move(shop_id), std::move(shop));
  if (!tuner_.joinable()) tuner_ = std::thread([this] { TuneLoop(); });
}

void PurchaseService::TuneLoop() {
  while (true) {
    std::string id;
    std::shared_ptr<const ShopPurchases> shop;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](PurchaseService* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
            return !s->to_tune_.empty() || s->cancel_.load();
          },
          this));
      if (cancel_) return;
      id = std::move(to_tune_.front().first);
      shop = std::move(to_tune_.front().second);
      to_tune_.erase(to_tune_.begin());
      tuning_ = true;
    }
    const auto start = std::chrono::steady_clock::now();
    if (shop->TuneNextBasket(&cancel_)) {
      const RepeatBlendOptions o = shop->next_basket_options();
      spdlog::info("purchase: shop {}: next-basket model tuned in {:.1f} s (recency {}, prior {}, "
                   "co-occurrence {})",
                   id, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                   o.recency_decay, o.prior_strength, o.cooccurrence_weight);
    }
    absl::MutexLock lock(&mu_);
    tuning_ = false;
  }
}

void PurchaseService::WaitForTuning() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](PurchaseService* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
        return (s->to_tune_.empty() && !s->tuning_) || s->cancel_.load();
      },
      this));
}

}  // namespace leafloaf::purchase
