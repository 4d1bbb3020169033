#include "purchase/repeat_blend.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace leafloaf::purchase {
namespace {

// Pairs are counted over at most this many products of a basket, so one
// huge basket cannot cost a quadratic amount of work.
constexpr size_t kMaxPairedItems = 64;

}  // namespace

void RepeatBlendModel::Fit(const TrainingSet& training) {
  popularity_.Fit(training);
  cooccurring_.assign(training.num_products, {});
  absl::flat_hash_map<uint64_t, uint32_t> pairs;  // (a << 32 | i) -> baskets with both
  for (std::span<const Basket> user : training.users) {
    for (const Basket& basket : user) {
      const size_t n = std::min(basket.items.size(), kMaxPairedItems);
      for (size_t a_idx = 0; a_idx < n; ++a_idx) {
        for (size_t i_idx = 0; i_idx < n; ++i_idx) {
          if (a_idx == i_idx) continue;
          ++pairs[(static_cast<uint64_t>(basket.items[a_idx].product) << 32) |
                  basket.items[i_idx].product];
        }
      }
    }
  }
  for (const auto& [key, count] : pairs) {
    const auto a = static_cast<ProductIndex>(key >> 32);
    const auto i = static_cast<ProductIndex>(key & 0xffffffffu);
    const double given = static_cast<double>(popularity_.basket_counts()[a]);
    cooccurring_[a].emplace_back(i, static_cast<float>(count / given));
  }
  const size_t keep = static_cast<size_t>(std::max(options_.max_cooccurring, 0));
  for (auto& partners : cooccurring_) {
    std::sort(partners.begin(), partners.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    if (partners.size() > keep) partners.resize(keep);
    partners.shrink_to_fit();
  }
}

std::vector<ScoredProduct> RepeatBlendModel::Predict(const NextBasketQuery& query, int k) const {
  const RepeatBlendOptions& o = options_;
  // Personal evidence R(i) and its total weight W.
  absl::flat_hash_map<ProductIndex, double> repeat;
  double total_weight = 0, weight = 1;
  for (size_t back = 0; back < query.history.size(); ++back, weight *= o.recency_decay) {
    total_weight += weight;
    for (const BasketItem& item : query.history[query.history.size() - 1 - back].items) {
      repeat[item.product] += weight;
    }
  }
  // Co-occurrence evidence C(i) from the last basket.
  absl::flat_hash_map<ProductIndex, double> cooccurrence;
  if (o.cooccurrence_weight > 0 && !query.history.empty()) {
    const auto& last = query.history.back().items;
    const double each = 1.0 / static_cast<double>(last.size());
    for (const BasketItem& item : last) {
      if (item.product >= cooccurring_.size()) continue;
      for (const auto& [partner, p] : cooccurring_[item.product]) cooccurrence[partner] += each * p;
    }
  }
  const auto population = [&](ProductIndex product) {
    double p = (1 - o.cooccurrence_weight) * popularity_.Probability(product);
    if (o.cooccurrence_weight > 0) {
      auto it = cooccurrence.find(product);
      if (it != cooccurrence.end()) p += o.cooccurrence_weight * it->second;
    }
    return p;
  };
  // Candidates: the user's products, co-occurring ones, and enough global
  // bestsellers that the top k by G(i) among the rest is covered.
  absl::flat_hash_set<ProductIndex> candidates;
  for (const auto& entry : repeat) candidates.insert(entry.first);
  for (const auto& entry : cooccurrence) candidates.insert(entry.first);
  int added = 0;
  for (ProductIndex product : popularity_.ranked()) {
    if (added >= k) break;
    if (candidates.insert(product).second) ++added;
  }
  const double denominator = total_weight + o.prior_strength;
  std::vector<ScoredProduct> scored;
  scored.reserve(candidates.size());
  for (ProductIndex product : candidates) {
    auto it = repeat.find(product);
    const double r = it == repeat.end() ? 0 : it->second;
    const double score = denominator > 0 ? (r + o.prior_strength * population(product)) / denominator
                                         : population(product);
    scored.push_back({product, score});
  }
  std::vector<ScoredProduct> out = TopK(std::move(scored), k);
  PadWithPopular(popularity_, k, out);
  return out;
}

}  // namespace leafloaf::purchase
