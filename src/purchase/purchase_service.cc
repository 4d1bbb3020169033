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
    : history_(std::move(history)),
      reorder_(ReorderOptions{.holidays = &HolidayCalendar::Default()}),
      complements_(&history_) {
  {
    absl::MutexLock lock(&blend_mu_);
    blend_ = FitBlend(history_, next_basket);
  }
  reorder_.Fit(history_);
  quantities_ = QuantityMemory::Build(history_);
}

std::optional<TypicalQuantity> ShopPurchases::Quantity(std::string_view user_id,
                                                       ProductIndex product) const {
  std::shared_ptr<const std::vector<Basket>> merged;
  {
    absl::MutexLock lock(&recent_mu_);
    auto it = merged_.find(AsAbsl(user_id));
    if (it != merged_.end()) merged = it->second;
  }
  if (merged) {  // recent orders: from the baskets, as QuantityMemory does
    std::vector<double> quantities;
    for (const Basket& b : *merged) {
      auto item = std::lower_bound(
          b.items.begin(), b.items.end(), product,
          [](const BasketItem& i, ProductIndex p) { return i.product < p; });
      if (item != b.items.end() && item->product == product) quantities.push_back(item->quantity);
    }
    return ComputeTypicalQuantity(quantities);
  }
  const int64_t user = history_.FindUser(user_id);
  if (user < 0) return std::nullopt;
  return quantities_.Typical(static_cast<UserIndex>(user), product);
}

UserBaskets ShopPurchases::Baskets(std::string_view user_id) const {
  {
    absl::MutexLock lock(&recent_mu_);
    auto it = merged_.find(AsAbsl(user_id));
    if (it != merged_.end()) return UserBaskets(it->second);
  }
  const int64_t user = history_.FindUser(user_id);
  if (user < 0) return {};
  return UserBaskets(history_.baskets(static_cast<UserIndex>(user)));
}

size_t ShopPurchases::AddRecentOrder(const PlacedOrder& order) const {
  {
    // Already here (read by the build's scan, or given twice): same user, same time.
    const UserBaskets current = Baskets(order.user_id);
    for (const Basket& b : current.span()) {
      if (b.placed_at == order.placed_at) return 0;
    }
    absl::MutexLock lock(&recent_mu_);
    for (const PlacedOrder& r : recent_) {
      if (r.user_id == order.user_id && r.placed_at == order.placed_at) return 0;
    }
  }
  Basket basket{.placed_at = order.placed_at, .items = {}};
  size_t unknown = 0;
  for (const auto& [product_id, quantity] : order.lines) {
    const int64_t product = history_.FindProduct(product_id);
    if (product < 0) {
      ++unknown;
      continue;
    }
    if (!(quantity > 0)) continue;
    basket.items.push_back({static_cast<ProductIndex>(product), static_cast<float>(quantity)});
  }
  // As PurchaseHistory: each product once, sorted.
  std::sort(basket.items.begin(), basket.items.end(),
            [](const BasketItem& a, const BasketItem& b) { return a.product < b.product; });
  std::vector<BasketItem> merged_items;
  for (const BasketItem& item : basket.items) {
    if (!merged_items.empty() && merged_items.back().product == item.product) {
      merged_items.back().quantity += item.quantity;
    } else {
      merged_items.push_back(item);
    }
  }
  basket.items = std::move(merged_items);
  const UserBaskets current = Baskets(order.user_id);
  absl::MutexLock lock(&recent_mu_);
  recent_.push_back(order);
  if (basket.items.empty()) return unknown;
  auto baskets = std::make_shared<std::vector<Basket>>(current.span().begin(), current.span().end());
  // Chronological; an order as old as the latest goes after it.
  auto at = std::upper_bound(baskets->begin(), baskets->end(), basket.placed_at,
                             [](Micros t, const Basket& b) { return t < b.placed_at; });
  baskets->insert(at, std::move(basket));
  merged_[order.user_id] = std::move(baskets);
  return unknown;
}

size_t ShopPurchases::num_recent_orders() const {
  absl::MutexLock lock(&recent_mu_);
  return recent_.size();
}

