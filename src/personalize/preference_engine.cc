#include "personalize/preference_engine.h"

#include <algorithm>
#include <cmath>

#include "absl/hash/hash.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "personalize/internal/memory_graph.h"
#include "personalize/internal/user_state.h"

namespace leafloaf::personalize {

using internal::Decayed;
using internal::EdgeOwner;
using internal::ProductMemory;
using internal::UserState;

namespace {

// Only these events say how many the user takes.
bool CarriesQuantity(const Event& e) { return e.type == "add_to_cart" || e.type == "purchase"; }

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Drops the weakest tenth of a kind's affinities once it exceeds the cap,
// closing their open edges (appended to `edges`).
void Trim(UserState& user, int kind, Micros now, const SignalConfig& config, const EdgeOwner& owner,
          std::vector<MemoryEdge>* edges) {
  auto& map = user.affinity[kind];
  if (map.size() <= static_cast<size_t>(config.max_keys_per_kind)) return;
  std::vector<std::pair<double, std::string>> weakest;
  for (const auto& [key, value] : map) {
    weakest.emplace_back(std::abs(value.At(now, config.half_life_micros())), key);
  }
  size_t drop = map.size() - config.max_keys_per_kind * 9 / 10;
  std::partial_sort(weakest.begin(), weakest.begin() + drop, weakest.end());
  for (size_t i = 0; i < drop; ++i) {
    internal::CloseFeatureEdge(user, static_cast<FeatureKind>(kind), weakest[i].second, now, owner,
                               edges);
    map.erase(weakest[i].second);
  }
}

void TrimProducts(UserState& user, const SignalConfig& config) {
  if (user.products.size() <= static_cast<size_t>(config.max_products)) return;
  std::vector<std::pair<Micros, std::string>> oldest;
  for (const auto& [id, memory] : user.products) oldest.emplace_back(memory.last_seen, id);
  size_t drop = user.products.size() - config.max_products * 9 / 10;
  std::partial_sort(oldest.begin(), oldest.begin() + drop, oldest.end());
  for (size_t i = 0; i < drop; ++i) user.products.erase(oldest[i].second);
}

void Learn(UserState& user, FeatureKind kind, const std::string& key, double delta, Micros at,
           const SignalConfig& config, const EdgeOwner& owner, std::vector<MemoryEdge>* edges) {
  if (key.empty() || delta == 0) return;
  const int k = static_cast<int>(kind);
  Decayed& value = user.affinity[k][key];
  const Decayed before = value;
  value.Add(delta, at, config.half_life_micros());
  value.value = std::clamp(value.value, -config.max_abs_affinity, config.max_abs_affinity);
  internal::UpdateFeatureEdge(user, kind, key, before, value, std::max(at, before.at), config,
                              owner, edges);
  Trim(user, k, at, config, owner, edges);
}

void LearnPrice(UserState& user, double weight, const ProductFeatures& product, Micros at,
                const SignalConfig& config) {
  if (weight <= 0 || product.price_cents <= 0) return;
  const double half_life = config.half_life_micros();
  const double log_price = std::log(static_cast<double>(product.price_cents));
  if (!product.category.empty()) {
    user.price_bands[product.category].Add(weight, log_price, at, half_life);
  }
  if (product.reference_price_cents > 0) {
    const double position =
        log_price - std::log(static_cast<double>(product.reference_price_cents));
    user.relative_price_weight.Add(weight, at, half_life);
    user.relative_price_sum.Add(weight * position, at, half_life);
  }
}

}  // namespace

PreferenceEngine::PreferenceEngine(const ConfigSource* config)
    : config_(config), shards_(std::make_unique<std::array<Shard, kShards>>()) {}

PreferenceEngine::~PreferenceEngine() = default;

std::string PreferenceEngine::UserKey(std::string_view shop_id, std::string_view user_id) {
  std::string key;
  key.reserve(shop_id.size() + 1 + user_id.size());
  key.append(shop_id).push_back('\x1f');
  key.append(user_id);
  return key;
}

PreferenceEngine::Shard& PreferenceEngine::ShardFor(const std::string& key) const {
  return (*shards_)[absl::Hash<std::string>()(key) % kShards];
}

ApplyResult PreferenceEngine::Apply(const Event& event, const ProductFeatures& product) {
  std::shared_ptr<const PersonalizationConfig> current = config_->Current();
  const SignalConfig& config = current->signals;
  ApplyResult result;
  result.weight = SignalWeight(config, event);
  const EdgeOwner owner{event.shop_id, event.user_external_id};
  const std::string key = UserKey(event.shop_id, event.user_external_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  std::unique_ptr<UserState>& slot = shard.users[key];
  if (!slot) slot = std::make_unique<UserState>();
  UserState& user = *slot;
  ++user.events_applied;
  user.last_event_at = std::max(user.last_event_at, event.at);

  const double w = result.weight;
  const double context = w < 0 ? config.negative_context_share : 1.0;
  std::vector<MemoryEdge>* edges = &result.edges;
  Learn(user, FeatureKind::kCategory, product.category, w * context * config.category_share,
        event.at, config, owner, edges);
  if (product.department != product.category) {
    Learn(user, FeatureKind::kDepartment, product.department,
          w * context * config.department_share, event.at, config, owner, edges);
  }
  Learn(user, FeatureKind::kBrand, product.brand, w * context * config.brand_share, event.at,
        config, owner, edges);
  for (const std::string& attribute : product.attributes) {
    double share = config.attribute_share;
    if (w < 0 && IsDietaryTag(attribute)) share *= config.negative_dietary_share;
    Learn(user, FeatureKind::kAttribute, attribute, w * share, event.at, config, owner, edges);
  }
  LearnPrice(user, w, product, event.at, config);

  ProductMemory& memory = user.products[product.product_id];
  memory.last_seen = std::max(memory.last_seen, event.at);
  if (CarriesQuantity(event) && event.quantity > 0) {
    memory.recent_quantities.push_back(event.quantity);
    const size_t keep = static_cast<size_t>(config.quantity_memory);
    if (memory.recent_quantities.size() > keep) {
      memory.recent_quantities.erase(memory.recent_quantities.begin(),
                                     memory.recent_quantities.end() - keep);
    }
  }
  if (event.type == "purchase") {
    if (memory.purchases++ == 0) memory.first_purchase_at = event.at;
    memory.last_purchase_at = std::max(memory.last_purchase_at, event.at);
    edges->push_back(
        internal::ProductEdge(memory, product.product_id, Relation::kPurchased, owner));
  } else if (event.type == "click_product") {
    if (memory.clicks++ == 0) memory.first_click_at = event.at;
    memory.last_click_at = std::max(memory.last_click_at, event.at);
    edges->push_back(internal::ProductEdge(memory, product.product_id, Relation::kClicked, owner));
  }
  TrimProducts(user, config);
  return result;
}

ApplyResult PreferenceEngine::Apply(const Event& event) {
  ApplyResult result;
  result.weight = SignalWeight(config_->Current()->signals, event);
  const std::string key = UserKey(event.shop_id, event.user_external_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  std::unique_ptr<UserState>& slot = shard.users[key];
  if (!slot) slot = std::make_unique<UserState>();
  ++slot->events_applied;
  slot->last_event_at = std::max(slot->last_event_at, event.at);
  return result;
}

UserProfile PreferenceEngine::Profile(std::string_view shop_id, std::string_view user_id,
                                      Micros now) const {
  std::shared_ptr<const PersonalizationConfig> current = config_->Current();
  const double half_life = current->signals.half_life_micros();
  UserProfile profile;
  profile.shop_id = std::string(shop_id);
  profile.user_id = std::string(user_id);
  profile.as_of = now;
  const std::string key = UserKey(shop_id, user_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.users.find(key);
  if (it == shard.users.end()) return profile;
  const UserState& user = *it->second;
  profile.events_applied = user.events_applied;
  for (int kind = 0; kind < kNumFeatureKinds; ++kind) {
    auto& out = profile.affinity[kind];
    out.reserve(user.affinity[kind].size());
    for (const auto& [name, value] : user.affinity[kind]) out[name] = value.At(now, half_life);
  }
  for (const auto& [category, stats] : user.price_bands) {
    const double w = stats.weight.At(now, half_life);
    if (w <= 0) continue;
    PriceBand band;
    band.weight = w;
    band.mean_log_price = stats.sum.At(now, half_life) / w;
    const double variance =
        stats.sum_sq.At(now, half_life) / w - band.mean_log_price * band.mean_log_price;
    band.spread_log_price = std::sqrt(std::max(0.0, variance));
    profile.price_bands[category] = band;
  }
  const double rel_w = user.relative_price_weight.At(now, half_life);
  if (rel_w > 0) {
    profile.price_position = user.relative_price_sum.At(now, half_life) / rel_w;
    profile.price_sensitivity = std::clamp(-profile.price_position / 0.3, 0.0, 1.0);
  }
  profile.products.reserve(user.products.size());
  for (const auto& [id, memory] : user.products) {
    ProductHistory& h = profile.products[id];
    h.purchases = memory.purchases;
    h.last_purchase_at = memory.last_purchase_at;
    h.clicks = memory.clicks;
    h.last_click_at = memory.last_click_at;
    if (!memory.recent_quantities.empty()) h.suggested_quantity = Median(memory.recent_quantities);
  }
  return profile;
}

PreferenceSnapshot PreferenceEngine::Snapshot(std::string_view shop_id, std::string_view user_id,
                                              Micros now, int top_n) const {
  return SnapshotOf(Profile(shop_id, user_id, now), top_n, OpenEdges(shop_id, user_id, now));
}

std::optional<double> PreferenceEngine::SuggestedQuantity(std::string_view shop_id,
                                                          std::string_view user_id,
                                                          std::string_view product_id) const {
  const std::string key = UserKey(shop_id, user_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.users.find(key);
  if (it == shard.users.end()) return std::nullopt;
  auto product = it->second->products.find(AsAbsl(product_id));
  if (product == it->second->products.end() || product->second.recent_quantities.empty()) {
    return std::nullopt;
  }
  return Median(product->second.recent_quantities);
}

std::vector<MemoryEdge> PreferenceEngine::OpenEdges(std::string_view shop_id,
                                                    std::string_view user_id, Micros now) const {
  std::shared_ptr<const PersonalizationConfig> current = config_->Current();
  const std::string key = UserKey(shop_id, user_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.users.find(key);
  if (it == shard.users.end()) return {};
  return internal::OpenFeatureEdges(*it->second, now, current->signals, {shop_id, user_id});
}

std::vector<MemoryEdge> PreferenceEngine::ExpireEdges(std::string_view shop_id,
                                                      std::string_view user_id, Micros now) {
  std::shared_ptr<const PersonalizationConfig> current = config_->Current();
  std::vector<MemoryEdge> out;
  const std::string key = UserKey(shop_id, user_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.users.find(key);
  if (it == shard.users.end()) return out;
  internal::ExpireFeatureEdges(*it->second, now, current->signals, {shop_id, user_id}, &out);
  return out;
}

bool PreferenceEngine::Forget(std::string_view shop_id, std::string_view user_id) {
  const std::string key = UserKey(shop_id, user_id);
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  return shard.users.erase(key) > 0;
}

void PreferenceEngine::ClearShop(std::string_view shop_id) {
  const std::string prefix = UserKey(shop_id, "");
  for (Shard& shard : *shards_) {
    absl::MutexLock lock(&shard.mu);
    absl::erase_if(shard.users, [&](const auto& entry) { return entry.first.starts_with(prefix); });
  }
}

absl::StatusOr<RebuildStats> PreferenceEngine::RebuildShop(
    std::string_view shop_id, const EventSource& source, const FeatureLookup& lookup,
    const std::function<void(std::vector<MemoryEdge>)>& on_edges) {
  ClearShop(shop_id);
  RebuildStats stats;
  LL_RETURN_IF_ERROR(source([&](const Event& event) -> absl::Status {
    ++stats.events;
    if (event.shop_id != shop_id || event.user_external_id.empty()) {
      ++stats.skipped;
      return absl::OkStatus();
    }
    ApplyResult result;
    if (event.product_external_id.empty()) {
      result = Apply(event);
    } else {
      const ProductFeatures* features = lookup(shop_id, event.product_external_id);
      if (features == nullptr) {
        ++stats.skipped;
        return absl::OkStatus();
      }
      result = Apply(event, *features);
    }
    ++stats.applied;
    if (on_edges && !result.edges.empty()) on_edges(std::move(result.edges));
    return absl::OkStatus();
  }));
  const std::string prefix = UserKey(shop_id, "");
  for (Shard& shard : *shards_) {
    absl::MutexLock lock(&shard.mu);
    for (const auto& entry : shard.users) stats.users += entry.first.starts_with(prefix);
  }
  return stats;
}

size_t PreferenceEngine::user_count() const {
  size_t n = 0;
  for (Shard& shard : *shards_) {
    absl::MutexLock lock(&shard.mu);
    n += shard.users.size();
  }
  return n;
}

absl::StatusOr<RebuildStats> RebuildShopFromStore(PreferenceEngine& engine, Store& store,
                                                  std::string_view shop_id,
                                                  const FeatureLookup& lookup) {
  EventSource source = [&](const std::function<absl::Status(const Event&)>& fn) {
    return store.ScanEvents(shop_id, 0, fn);
  };
  return engine.RebuildShop(shop_id, source, lookup);
}

}  // namespace leafloaf::personalize
