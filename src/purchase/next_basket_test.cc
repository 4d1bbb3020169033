#include "purchase/next_basket.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "purchase/repeat_blend.h"
#include "purchase/tifu_knn.h"

namespace leafloaf::purchase {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Field;

constexpr ProductIndex A = 0, B = 1, C = 2, D = 3, E = 4;

Basket Make(std::vector<ProductIndex> products) {
  Basket basket;
  for (ProductIndex p : products) basket.items.push_back({p, 1});
  return basket;
}

std::vector<ProductIndex> Products(const std::vector<ScoredProduct>& ranked) {
  std::vector<ProductIndex> out;
  for (const ScoredProduct& p : ranked) out.push_back(p.product);
  return out;
}

// u0: {A,B} {A,C}; u1: {A} {B,D}; u2: {E}. Basket counts A 3, B 2, C D E 1
// of 5 baskets.
class NextBasketTest : public ::testing::Test {
 protected:
  NextBasketTest()
      : u0_{Make({A, B}), Make({A, C})}, u1_{Make({A}), Make({B, D})}, u2_{Make({E})} {
    training_.num_products = 5;
    training_.users = {u0_, u1_, u2_};
  }
  std::vector<Basket> u0_, u1_, u2_;
  TrainingSet training_;
};

TEST_F(NextBasketTest, GTopFreqRanksByBasketShare) {
  GTopFreqModel model;
  model.Fit(training_);
  const auto ranked = model.Predict({.history = u1_, .user = 1}, 3);
  EXPECT_EQ(Products(ranked), (std::vector<ProductIndex>{A, B, C}));  // C before D, E: index
  EXPECT_THAT(ranked, ElementsAre(Field(&ScoredProduct::score, DoubleNear(0.6, 1e-12)),
                                  Field(&ScoredProduct::score, DoubleNear(0.4, 1e-12)),
                                  Field(&ScoredProduct::score, DoubleNear(0.2, 1e-12))));
}

TEST_F(NextBasketTest, PTopFreqBreaksTiesByRecencyAndPadsWithBestsellers) {
  PTopFreqModel model;
  model.Fit(training_);
  // A, B, D once each; B and D in the later basket, B first by index; then
  // C, the best seller the user has not bought.
  EXPECT_EQ(Products(model.Predict({.history = u1_, .user = 1}, 4)),
            (std::vector<ProductIndex>{B, D, A, C}));
  EXPECT_EQ(Products(model.Predict({.history = u0_}, 2)), (std::vector<ProductIndex>{A, C}));
}

TEST(TifuKnnTest, UserVectorDecaysWithinAndAcrossGroups) {
  // Groups of 2 counted back from the latest: {b1} and {b2, b3}.
  const std::vector<Basket> history = {Make({A}), Make({B}), Make({A, C})};
  const auto v = TifuKnnModel::UserVector(
      history, {.group_size = 2, .within_decay = 0.5, .group_decay = 0.25});
  // Latest group: (b3 + 0.5 b2) / 2, weight 1; oldest: b1 / 1, weight 0.25;
  // both over 2 groups.
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].first, A);
  EXPECT_NEAR(v[0].second, 0.125 + 0.25, 1e-6);
  EXPECT_EQ(v[1].first, B);
  EXPECT_NEAR(v[1].second, 0.125, 1e-6);
  EXPECT_EQ(v[2].first, C);
  EXPECT_NEAR(v[2].second, 0.25, 1e-6);
}