std::vector<PlacedOrder> ShopPurchases::RecentOrders() const {
  absl::MutexLock lock(&recent_mu_);
  return recent_;
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
  const UserBaskets baskets = Baskets(user_id);
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
  for (const ScoredProduct& p : blend->Predict({.history = baskets.span(), .user = user}, k)) {
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
  {
    // From now on OnOrder also keeps the shop's orders for this build: the
    // scan below may not see them.
    absl::MutexLock lock(&mu_);
    building_[std::string(shop_id)];
  }
  absl::StatusOr<PurchaseHistory> history = PurchaseHistory::Load(*store_, shop_id);
  if (!history.ok()) {
    absl::MutexLock lock(&mu_);
    building_.erase(AsAbsl(shop_id));
    return history.status();
  }
  auto snapshot = std::make_shared<const ShopPurchases>(*std::move(history));
  spdlog::info("purchase: shop {}: {} baskets of {} users built in {:.2f} s", shop_id,
               snapshot->history().num_baskets(), snapshot->history().num_users(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  {
    absl::MutexLock lock(&mu_);
    auto& slot = shops_[std::string(shop_id)];
    // Orders given to the old snapshot or during this build that the scan
    // did not read (committed after it started); AddRecentOrder skips those
    // it did (same user, same time).
    std::vector<PlacedOrder> candidates;
    if (slot != nullptr) candidates = slot->RecentOrders();
    auto pending = building_.find(AsAbsl(shop_id));
    if (pending != building_.end()) {
      candidates.insert(candidates.end(), pending->second.begin(), pending->second.end());
      building_.erase(pending);
    }
    const size_t before = snapshot->num_recent_orders();
    for (const PlacedOrder& order : candidates) snapshot->AddRecentOrder(order);
    if (snapshot->num_recent_orders() > before) {
      spdlog::info("purchase: shop {}: {} recent orders carried over", shop_id,
                   snapshot->num_recent_orders() - before);
    }
    slot = snapshot;
  }
  if (options_.tune) Tune(std::string(shop_id), std::move(snapshot));
  return absl::OkStatus();
}

void PurchaseService::OnOrder(std::string_view shop_id, const PlacedOrder& order) {
  absl::MutexLock lock(&mu_);  // not concurrent with LoadShop's swap
  auto building = building_.find(AsAbsl(shop_id));
  if (building != building_.end()) building->second.push_back(order);
  auto it = shops_.find(AsAbsl(shop_id));
  if (it == shops_.end()) return;  // being built (kept above), or built later from the store
  const size_t unknown = it->second->AddRecentOrder(order);
  const bool due = unknown > 0 || it->second->num_recent_orders() >= options_.rebuild_after_orders;
  if (!due || cancel_) return;
  const std::string shop(shop_id);
  if (std::find(to_rebuild_.begin(), to_rebuild_.end(), shop) != to_rebuild_.end()) return;
  to_rebuild_.push_back(shop);
  if (!tuner_.joinable()) tuner_ = std::thread([this] { TuneLoop(); });
}

void PurchaseService::Rebuild(const std::string& shop_id) {
  {
    // At most one rebuild per interval and shop.
    absl::MutexLock lock(&mu_);
    auto last = last_rebuild_.find(shop_id);
    if (last != last_rebuild_.end()) {
      mu_.AwaitWithDeadline(absl::Condition(
                                +[](PurchaseService* s) { return s->cancel_.load(); }, this),
                            last->second + options_.min_rebuild_interval);
    }
    if (cancel_) return;
    last_rebuild_[shop_id] = absl::Now();
  }
  absl::MutexLock build(&build_mu_);
  if (absl::Status s = LoadShop(shop_id); !s.ok()) {
    spdlog::error("purchase: shop {}: rebuild failed: {}", shop_id, s.ToString());
    return;
  }
  rebuilds_.fetch_add(1);
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
            return !s->to_tune_.empty() || !s->to_rebuild_.empty() || s->cancel_.load();
          },
          this));
      if (cancel_) return;
      if (!to_rebuild_.empty()) {  // fresh orders first; the rebuild queues its tuning
        id = std::move(to_rebuild_.front());
        to_rebuild_.erase(to_rebuild_.begin());  // an order now may queue the next one
        tuning_ = true;
        mu_.Unlock();
        Rebuild(id);
        mu_.Lock();
        tuning_ = false;
        continue;
      }
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
        return (s->to_tune_.empty() && s->to_rebuild_.empty() && !s->tuning_) ||
               s->cancel_.load();
      },
      this));
}

}  // namespace leafloaf::purchase
