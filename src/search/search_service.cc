#include "search/search_service.h"

#include "common/status_macros.h"
#include "absl/strings/str_cat.h"
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

void SearchService::SetEmbedder(std::string shop_id, std::shared_ptr<vector::Embedder> embedder) {
  absl::MutexLock lock(&mu_);
  embedders_[std::move(shop_id)] = std::move(embedder);
}

void SearchService::SetHybridOptions(const HybridOptions& options) {
  absl::MutexLock lock(&mu_);
  hybrid_ = options;
}

HybridOptions SearchService::hybrid_options() {
  absl::ReaderMutexLock lock(&mu_);
  return hybrid_;
}

std::shared_ptr<vector::Embedder> SearchService::EmbedderFor(std::string_view shop_id) {
  absl::ReaderMutexLock lock(&mu_);
  auto it = embedders_.find(AsAbsl(shop_id));
  if (it == embedders_.end()) it = embedders_.find("");
  return it == embedders_.end() ? nullptr : it->second;
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
  const std::shared_ptr<vector::Embedder> embedder = EmbedderFor(shop_id);
  std::vector<std::string> ids;
  std::vector<vector::Vector> embeddings;
  ProductFilter filter{.limit = 1000};
  size_t n = 0;
  while (true) {
    LL_ASSIGN_OR_RETURN(ProductPage page, store_->ListProducts(shop_id, filter));
    for (const Product& p : page.products) {
      auto it = orders.find(p.external_id);
      index->Upsert(p, it == orders.end() ? 0 : it->second);
    }
    if (embedder) {
      auto batch = embedder->EmbedProducts(page.products);
      if (!batch.ok()) {
        return absl::Status(batch.status().code(),
                            absl::StrCat("embedding the products of shop ", AsAbsl(shop_id), ": ",
                                         batch.status().message()));
      }
      for (size_t i = 0; i < page.products.size() && i < batch->size(); ++i) {
        ids.push_back(page.products[i].external_id);
        embeddings.push_back(std::move((*batch)[i]));
      }
    }
    n += page.products.size();
    if (page.next_after_id == 0) break;
    filter.after_id = page.next_after_id;
  }
  index->Finish();
  if (embedder) index->SetEmbeddings(ids, embeddings);
  spdlog::info("search: indexed {} products of shop {} ({} with {} embeddings)", n, shop_id,
               index->vector_count(), embedder ? embedder->name() : "no");
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
                                                     SearchRequest request) {
  ProductIndex* index = Index(shop_id);
  std::shared_ptr<vector::Embedder> embedder =
      request.query_vector.empty() && request.hybrid.mode != HybridMode::kOff ? EmbedderFor(shop_id)
                                                                               : nullptr;
  if (!embedder) return index->Search(request);
  return index->SearchHybrid(std::move(request), [&](std::string_view query) {
    auto v = embedder->EmbedQuery(query);
    if (v.ok()) return std::move(*v);
    spdlog::warn("search: {} query embedding failed, text ranking only: {}", embedder->name(),
                 v.status().ToString());
    return vector::Vector();
  });
}

void SearchService::OnProductUpserted(const Product& product) {
  vector::Vector embedding;
  if (std::shared_ptr<vector::Embedder> embedder = EmbedderFor(product.shop_id)) {
    auto v = embedder->EmbedProducts(std::span<const Product>(&product, 1));
    if (v.ok() && v->size() == 1) {
      embedding = std::move((*v)[0]);
    } else {
      spdlog::warn("search: no embedding for product {} of shop {}: {}", product.external_id,
                   product.shop_id, v.ok() ? "empty answer" : v.status().ToString());
    }
  }
  Index(product.shop_id)->Upsert(product, ProductIndex::kKeepPopularity, embedding);
}

void SearchService::OnStockChanged(std::string_view shop_id, std::string_view external_id,
                                   bool in_stock) {
  Index(shop_id)->SetInStock(external_id, in_stock);
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
