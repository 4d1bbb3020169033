#include "personalize/ranker_training.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "personalize/test_util.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::personalize {
namespace {

using testing::kT0;
using testing::MakeEvent;
using testing::MakeProduct;

constexpr int kCategories = 6;
constexpr int kPerCategory = 10;

std::string ProductId(int category, int j) { return absl::StrCat("c", category, "p", j); }
std::string CategoryPath(int category) { return absl::StrCat("Aisle > Category ", category); }

// Every category's products in a fixed text order: product j scores
// 1 - 0.05 j, whatever the query.
class FixedCategorySearch final : public CategorySearch {
 public:
  std::string QueryFor(const ProductFeatures& product) const override { return product.category; }
  absl::StatusOr<std::vector<TrainingCandidate>> Candidates(
      const std::string& query) const override {
    std::vector<TrainingCandidate> out;
    for (int c = 0; c < kCategories; ++c) {
      if (CategoryPath(c) != query) continue;
      for (int j = 0; j < kPerCategory; ++j) out.push_back({ProductId(c, j), 1 - 0.05 * j, 0});
    }
    return out;
  }
};

class RankerTrainingTest : public ::testing::Test {
 protected:
  RankerTrainingTest() {
    std::vector<Product> products;
    for (int c = 0; c < kCategories; ++c) {
      for (int j = 0; j < kPerCategory; ++j) {
        products.push_back(MakeProduct(ProductId(c, j), absl::StrCat("Item ", j), CategoryPath(c),
                                       absl::StrCat("Brand ", j), 100 + 10 * j));
      }
    }
    features_ = FeatureTable::Build(products, AttributeExtractor());
  }

  // 40 users over 100 days: every week each buys in two or three
  // categories, the product of their favourite brand there with
  // probability `loyalty`, else any product.
  std::vector<Event> History(double loyalty) const {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> coin(0, 1);
    std::uniform_int_distribution<int> any(0, kPerCategory - 1);
    std::vector<Event> events;
    for (int day = 0; day < 100; day += 7) {
      for (int u = 0; u < 40; ++u) {
        for (int c = (u + day) % 2; c < kCategories; c += 2) {
          const int favourite = (u * 7 + c * 3) % kPerCategory;
          const int j = coin(rng) < loyalty ? favourite : any(rng);
          events.push_back(MakeEvent("purchase", absl::StrCat("U", u), ProductId(c, j),
                                     kT0 + day * kMicrosPerDay + u * kMicrosPerSecond, 1));
        }
      }
    }
    return events;
  }

  absl::StatusOr<TrainReport> Train(const std::vector<Event>& events) const {
    CategorySearchFactory factory = [](const absl::flat_hash_map<std::string, int64_t>&)
        -> absl::StatusOr<std::unique_ptr<CategorySearch>> {
      return std::make_unique<FixedCategorySearch>();
    };
    return TrainRanker(events, features_, factory, TrainOptions{.shop_id = "shop"});
  }

