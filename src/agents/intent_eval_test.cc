#include "agents/intent_eval.h"

#include <set>

#include "agents/demo_lexicon.h"
#include "gtest/gtest.h"

namespace leafloaf::agents {
namespace {

TEST(UtteranceSetTest, ParsesRowsAndEntities) {
  auto set = ParseUtteranceSet(
      "# comment\n"
      "\n"
      "add_to_cart\tadd 2 loaves of bread\t{\"items\": [{\"text\": \"bread\", \"qty\": 2, "
      "\"unit\": \"loaf\"}]}\n"
      "update_quantity\tmake it 3\t{\"ref\": \"last_mentioned\", \"qty\": 3}\n"
      "remove_from_cart\tremove the last one\t{\"ref\": \"ordinal:last\"}\n"
      "set_budget\tunder $50\t{\"budget\": 5000}\n"
      "checkout\tcheckout\n");
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->size(), 5u);
  EXPECT_EQ((*set)[0].line, 3);
  EXPECT_EQ((*set)[0].entities.items.at(0).unit, "loaf");
  EXPECT_EQ((*set)[1].entities.reference.kind, Reference::Kind::kLastMentioned);
  EXPECT_EQ((*set)[2].entities.reference.index, -1);
  EXPECT_EQ((*set)[3].entities.budget_cents, 5000);
  EXPECT_EQ((*set)[4].intent, Intent::kCheckout);
}

TEST(UtteranceSetTest, NamesTheLineOfABadRow) {
  auto unknown = ParseUtteranceSet("checkout\tcheckout\nbuy_stuff\tbuy\n");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("line 2"), std::string::npos);
  auto json = ParseUtteranceSet("search\toat milk\t{\"items\": [\n");
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUtteranceSet("search\n").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUtteranceSet("search\toat milk\t{\"ref\": \"yesterday\"}").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(UtteranceSetTest, EmbeddedSetsCoverEveryIntent) {
  for (std::string_view tsv : {EmbeddedTrainingSet(), EmbeddedHeldoutSet()}) {
    auto set = ParseUtteranceSet(tsv);
    ASSERT_TRUE(set.ok()) << set.status();
    std::set<Intent> intents;
    for (const LabelledUtterance& row : *set) intents.insert(row.intent);
    EXPECT_EQ(intents.size(), static_cast<size_t>(kNumIntents));
  }
  EXPECT_GE(ParseUtteranceSet(EmbeddedTrainingSet())->size(), 300u);
  EXPECT_GE(ParseUtteranceSet(EmbeddedHeldoutSet())->size(), 100u);
}

TEST(UtteranceSetTest, HeldoutSetIsDisjointFromTraining) {
  const auto train_set = ParseUtteranceSet(EmbeddedTrainingSet());
  const auto heldout_set = ParseUtteranceSet(EmbeddedHeldoutSet());
  ASSERT_TRUE(train_set.ok() && heldout_set.ok());
  std::set<std::string> train;
  for (const LabelledUtterance& row : *train_set) train.insert(row.text);
  for (const LabelledUtterance& row : *heldout_set) {
    EXPECT_FALSE(train.contains(row.text)) << row.text;
  }
}

TEST(EntityFactsTest, NormalisesMentionText) {
  Entities a, b;
  a.items.push_back({"Organic Milks", 2, "gallon"});
  b.items.push_back({"organic milk", 2, "gallon"});
  EXPECT_EQ(EntityFacts(a), EntityFacts(b));
  b.items[0].quantity = 1;
  EXPECT_NE(EntityFacts(a), EntityFacts(b));
  Entities c;
  c.reference = {Reference::Kind::kOrdinal, 2};
  c.brands = {"Ben & Jerry's"};
  c.dietary = {"vegan"};
  c.budget_cents = 5000;
  EXPECT_EQ(EntityFacts(c), (std::vector<std::string>{"brand:ben jerry", "budget:5000",
                                                      "diet:vegan", "ref:ordinal:2"}));
}

TEST(CountsTest, PrecisionRecallF1) {
  Counts c{.true_positives = 8, .false_positives = 2, .false_negatives = 8};
  EXPECT_DOUBLE_EQ(c.precision(), 0.8);
  EXPECT_DOUBLE_EQ(c.recall(), 0.5);
  EXPECT_NEAR(c.f1(), 2 * 0.8 * 0.5 / 1.3, 1e-12);
}

// The held-out set was written apart from the training set and is never
// trained on. Floors sit a little under the measured figures (intent
// 98.5%, entity F1 98.7%; see docs/CONVERSATION_NLU.md for why the second
// held-out set, utterances_heldout2.tsv, is the clean estimate), so a real
// regression fails.
TEST(IntentEvalTest, HeldoutAccuracyStaysAboveTheFloor) {
  auto supervisor = Supervisor::Create();
  ASSERT_TRUE(supervisor.ok());
  auto heldout = ParseUtteranceSet(EmbeddedHeldoutSet());
  ASSERT_TRUE(heldout.ok());
  const IntentEvalReport report = EvaluateIntents(**supervisor, *heldout, DemoShopLexicon());
  EXPECT_GE(report.accuracy(), 0.96) << FormatIntentEvalReport(report, 20);
  EXPECT_GE(report.entities.f1(), 0.96) << FormatIntentEvalReport(report, 20);
  EXPECT_LT(report.expected_calibration_error(), 0.15);
}

TEST(IntentEvalTest, CrossValidationNeedsTwoFolds) {
  auto set = ParseUtteranceSet(EmbeddedTrainingSet());
  EXPECT_EQ(CrossValidateIntents(*set, 1, {}, Lexicon()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf::agents
