#include "search/search_service.h"

#include "common/status_macros.h"
#include "common/strings.h"
#include "spdlog/spdlog.h"

namespace leafloaf::search {

SearchService::SearchService(Store* store, const text::Analyzer* analyzer, IndexOptions options)
    : store_(store), analyzer_(analyzer), options_(std::move(options)) {}

void SearchService::SetShopAnalyzer(std::string shop_id, const text::Analyzer* analyzer) {
  absl::MutexLock lock(&mu_);
  shop_analyzers_[std::move(shop_id)] = analyzer;
}

const text::Analyzer* SearchService::AnalyzerFor(std::string_view shop_id) {
  auto it = shop_analyzers_.find(AsAbsl(shop_id));
  return it == shop_analyzers_.end() ? analyzer_ : it->second;
}

absl::Status SearchService::LoadAll() {
  LL_ASSIGN_OR_RETURN(std::vector<std::string> shops, store_->ListShops());
  for (const std::string& shop : shops) LL_RETURN_IF_ERROR(LoadShop(shop));
  return absl::OkStatus();
}

absl::Status SearchService::LoadShop(std::string_view shop_id) {
  const text::Analyzer* analyzer;
  {
    absl::MutexLock lock(&mu_);
    analyzer = AnalyzerFor(shop_id);
  }
  auto index = std::make_unique<ProductIndex>(analyzer, options_);
  LL_ASSIGN_OR_RETURN(auto counts, store_->ProductOrderCounts(shop_id));
  absl::flat_hash_map<std::string, int64_t> orders(counts.begin(), counts.end());
  ProductFilter filter{.limit = 1000};
  size_t n = 0;
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store_->ListProducts(shop_id, filter));
    for (const Product& p : page.products) {
      auto it = orders.find(p.external_id);
      index->Upsert(p, it == orders.end() ? 0 : it->second);
    }
    n += page.products.size();
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  index->Finish();
  spdlog::info("search: indexed {} products of shop {}", n, shop_id);
  absl::MutexLock lock(&mu_);
  indexes_[std::string(shop_id)] = std::move(index);
  return absl::OkStatus();
}

ProductIndex* SearchService::Index(std::string_view shop_id) {
  {  // The common case, on every search: a shared lock.
    absl::ReaderMutexLock lock(&mu_);
    auto it = indexes_.find(AsAbsl(shop_id));
    if (it != indexes_.end()) return it->second.get();
  }
  absl::MutexLock lock(&mu_);
  auto& slot = indexes_[AsAbsl(shop_id)];
  if (!slot) slot = std::make_unique<ProductIndex>(AnalyzerFor(shop_id), options_);
  return slot.get();
}

absl::StatusOr<SearchResponse> SearchService::Search(std::string_view shop_id,
                                                     const SearchRequest& request) {
  return Index(shop_id)->Search(request);
}

void SearchService::OnProductUpserted(const Product& product) {
  Index(product.shop_id)->Upsert(product);
}

void SearchService::OnProductRemoved(std::string_view shop_id, std::string_view external_id) {
  Index(shop_id)->Remove(external_id);
}

size_t SearchService::MemoryBytes() {
  absl::MutexLock lock(&mu_);
  size_t bytes = 0;
  for (const auto& [shop, index] : indexes_) bytes += index->MemoryBytes();
  return bytes;
}

}  // namespace leafloaf::search
