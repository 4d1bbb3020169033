#include "purchase/next_basket.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace leafloaf::purchase {

void GlobalPopularity::Fit(const TrainingSet& training) {
  counts_.assign(training.num_products, 0);
  num_baskets_ = 0;
  for (std::span<const Basket> user : training.users) {
    for (const Basket& basket : user) {
      ++num_baskets_;
      for (const BasketItem& item : basket.items) ++counts_[item.product];
    }
  }
  ranked_.clear();
  for (ProductIndex product = 0; product < counts_.size(); ++product) {
    if (counts_[product] > 0) ranked_.push_back(product);
  }
  std::stable_sort(ranked_.begin(), ranked_.end(), [this](ProductIndex a, ProductIndex b) {
    return counts_[a] > counts_[b];
  });
}

double GlobalPopularity::Probability(ProductIndex product) const {
  if (num_baskets_ == 0 || product >= counts_.size()) return 0;
  return static_cast<double>(counts_[product]) / static_cast<double>(num_baskets_);
}

void PadWithPopular(const GlobalPopularity& popularity, int k, std::vector<ScoredProduct>& ranked) {
  if (static_cast<int>(ranked.size()) >= k) return;
  absl::flat_hash_set<ProductIndex> taken;
  double floor = 0;
  for (const ScoredProduct& p : ranked) {
    taken.insert(p.product);
    floor = std::min(floor, p.score);
  }
  for (ProductIndex product : popularity.ranked()) {
    if (static_cast<int>(ranked.size()) >= k) break;
    if (taken.contains(product)) continue;
    floor -= 1;  // below everything before it
    ranked.push_back({product, floor});
  }
}

std::vector<ScoredProduct> TopK(std::vector<ScoredProduct> scored, int k) {
  const auto better = [](const ScoredProduct& a, const ScoredProduct& b) {
    return a.score != b.score ? a.score > b.score : a.product < b.product;
  };
  const size_t keep = std::min(scored.size(), static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(), better);
  scored.resize(keep);
  return scored;
}

std::vector<ScoredProduct> GTopFreqModel::Predict(const NextBasketQuery&, int k) const {
  std::vector<ScoredProduct> out;
  for (ProductIndex product : popularity_.ranked()) {
    if (static_cast<int>(out.size()) >= k) break;
    out.push_back({product, popularity_.Probability(product)});
  }
  return out;
}

std::vector<ScoredProduct> PTopFreqModel::Predict(const NextBasketQuery& query, int k) const {
  // Count, then position of the last basket with the product for ties.
  absl::flat_hash_map<ProductIndex, std::pair<int, int>> own;
  for (size_t basket_idx = 0; basket_idx < query.history.size(); ++basket_idx) {
    for (const BasketItem& item : query.history[basket_idx].items) {
      auto& [count, last] = own[item.product];
      ++count;
      last = static_cast<int>(basket_idx);
    }
  }
  // Score = count + last / (n + 1): frequency first, recency breaks ties.
  const double n = static_cast<double>(query.history.size()) + 1;
  std::vector<ScoredProduct> scored;
  scored.reserve(own.size());
  for (const auto& [product, count_last] : own) {
    scored.push_back({product, count_last.first + (count_last.second + 1) / n});
  }
  std::vector<ScoredProduct> out = TopK(std::move(scored), k);
  PadWithPopular(popularity_, k, out);
  return out;
}

}  // namespace leafloaf::purchase
