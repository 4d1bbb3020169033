#include "purchase/next_basket_eval.h"

#include <cmath>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leafloaf::purchase {
namespace {

constexpr ProductIndex A = 0, B = 1, C = 2, X = 3, Y = 4;

Basket Make(std::vector<ProductIndex> products) {
  Basket basket;
  for (ProductIndex p : products) basket.items.push_back({p, 1});
  return basket;
}

std::vector<ScoredProduct> Ranked(std::vector<ProductIndex> products) {
  std::vector<ScoredProduct> out;
  for (ProductIndex p : products) out.push_back({p, 0});
  return out;
}

TEST(ScoreBasketTest, RecallNdcgAndF1ByHand) {
  // Hits at ranks 1 and 3 of 4; 3 products in the basket.
  const BasketScores s = ScoreBasket(Ranked({B, X, A, Y}), Make({A, B, C}), 4);
  EXPECT_NEAR(s.recall, 2.0 / 3, 1e-12);
  EXPECT_NEAR(s.ndcg, (1 + 0.5) / (1 + 1 / std::log2(3.0) + 0.5), 1e-12);
  EXPECT_NEAR(s.f1, 4.0 / 7, 1e-12);  // P = 2/4, R = 2/3
}

TEST(ScoreBasketTest, OnlyTheFirstKCountAndTheIdealIsCappedAtK) {
  const BasketScores miss = ScoreBasket(Ranked({X, A}), Make({A, B}), 1);
  EXPECT_EQ(miss.recall, 0);
  EXPECT_EQ(miss.ndcg, 0);
  EXPECT_EQ(miss.f1, 0);
  // One hit at rank 1 with k = 1: the ideal DCG has one term, so NDCG = 1.
  const BasketScores hit = ScoreBasket(Ranked({A, X}), Make({A, B, C}), 1);
  EXPECT_NEAR(hit.recall, 1.0 / 3, 1e-12);
  EXPECT_NEAR(hit.ndcg, 1, 1e-12);
  EXPECT_NEAR(hit.f1, 2 * 1 * (1.0 / 3) / (1 + 1.0 / 3), 1e-12);
}

class SplitTest : public ::testing::Test {
 protected:
  using Lines = std::vector<std::pair<std::string_view, double>>;
  SplitTest() {
    history_.AddOrder("u0", 1, Lines{{"a", 1}});
    history_.AddOrder("u0", 2, Lines{{"a", 1}, {"b", 1}});
    history_.AddOrder("u0", 3, Lines{{"c", 1}});
    history_.AddOrder("u1", 1, Lines{{"b", 1}});
    history_.AddOrder("u2", 1, Lines{{"b", 1}});
    history_.AddOrder("u2", 2, Lines{{"a", 1}});
    history_.Finish();
  }
  PurchaseHistory history_;
};

TEST_F(SplitTest, HidesTheLastBasketsOfEveryUser) {
  const NextBasketSplit test = MakeSplit(history_, 1, 0);
  ASSERT_EQ(test.training.users.size(), 3u);
  EXPECT_EQ(test.training.users[0].size(), 2u);
  EXPECT_EQ(test.training.users[1].size(), 0u);  // one basket: nothing visible
  EXPECT_EQ(test.training.users[2].size(), 1u);
  EXPECT_EQ(test.users, (std::vector<UserIndex>{0, 2}));
  ASSERT_EQ(test.targets.size(), 2u);
  EXPECT_EQ(test.targets[0], &history_.baskets(0)[2]);
  EXPECT_EQ(test.targets[1], &history_.baskets(2)[1]);

  const NextBasketSplit validation = MakeSplit(history_, 2, 0);
  EXPECT_EQ(validation.training.users[0].size(), 1u);
  EXPECT_EQ(validation.training.users[2].size(), 0u);
  EXPECT_EQ(validation.users, (std::vector<UserIndex>{0}));
  EXPECT_EQ(validation.targets[0], &history_.baskets(0)[1]);

  const NextBasketSplit sampled = MakeSplit(history_, 1, 1);
  ASSERT_EQ(sampled.users.size(), 1u);
  EXPECT_EQ(MakeSplit(history_, 1, 1).users, sampled.users);
  EXPECT_EQ(sampled.training.users.size(), 3u);  // fitting still sees everyone
}

TEST_F(SplitTest, EvaluatesGTopFreqByHand) {
  // Visible: u0 {a} {a,b}, u2 {b}: a in 2 baskets, b in 2; ties by index
  // give a. Targets: u0 {c} (miss), u2 {a} (hit at rank 1).
  const NextBasketSplit test = MakeSplit(history_, 1, 0);
  GTopFreqModel model;
  const ModelScores scores = EvaluateModel(model, test, 1);
  EXPECT_EQ(scores.model, "G-TopFreq");
  EXPECT_EQ(scores.users, 2);
  EXPECT_NEAR(scores.mean.recall, 0.5, 1e-12);
  EXPECT_NEAR(scores.mean.ndcg, 0.5, 1e-12);
  EXPECT_NEAR(scores.mean.f1, 0.5, 1e-12);
  EXPECT_GE(scores.micros_per_user, 0);
  ASSERT_EQ(scores.per_user.size(), 2u);
  EXPECT_EQ(scores.per_user[0].recall, 0);
  EXPECT_EQ(scores.per_user[1].recall, 1);
}

TEST(PairedDifferenceTest, MeanAndIntervalOfPerUserDifferences) {
  ModelScores a, b;
  a.per_user = {{.ndcg = 1}, {.ndcg = 1}, {.ndcg = 0}, {.ndcg = 1}};
  b.per_user = {{.ndcg = 0}, {.ndcg = 1}, {.ndcg = 0}, {.ndcg = 0}};
  // Differences 1, 0, 0, 1: mean 0.5, sample variance 1/3.
  const Difference d = PairedDifference(a, b, &BasketScores::ndcg);
  EXPECT_NEAR(d.mean, 0.5, 1e-12);
  EXPECT_NEAR(d.half_width, 1.96 * std::sqrt(1.0 / 3 / 4), 1e-12);
  EXPECT_EQ(PairedDifference(a, b, &BasketScores::recall).mean, 0);
}

TEST_F(SplitTest, ReportHasEveryModelOnTheSameUsers) {
  const NextBasketReport report = RunNextBasketEvaluation(history_, {.k = 2});
  ASSERT_EQ(report.test.size(), 4u);
  EXPECT_EQ(report.test[0].model, "LeafLoaf");
  EXPECT_EQ(report.test[1].model, "TIFU-KNN");
  EXPECT_EQ(report.test[2].model, "P-TopFreq");
  EXPECT_EQ(report.test[3].model, "G-TopFreq");
  for (const ModelScores& row : report.test) EXPECT_EQ(row.users, 2);
  EXPECT_EQ(report.validation_users, 1);
  EXPECT_EQ(report.blend.candidates, 5 * 12 * 3);
  EXPECT_EQ(report.tifu.candidates, 9);
  const std::string text = FormatNextBasketReport(report);
  EXPECT_NE(text.find("Recall@2"), std::string::npos);
  EXPECT_NE(text.find("TIFU-KNN"), std::string::npos);
}

}  // namespace
}  // namespace leafloaf::purchase
