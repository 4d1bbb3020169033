#include "purchase/complements.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace leafloaf::purchase {
namespace {

bool Holds(const Basket& basket, ProductIndex product) {
  return std::binary_search(basket.items.begin(), basket.items.end(), BasketItem{product, 0},
                            [](const BasketItem& a, const BasketItem& b) { return a.product < b.product; });
}

}  // namespace

ComplementIndex::ComplementIndex(const PurchaseHistory* history, ComplementOptions options)
    : history_(history), options_(options), baskets_of_(history->num_products()) {
  for (UserIndex u = 0; u < history->num_users(); ++u) {
    std::span<const Basket> baskets = history->baskets(u);
    for (uint32_t b = 0; b < baskets.size(); ++b) {
      ++num_baskets_;
      for (const BasketItem& item : baskets[b].items) {
        baskets_of_[item.product].push_back({u, b, baskets[b].placed_at});
      }
    }
  }
  for (auto& refs : baskets_of_) {
    std::stable_sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.at < b.at; });
  }
}

std::vector<Complement> ComplementIndex::Find(ProductIndex product,
                                              std::span<const Basket> user_baskets,
                                              size_t k) const {
  std::vector<Complement> out;
  if (product >= baskets_of_.size() || k == 0 || num_baskets_ == 0) return out;
  const std::vector<Ref>& refs = baskets_of_[product];
  const size_t first = refs.size() > options_.max_baskets ? refs.size() - options_.max_baskets : 0;
  const double n_a = static_cast<double>(refs.size() - first);
  absl::flat_hash_map<ProductIndex, int> together;
  for (size_t i = first; i < refs.size(); ++i) {
    const Basket& basket = history_->baskets(refs[i].user)[refs[i].basket];
    for (const BasketItem& item : basket.items) {
      if (item.product != product) ++together[item.product];
    }
  }
  const double n = static_cast<double>(num_baskets_);
  for (const auto& [partner, count] : together) {
    if (count < options_.min_together) continue;
    Complement c;
    c.product = partner;
    c.together = count;
    c.support = count / n;
    c.confidence = count / n_a;
    c.lift = c.confidence / (static_cast<double>(baskets_of_[partner].size()) / n);
    if (c.lift <= 1) continue;
    c.score = c.confidence * (1 - 1 / c.lift);
    out.push_back(c);
  }
  // Personal pairs: the user's own baskets holding both.
  if (!user_baskets.empty()) {
    for (Complement& c : out) {
      for (const Basket& b : user_baskets) c.user_together += Holds(b, product) && Holds(b, c.product);
      c.score *= 1 + c.user_together;
    }
  }
  const size_t keep = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<ptrdiff_t>(keep), out.end(),
                    [](const Complement& a, const Complement& b) {
                      return a.score != b.score ? a.score > b.score : a.product < b.product;
                    });
  out.resize(keep);
  return out;
}

}  // namespace leafloaf::purchase