  FeatureTable features_;
};

TEST_F(RankerTrainingTest, LoyalShoppersTeachAPositiveHistoryWeightThatBeatsTheDefaults) {
  auto report = Train(History(/*loyalty=*/0.9));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GT(report->queries.queries, 50);
  EXPECT_GT(report->queries.users_scored, 30);
  const RankerWeights defaults;
  // Buying again what one bought before is the signal: the history
  // factors grow well past their defaults ...
  EXPECT_GT(report->weights.frequency + report->weights.brand,
            defaults.frequency + defaults.brand + 0.3);
  EXPECT_GT(report->weights.frequency, 0.3);
  // ... which ranks the later purchases higher than the default weights do.
  EXPECT_GT(report->ndcg_trained, report->ndcg_base + 0.05);
  EXPECT_GT(report->ndcg_base, report->ndcg_text);
  EXPECT_LT(report->fit.final_loss, report->fit.initial_loss);
  // The text weight pins the scale; factors the history never exercises
  // (no dietary tags here) keep their defaults.
  EXPECT_EQ(report->weights.text, defaults.text);
  EXPECT_EQ(report->weights.dietary, defaults.dietary);
  EXPECT_EQ(report->weights.affinity_scale, defaults.affinity_scale);
}

TEST_F(RankerTrainingTest, TrainingIsDeterministic) {
  auto a = Train(History(0.7));
  auto b = Train(History(0.7));
  ASSERT_TRUE(a.ok() && b.ok());
  for (int f = 0; f < kNumRankFactors; ++f) {
    const auto weight = RankFactorWeight(static_cast<RankFactor>(f));
    EXPECT_EQ(a->weights.*weight, b->weights.*weight) << RankFactorName(static_cast<RankFactor>(f));
  }
}

TEST_F(RankerTrainingTest, AHistoryWithNothingLaterToLearnFromIsAnError) {
  std::vector<Event> events = {MakeEvent("purchase", "U1", ProductId(0, 0), kT0, 1),
                               MakeEvent("purchase", "U2", ProductId(0, 1), kT0 + kMicrosPerDay, 1)};
  auto report = Train(events);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(RankerTrainingTest, QueriesLabelLaterPurchasesAndDropThoseWithoutSignal) {
  std::vector<Event> events = {
      MakeEvent("purchase", "U1", ProductId(0, 3), kT0, 1),
      MakeEvent("click_product", "U1", ProductId(1, 2), kT0, 0),
      // Later: a query for category 0 with one relevant product.
      MakeEvent("purchase", "U1", ProductId(0, 5), kT0 + 10 * kMicrosPerDay, 1),
      // U2 has no profile before the cutoff.
      MakeEvent("purchase", "U2", ProductId(1, 1), kT0 + 10 * kMicrosPerDay, 1),
  };
  FixedCategorySearch search;
  auto set = BuildQueries(events, features_, search,
                          {.shop_id = "shop", .cutoff = kT0 + kMicrosPerDay});
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->stats.users_with_later_purchases, 2);
  EXPECT_EQ(set->stats.users_without_profile, 1);
  ASSERT_EQ(set->queries.size(), 1u);
  const RankingQuery& q = set->queries[0];
  EXPECT_EQ(q.user_id, "U1");
  ASSERT_EQ(q.relevance.size(), static_cast<size_t>(kPerCategory));
  EXPECT_EQ(q.relevance[5], 1);
  EXPECT_EQ(std::count(q.relevance.begin(), q.relevance.end(), 1.0), 1);
  // The profile bought product 3 before: its frequency factor is set.
  EXPECT_GT(q.factors[3][RankFactor::kFrequency], 0);
  EXPECT_EQ(q.factors[5][RankFactor::kFrequency], 0);
  EXPECT_DOUBLE_EQ(q.factors[0][RankFactor::kText], 1.0);
}

TEST(LoadShopHistoryTest, OrderLinesBecomePurchasesSortedWithTrackedEvents) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Add(MakeProduct("milk", "Whole Milk", "Dairy > Milk", "Horizon", 429));
  batch.Add(MakeProduct("oat", "Oat Milk", "Dairy > Milk", "Oatly", 499));
  batch.Add(Order{.shop_id = "shop", .external_id = "O1", .user_external_id = "U1",
                  .placed_at = kT0 + 2 * kMicrosPerDay});
  batch.Add(OrderLine{.shop_id = "shop", .order_external_id = "O1", .product_external_id = "milk",
                      .quantity = 2});
  batch.Add(MakeEvent("click_product", "U1", "oat", kT0 + kMicrosPerDay));
  batch.Add(MakeEvent("purchase", "U2", "oat", kT0 + 3 * kMicrosPerDay, 1));
  ASSERT_EQ((*store)->Write(std::move(batch)).accepted(), 6u);
  auto history = LoadShopHistory(**store, "shop");
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->products.size(), 2u);
  EXPECT_EQ(history->order_lines, 1);
  EXPECT_EQ(history->tracked_events, 2);
  ASSERT_EQ(history->events.size(), 3u);
  EXPECT_EQ(history->events[0].type, "click_product");
  EXPECT_EQ(history->events[1].type, "purchase");
  EXPECT_EQ(history->events[1].user_external_id, "U1");
  EXPECT_EQ(history->events[1].product_external_id, "milk");
  EXPECT_EQ(history->events[1].quantity, 2);
  EXPECT_EQ(history->events[1].at, kT0 + 2 * kMicrosPerDay);
  EXPECT_EQ(history->events[2].user_external_id, "U2");
  (*store)->Close();
}

TEST(NdcgTest, RanksTheRelevantHigherForMore) {
  EXPECT_DOUBLE_EQ(NdcgAt(std::vector<double>{1, 0, 0}, 10), 1.0);
  EXPECT_NEAR(NdcgAt(std::vector<double>{0, 1, 0}, 10), 1 / std::log2(3.0), 1e-12);
  EXPECT_NEAR(NdcgAt(std::vector<double>{0, 1, 1}, 10),
              (1 / std::log2(3.0) + 0.5) / (1 + 1 / std::log2(3.0)), 1e-12);
  EXPECT_EQ(NdcgAt(std::vector<double>{0, 0}, 10), 0);
  // Past k nothing counts.
  EXPECT_EQ(NdcgAt(std::vector<double>{0, 0, 1}, 2), 0);
}

TEST(NdcgTest, TiesKeepTheSearchOrder) {
  RankingQuery q;
  q.factors.resize(3);
  for (RankFactors& f : q.factors) f.value[static_cast<int>(RankFactor::kText)] = 1;
  q.relevance = {0, 0, 1};
  EXPECT_NEAR(MeanNdcg(std::vector<RankingQuery>{q}, RankerWeights{}), 0.5, 1e-12);
  q.factors[2].value[static_cast<int>(RankFactor::kBrand)] = 1;
  EXPECT_DOUBLE_EQ(MeanNdcg(std::vector<RankingQuery>{q}, RankerWeights{}), 1.0);
}

}  // namespace
}  // namespace leafloaf::personalize