TEST(TifuKnnTest, BlendsOwnVectorWithNearestNeighbourButNotItself) {
  const std::vector<Basket> u0 = {Make({A, B})}, u1 = {Make({A, C})}, u2 = {Make({D})};
  TrainingSet training{.num_products = 5, .users = {u0, u1, u2}};
  TifuKnnModel model({.group_size = 1, .within_decay = 1, .group_decay = 1, .alpha = 0.5,
                      .neighbors = 1});
  model.Fit(training);
  // The nearest other user is u1 (cosine 0.5): A 0.5 + 0.5, B 0.5, C 0.5;
  // then D, padded from the bestsellers.
  const auto ranked = model.Predict({.history = u0, .user = 0}, 4);
  EXPECT_EQ(Products(ranked), (std::vector<ProductIndex>{A, B, C, D}));
  EXPECT_NEAR(ranked[0].score, 1.0, 1e-6);
  EXPECT_NEAR(ranked[1].score, 0.5, 1e-6);
  EXPECT_NEAR(ranked[2].score, 0.5, 1e-6);
  // Not told who it is, its own copy in the training set is the neighbour.
  const auto as_stranger = model.Predict({.history = u0}, 2);
  EXPECT_NEAR(as_stranger[1].score, 1.0, 1e-6);
}

TEST_F(NextBasketTest, RepeatBlendShrinksDecayedRepeatsTowardPopularity) {
  RepeatBlendModel model({.recency_decay = 0.5, .prior_strength = 1, .cooccurrence_weight = 0});
  model.Fit(training_);
  // W = 1 + 0.5; score = (R + 1 x G) / 2.5.
  const auto ranked = model.Predict({.history = u1_, .user = 1}, 4);
  EXPECT_EQ(Products(ranked), (std::vector<ProductIndex>{B, D, A, C}));
  EXPECT_NEAR(ranked[0].score, (1 + 0.4) / 2.5, 1e-12);
  EXPECT_NEAR(ranked[1].score, (1 + 0.2) / 2.5, 1e-12);
  EXPECT_NEAR(ranked[2].score, (0.5 + 0.6) / 2.5, 1e-12);
  EXPECT_NEAR(ranked[3].score, 0.2 / 2.5, 1e-12);
}

TEST_F(NextBasketTest, RepeatBlendWithAStrongPriorIsGTopFreq) {
  RepeatBlendModel model({.recency_decay = 0.5, .prior_strength = 1e9});
  model.Fit(training_);
  // The bestsellers A, B; among the products as popular as C, the user's
  // own D comes first.
  EXPECT_EQ(Products(model.Predict({.history = u1_, .user = 1}, 3)),
            (std::vector<ProductIndex>{A, B, D}));
  // A user without history gets the bestsellers whatever the prior.
  RepeatBlendModel weak({.prior_strength = 0});
  weak.Fit(training_);
  EXPECT_EQ(Products(weak.Predict({}, 2)), (std::vector<ProductIndex>{A, B}));
}

TEST_F(NextBasketTest, RepeatBlendAddsCooccurrenceWithTheLastBasket) {
  RepeatBlendModel model({.recency_decay = 0.5, .prior_strength = 1, .cooccurrence_weight = 0.5});
  model.Fit(training_);
  // Last basket {B, D}: P(.|B) = A 1/2, D 1/2; P(.|D) = B 1. C(i) is their
  // mean: A 0.25, B 0.5, D 0.25. Population = 0.5 G + 0.5 C.
  const auto ranked = model.Predict({.history = u1_, .user = 1}, 4);
  EXPECT_EQ(Products(ranked), (std::vector<ProductIndex>{B, D, A, C}));
  EXPECT_NEAR(ranked[0].score, (1 + 0.45) / 2.5, 1e-6);
  EXPECT_NEAR(ranked[1].score, (1 + 0.225) / 2.5, 1e-6);
  EXPECT_NEAR(ranked[2].score, (0.5 + 0.425) / 2.5, 1e-6);
  EXPECT_NEAR(ranked[3].score, 0.1 / 2.5, 1e-6);
}

TEST(TopKTest, OrdersByScoreThenProduct) {
  const auto top = TopK({{E, 1}, {C, 2}, {A, 1}, {B, 0.5}}, 3);
  EXPECT_EQ(Products(top), (std::vector<ProductIndex>{C, A, E}));
  EXPECT_TRUE(TopK({{A, 1}}, 0).empty());
}

}  // namespace
}  // namespace leafloaf::purchase
