#include "purchase/tifu_knn.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"

namespace leafloaf::purchase {
namespace {

float Norm(const TifuKnnModel::SparseVector& v) {
  double sum = 0;
  for (const auto& [product, weight] : v) sum += static_cast<double>(weight) * weight;
  return static_cast<float>(std::sqrt(sum));
}

}  // namespace

TifuKnnModel::SparseVector TifuKnnModel::UserVector(std::span<const Basket> history,
                                                    const TifuKnnOptions& options) {
  absl::flat_hash_map<ProductIndex, double> sum;
  const int n = static_cast<int>(history.size());
  const int m = std::max(options.group_size, 1);
  const int groups = (n + m - 1) / m;
  // Group i (1 = oldest) ends at basket n - (groups - i) x m (exclusive).
  for (int group = 1; group <= groups; ++group) {
    const int end = n - (groups - group) * m;
    const int begin = std::max(0, end - m);
    const int size = end - begin;
    const double group_weight = std::pow(options.group_decay, groups - group) / size / groups;
    for (int basket_idx = begin; basket_idx < end; ++basket_idx) {
      const double weight =
          group_weight * std::pow(options.within_decay, end - 1 - basket_idx);
      for (const BasketItem& item : history[basket_idx].items) sum[item.product] += weight;
    }
  }
  SparseVector out;
  out.reserve(sum.size());
  for (const auto& [product, weight] : sum) out.emplace_back(product, static_cast<float>(weight));
  std::sort(out.begin(), out.end());
  return out;
}

void TifuKnnModel::Fit(const TrainingSet& training) {
  popularity_.Fit(training);
  users_.clear();
  norms_.clear();
  postings_.assign(training.num_products, {});
  for (std::span<const Basket> history : training.users) {
    const uint32_t user = static_cast<uint32_t>(users_.size());
    users_.push_back(UserVector(history, options_));
    norms_.push_back(Norm(users_.back()));
    for (const auto& [product, weight] : users_.back()) postings_[product].emplace_back(user, weight);
  }
}

std::vector<ScoredProduct> TifuKnnModel::Predict(const NextBasketQuery& query, int k) const {
  const SparseVector own = UserVector(query.history, options_);
  const float own_norm = Norm(own);
  absl::flat_hash_map<ProductIndex, double> scores;
  if (own_norm > 0) {
    absl::flat_hash_map<uint32_t, double> dots;
    for (const auto& [product, weight] : own) {
      if (product >= postings_.size()) continue;
      for (const auto& [user, user_weight] : postings_[product]) {
        dots[user] += static_cast<double>(weight) * user_weight;
      }
    }
    std::vector<std::pair<double, uint32_t>> similar;  // (cosine, user)
    similar.reserve(dots.size());
    for (const auto& [user, dot] : dots) {
      if (static_cast<int64_t>(user) == query.user || norms_[user] <= 0) continue;
      similar.emplace_back(dot / (own_norm * norms_[user]), user);
    }
    const size_t keep = std::min(similar.size(), static_cast<size_t>(std::max(options_.neighbors, 0)));
    std::partial_sort(similar.begin(), similar.begin() + keep, similar.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    for (const auto& [product, weight] : own) scores[product] += options_.alpha * weight;
    if (keep > 0) {
      // The mean over the k neighbours (fewer when fewer share a product).
      const double each = (1 - options_.alpha) / static_cast<double>(keep);
      for (size_t neighbor_idx = 0; neighbor_idx < keep; ++neighbor_idx) {
        for (const auto& [product, weight] : users_[similar[neighbor_idx].second]) {
          scores[product] += each * weight;
        }
      }
    }
  }
  std::vector<ScoredProduct> scored;
  scored.reserve(scores.size());
  for (const auto& [product, score] : scores) scored.push_back({product, score});
  std::vector<ScoredProduct> out = TopK(std::move(scored), k);
  PadWithPopular(popularity_, k, out);
  return out;
}

}  // namespace leafloaf::purchase
