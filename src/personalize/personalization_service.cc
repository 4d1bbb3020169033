#include "personalize/personalization_service.h"

#include "common/status_macros.h"
#include "common/strings.h"
#include "spdlog/spdlog.h"

namespace leafloaf::personalize {

PersonalizationService::PersonalizationService(Store* store, const ConfigSource* config,
                                               const Clock* clock, EdgeWriterOptions edges)
    : store_(store), config_(config), clock_(clock), engine_(config), edges_(store, edges) {}

PersonalizationService::ShopFeatures* PersonalizationService::Features(std::string_view shop_id) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = shops_.find(AsAbsl(shop_id));
    if (it != shops_.end()) return it->second.get();
  }
  absl::MutexLock lock(&mu_);
  auto& slot = shops_[AsAbsl(shop_id)];
  if (!slot) slot = std::make_unique<ShopFeatures>();
  return slot.get();
}

absl::Status PersonalizationService::LoadAll() {
  LL_ASSIGN_OR_RETURN(std::vector<std::string> shops, store_->ListShops());
  for (const std::string& shop : shops) LL_RETURN_IF_ERROR(LoadShop(shop));
  return absl::OkStatus();
}

absl::Status PersonalizationService::LoadShop(std::string_view shop_id) {
  std::vector<Product> products;
  ProductFilter filter{.limit = 1000};
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store_->ListProducts(shop_id, filter));
    for (Product& p : page.products) products.push_back(std::move(p));
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  ShopFeatures* features = Features(shop_id);
  {
    absl::MutexLock lock(&features->mu);
    features->table = FeatureTable::Build(products, extractor_);
  }
  FeatureLookup lookup = [features](std::string_view, std::string_view product_id) {
    absl::ReaderMutexLock lock(&features->mu);
    return features->table.Find(product_id);  // stable: no writer runs during the load
  };
  LL_ASSIGN_OR_RETURN(RebuildStats stats, RebuildShopFromStore(engine_, *store_, shop_id, lookup));
  spdlog::info("personalization: shop {}: {} products, {} events replayed ({} skipped)", shop_id,
               products.size(), stats.events, stats.skipped);
  return absl::OkStatus();
}

void PersonalizationService::OnProductUpserted(const Product& product) {
  ShopFeatures* features = Features(product.shop_id);
  absl::MutexLock lock(&features->mu);
  features->table.Upsert(product, extractor_);
}

void PersonalizationService::ForgetUser(std::string_view shop_id, std::string_view user_id) {
  engine_.Forget(shop_id, user_id);
  edges_.ForgetUser(shop_id, user_id);
}

size_t PersonalizationService::OnEvents(std::span<const Event> events) {
  std::vector<MemoryEdge> edges;
  for (const Event& event : events) {
    ApplyResult result;
    if (event.product_external_id.empty()) {
      result = engine_.Apply(event);
    } else {
      ShopFeatures* features = Features(event.shop_id);
      absl::ReaderMutexLock lock(&features->mu);
      const ProductFeatures* f = features->table.Find(event.product_external_id);
      result = f ? engine_.Apply(event, *f) : engine_.Apply(event);
    }
    for (MemoryEdge& e : result.edges) edges.push_back(std::move(e));
  }
  const size_t queued = edges.size();
  edges_.Add(std::move(edges));
  return queued;
}

RerankResult PersonalizationService::Rerank(std::string_view shop_id, std::string_view user_id,
                                            std::span<const SearchCandidate> candidates,
                                            std::span<const std::string> declared_dietary,
                                            size_t explain_top_k) {
  const Micros now = clock_->Now();
  const UserProfile profile = engine_.Profile(shop_id, user_id, now);
  ShopFeatures* features = Features(shop_id);
  RerankResult out;
  absl::ReaderMutexLock lock(&features->mu);
  std::vector<RankCandidate> known;
  std::vector<size_t> known_index;  // into `candidates`
  std::vector<size_t> unknown;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const ProductFeatures* f = features->table.Find(candidates[i].product_id);
    if (f == nullptr) {
      unknown.push_back(i);
      continue;
    }
    known.push_back({.features = f, .text_score = std::max(0.0, candidates[i].text_score),
                     .popularity = std::max(0.0, candidates[i].popularity)});
    known_index.push_back(i);
  }
  RankOptions options{.declared_dietary = declared_dietary, .explain = true,
                      .explain_top_k = explain_top_k};
  RankResult ranked = config_ ? PersonalizedRanker(config_->Current()->ranker).Rank(known, profile, options)
                              : PersonalizedRanker().Rank(known, profile, options);
  out.filtered_out = ranked.filtered_out;
  out.personalization_applied = ranked.personalization_applied;
  for (RankedItem& item : ranked.items) {
    RerankedCandidate c;
    const size_t original = known_index[item.candidate];
    c.suggested_quantity = engine_.SuggestedQuantity(shop_id, user_id, candidates[original].product_id);
    item.candidate = original;
    c.item = std::move(item);
    out.items.push_back(std::move(c));
  }
  for (size_t i : unknown) {
    RerankedCandidate c;
    c.item.candidate = i;
    c.item.score = 0;
    out.items.push_back(std::move(c));
  }
  return out;
}

}  // namespace leafloaf::personalize
