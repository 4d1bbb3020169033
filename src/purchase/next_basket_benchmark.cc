// Next-basket prediction, my usual and reorder cycles for one user with
// 200 orders (issue 5: each <= 1 ms per user).
//
// A synthetic shop: 5,000 products with skewed popularity, 1,000 users with
// 200 baskets of 10 products each (7 from the user's 60 favourites, 3 from
// the whole catalog). Each model is fitted on all of it; a case predicts the
// next 10 products of one user (a different user each iteration):
//   BM_LeafLoaf     RepeatBlendModel with co-occurrence (its costliest mode)
//   BM_TifuKnn      TIFU-KNN, 300 neighbours (the peer)
//   BM_PTopFreq     P-TopFreq
//   BM_GTopFreq     G-TopFreq
//   BM_Usual        UsualItems over the user's 200 baskets (a trip every 3 days)
//   BM_ReorderDue   ReorderCycles::Due, the 10 most pressing items
// P-TopFreq, a frequency count over the same baskets, is the peer of the
// last two.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/random.h"
#include "purchase/next_basket.h"
#include "purchase/reorder.h"
#include "purchase/repeat_blend.h"
#include "purchase/tifu_knn.h"
#include "purchase/usual.h"

namespace leafloaf::purchase {
namespace {

constexpr int kProducts = 5000;
constexpr int kUsers = 1000;
constexpr int kBaskets = 200;
constexpr int kFavourites = 60;

constexpr Micros kStart = 1'577'836'800'000'000;  // 2020-01-01
constexpr Micros kTripEvery = 3 * kMicrosPerDay;

struct Shop {
  std::vector<std::vector<Basket>> baskets;  // per user
  TrainingSet training;
  PurchaseHistory history;  // the same baskets, for reorder cycles
};

// Products 0..kProducts-1 drawn with probability ~ 1 / (rank + 10).
ProductIndex Popular(Random& random) {
  const double u = random.Unit();
  const double max = std::log((kProducts + 10.0) / 10.0);
  return static_cast<ProductIndex>(std::min<double>(kProducts - 1, 10.0 * std::exp(u * max) - 10.0));
}

const Shop& TheShop() {
  static const Shop* shop = [] {
    auto* s = new Shop;
    Random random(42);
    s->baskets.resize(kUsers);
    for (auto& user : s->baskets) {
      std::vector<ProductIndex> favourites;
      for (int f = 0; f < kFavourites; ++f) favourites.push_back(Popular(random));
      for (int b = 0; b < kBaskets; ++b) {
        std::vector<ProductIndex> products;
        for (int i = 0; i < 7; ++i) products.push_back(favourites[random.Uniform(kFavourites)]);
        for (int i = 0; i < 3; ++i) products.push_back(Popular(random));
        std::sort(products.begin(), products.end());
        products.erase(std::unique(products.begin(), products.end()), products.end());
        Basket basket{.placed_at = kStart + b * kTripEvery};
        for (ProductIndex p : products) basket.items.push_back({p, 1});
        user.push_back(std::move(basket));
      }
    }
    s->training.num_products = kProducts;
    for (const auto& user : s->baskets) s->training.users.push_back(user);
    std::vector<std::string> ids(kProducts);
    for (int p = 0; p < kProducts; ++p) ids[p] = "p" + std::to_string(p);
    for (int u = 0; u < kUsers; ++u) {
      const std::string user = "u" + std::to_string(u);
      for (const Basket& b : s->baskets[u]) {
        std::vector<std::pair<std::string_view, double>> lines;
        for (const BasketItem& item : b.items) lines.emplace_back(ids[item.product], 1);
        s->history.AddOrder(user, b.placed_at, lines);
      }
    }
    s->history.Finish();
    return s;
  }();
  return *shop;
}

void Run(benchmark::State& state, NextBasketModel& model) {
  const Shop& shop = TheShop();
  model.Fit(shop.training);
  int64_t user = 0;
  for (auto _ : state) {
    auto ranked = model.Predict({.history = shop.training.users[user], .user = user}, 10);
    benchmark::DoNotOptimize(ranked);
    user = (user + 1) % kUsers;
  }
}

void BM_LeafLoaf(benchmark::State& state) {
  RepeatBlendModel model({.recency_decay = 0.9, .prior_strength = 8, .cooccurrence_weight = 0.2});
  Run(state, model);
}
void BM_TifuKnn(benchmark::State& state) {
  TifuKnnModel model;
  Run(state, model);
}
void BM_PTopFreq(benchmark::State& state) {
  PTopFreqModel model;
  Run(state, model);
}
void BM_GTopFreq(benchmark::State& state) {
  GTopFreqModel model;
  Run(state, model);
}
void BM_Usual(benchmark::State& state) {
  const Shop& shop = TheShop();
  const Micros as_of = kStart + kBaskets * kTripEvery;
  UserIndex user = 0;
  for (auto _ : state) {
    auto usual = UsualItems(shop.history.baskets(user), as_of);
    benchmark::DoNotOptimize(usual);
    user = (user + 1) % kUsers;
  }
}
void BM_ReorderDue(benchmark::State& state) {
  const Shop& shop = TheShop();
  ReorderCycles cycles({.holidays = &HolidayCalendar::Default()});
  cycles.Fit(shop.history);
  const Micros as_of = kStart + kBaskets * kTripEvery;
  UserIndex user = 0;
  for (auto _ : state) {
    auto due = cycles.Due(shop.history.baskets(user), as_of, 10);
    benchmark::DoNotOptimize(due);
    user = (user + 1) % kUsers;
  }
}
BENCHMARK(BM_LeafLoaf)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Usual)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReorderDue)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TifuKnn)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PTopFreq)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GTopFreq)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace leafloaf::purchase

BENCHMARK_MAIN();
