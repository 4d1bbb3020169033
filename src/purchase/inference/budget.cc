#include "purchase/inference/budget.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "personalize/attribute_extractor.h"

namespace leafloaf::purchase {
namespace {

std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  const std::string folded = personalize::FoldForMatching(name);
  for (absl::string_view word : absl::StrSplit(AsAbsl(folded), ' ', absl::SkipEmpty())) {
    words.emplace_back(AsStd(word));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

template <typename T>
double Median(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1
             ? static_cast<double>(values[n / 2])
             : (static_cast<double>(values[n / 2 - 1]) + static_cast<double>(values[n / 2])) / 2;
}

}  // namespace

absl::StatusOr<std::vector<PricedOrder>> LoadPricedOrders(Store& store, std::string_view shop_id,
                                                          const PurchaseHistory& history) {
  std::vector<PricedOrder> orders;
  LL_RETURN_IF_ERROR(store.ScanOrders(shop_id, [&](const OrderWithLines& order) {
    const int64_t user = history.FindUser(order.order.user_external_id);
    if (user < 0) return absl::OkStatus();
    PricedOrder priced{.user = static_cast<UserIndex>(user), .lines = {}};
    for (const OrderLine& line : order.lines) {
      if (!(line.quantity > 0)) continue;
      const int64_t product = history.FindProduct(line.product_external_id);
      if (product < 0) continue;
      priced.lines.push_back({.product = static_cast<ProductIndex>(product),
                              .quantity = line.quantity,
                              .unit_price_cents = line.unit_price_cents});
    }
    if (!priced.lines.empty()) orders.push_back(std::move(priced));
    return absl::OkStatus();
  }));
  return orders;
}

std::string_view PriceTierName(PriceTier tier) {
  switch (tier) {
    case PriceTier::kBudget:
      return "budget";
    case PriceTier::kMid:
      return "mid";
    case PriceTier::kPremium:
      return "premium";
  }
  return "mid";
}

BudgetModel BudgetModel::Build(const PurchaseHistory& history, const ProductCatalog& catalog,
                               std::span<const PricedOrder> orders, const BudgetOptions& options) {
  BudgetModel model;
  model.options_ = options;
  const size_t num_products = history.num_products();
  // Prices: catalog first, else the median observed unit price.
  std::vector<std::vector<Cents>> observed(num_products);
  for (const PricedOrder& order : orders) {
    for (const PricedLine& line : order.lines) {
      if (line.unit_price_cents > 0) observed[line.product].push_back(line.unit_price_cents);
    }
  }
  model.prices_.assign(num_products, 0);
  model.categories_.resize(num_products);
  model.name_words_.resize(num_products);
  for (ProductIndex p = 0; p < num_products; ++p) {
    const Product& product = catalog.product(p);
    model.categories_[p] = product.category;
    model.name_words_[p] = NameWords(product.name);
    if (product.price_cents > 0) {
      model.prices_[p] = product.price_cents;
    } else if (!observed[p].empty()) {
      model.prices_[p] = static_cast<Cents>(std::llround(Median(std::move(observed[p]))));
    }
    if (model.prices_[p] > 0 && !product.category.empty()) {
      model.by_category_[product.category].push_back(p);
    }
  }
  // Percentiles within each category.
  model.percentiles_.assign(num_products, -1);
  for (auto& [category, products] : model.by_category_) {
    std::sort(products.begin(), products.end(), [&](ProductIndex a, ProductIndex b) {
      return model.prices_[a] != model.prices_[b] ? model.prices_[a] < model.prices_[b] : a < b;
    });
    const size_t n = products.size();
    if (n < 2) continue;
    for (size_t begin = 0; begin < n;) {
      size_t end = begin;
      while (end < n && model.prices_[products[end]] == model.prices_[products[begin]]) ++end;
      const double percentile =
          (static_cast<double>(begin) + static_cast<double>(end - begin - 1) / 2) /
          static_cast<double>(n - 1);
      for (size_t i = begin; i < end; ++i) model.percentiles_[products[i]] = percentile;
      begin = end;
    }
  }
  // Basket spend.
  std::vector<std::vector<Cents>> totals(history.num_users());
  for (const PricedOrder& order : orders) {
    double total = 0;
    bool complete = true;
    for (const PricedLine& line : order.lines) {
      const Cents price =
          line.unit_price_cents > 0 ? line.unit_price_cents : model.prices_[line.product];
      if (price <= 0) {
        complete = false;
        break;
      }
      total += line.quantity * static_cast<double>(price);
    }
    if (complete) totals[order.user].push_back(static_cast<Cents>(std::llround(total)));
  }
  model.basket_spend_.resize(history.num_users());
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    if (!totals[u].empty()) {
      model.basket_spend_[u] = static_cast<Cents>(std::llround(Median(std::move(totals[u]))));
    }
  }
  // Tiers.
  model.tiers_.resize(history.num_users());
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    absl::flat_hash_map<std::string_view, std::pair<double, int>> sums;
    for (const Basket& basket : history.baskets(u)) {
      for (const BasketItem& item : basket.items) {
        if (model.percentiles_[item.product] < 0) continue;
        auto& [sum, count] = sums[model.categories_[item.product]];
        sum += model.percentiles_[item.product];
        ++count;
      }
    }
    for (const auto& [category, sum_count] : sums) {
      CategoryTier tier{.category = std::string(category),
                        .mean_percentile = sum_count.first / sum_count.second,
                        .purchases = sum_count.second};
      tier.tier = tier.mean_percentile < options.budget_below    ? PriceTier::kBudget
                  : tier.mean_percentile >= options.premium_from ? PriceTier::kPremium
                                                                 : PriceTier::kMid;
      model.tiers_[u].push_back(std::move(tier));
    }
    std::sort(model.tiers_[u].begin(), model.tiers_[u].end(),
              [](const CategoryTier& a, const CategoryTier& b) { return a.category < b.category; });
  }
  return model;
}

std::optional<Cents> BudgetModel::TypicalBasketSpend(UserIndex user) const {
  return basket_spend_[user];
}

std::vector<CategoryTier> BudgetModel::PreferredTiers(UserIndex user) const { return tiers_[user]; }

std::optional<double> BudgetModel::PricePercentile(ProductIndex product) const {
  if (percentiles_[product] < 0) return std::nullopt;
  return percentiles_[product];
}

std::vector<CheaperAlternative> BudgetModel::CheaperAlternatives(ProductIndex product,
                                                                 size_t k) const {
  std::vector<CheaperAlternative> out;
  const Cents price = prices_[product];
  auto it = by_category_.find(categories_[product]);
  if (price <= 0 || it == by_category_.end()) return out;
  for (ProductIndex other : it->second) {  // sorted by price
    if (prices_[other] >= price) break;
    out.push_back({.product = other,
                   .price_cents = prices_[other],
                   .savings_cents = price - prices_[other],
                   .name_similarity = Jaccard(name_words_[product], name_words_[other])});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CheaperAlternative& a, const CheaperAlternative& b) {
                     return a.name_similarity > b.name_similarity;
                   });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace leafloaf::purchase
