#include "agents/supervisor.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "agents/demo_lexicon.h"
#include "gtest/gtest.h"

namespace leafloaf::agents {
namespace {

// One supervisor for the suite: training is deterministic, so sharing it
// shares no mutable state (Understand is const).
const Supervisor& Shared() {
  static const Supervisor* supervisor = Supervisor::Create().value().release();
  return *supervisor;
}

const Lexicon& DemoLexicon() {
  static const Lexicon* lexicon = new Lexicon(DemoShopLexicon());
  return *lexicon;
}

TEST(SupervisorTest, TrainsQuicklyOnTheEmbeddedSet) {
  auto supervisor = Supervisor::Create();
  ASSERT_TRUE(supervisor.ok()) << supervisor.status();
  // ~0.15 s in a release build; generous for sanitizer builds.
  EXPECT_LT((*supervisor)->training_seconds(), 5.0);
}

TEST(SupervisorTest, UnderstandsTheBriefsExamples) {
  const Supervisor& s = Shared();
  const Understanding add = s.Understand("add milk, eggs and 2 loaves of bread", DemoLexicon());
  EXPECT_EQ(add.intent, Intent::kAddToCart);
  EXPECT_EQ(add.items.size(), 3u);
  EXPECT_GE(add.confidence, 0.5);
  EXPECT_FALSE(add.needs_clarification);

  const Understanding update = s.Understand("actually make it 3", DemoLexicon());
  EXPECT_EQ(update.intent, Intent::kUpdateQuantity);
  EXPECT_DOUBLE_EQ(update.quantity, 3);
  EXPECT_EQ(update.reference.kind, Reference::Kind::kLastMentioned);

  EXPECT_EQ(s.Understand("chekout", DemoLexicon()).intent, Intent::kCheckout);
  EXPECT_EQ(s.Understand("whats in my crat", DemoLexicon()).intent, Intent::kShowCart);
  EXPECT_EQ(s.Understand("ad 2 milks", DemoLexicon()).intent, Intent::kAddToCart);
  const Understanding budget = s.Understand("keep it under 40 bucks", DemoLexicon());
  EXPECT_EQ(budget.intent, Intent::kSetBudget);
  EXPECT_EQ(budget.budget_cents, 4000);
}

TEST(SupervisorTest, AlternativesAreADistribution) {
  const Understanding u = Shared().Understand("do you have oat milk", DemoLexicon());
  ASSERT_EQ(u.alternatives.size(), static_cast<size_t>(kNumIntents));
  double total = 0;
  for (size_t i = 0; i < u.alternatives.size(); ++i) {
    total += u.alternatives[i].second;
    if (i > 0) {
      EXPECT_GE(u.alternatives[i - 1].second, u.alternatives[i].second);
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-6);
  EXPECT_EQ(u.alternatives[0].first, u.intent);
  EXPECT_DOUBLE_EQ(u.alternatives[0].second, u.confidence);
}

TEST(SupervisorTest, ClassifierAloneHandlesUnseenPhrasings) {
  SupervisorOptions options;
  options.use_rules = false;
  auto supervisor = Supervisor::Create(std::move(options));
  ASSERT_TRUE(supervisor.ok());
  // None of these is in the training set.
  EXPECT_EQ((*supervisor)->Understand("empty out my cart please", DemoLexicon()).intent,
            Intent::kClearCart);
  EXPECT_EQ((*supervisor)->Understand("what's in my shopping basket", DemoLexicon()).intent,
            Intent::kShowCart);
  EXPECT_EQ((*supervisor)->Understand("check me out now", DemoLexicon()).intent,
            Intent::kCheckout);
  EXPECT_EQ((*supervisor)->Understand("what am i running short on", DemoLexicon()).intent,
            Intent::kReorderDue);
}

TEST(SupervisorTest, AsksForClarificationBelowTheThreshold) {
  SupervisorOptions options;
  options.clarification_threshold = 1.01;  // everything is unsure
  auto supervisor = Supervisor::Create(std::move(options));
  ASSERT_TRUE(supervisor.ok());
  const Understanding u = (*supervisor)->Understand("oat milk", DemoLexicon());
  EXPECT_TRUE(u.needs_clarification);
  EXPECT_TRUE(u.clarifying_question.starts_with("Did you mean to ")) << u.clarifying_question;
  EXPECT_NE(u.clarifying_question.find("oat milk"), std::string::npos) << u.clarifying_question;
  EXPECT_NE(u.clarifying_question.find(", or "), std::string::npos) << u.clarifying_question;

  const Understanding sure = Shared().Understand("checkout", DemoLexicon());
  EXPECT_FALSE(sure.needs_clarification);
  EXPECT_TRUE(sure.clarifying_question.empty());
}

TEST(ClarifyingQuestionTest, NamesBothIntents) {
  EXPECT_EQ(ClarifyingQuestion(Intent::kAddToCart, Intent::kSearch, "oat milk"),
            "Did you mean to add oat milk to your cart, or search for it?");
  EXPECT_EQ(ClarifyingQuestion(Intent::kCheckout, Intent::kOther, ""), "Did you mean to check out?");
}

TEST(SupervisorTest, BadInputNeverCrashes) {
  const Supervisor& s = Shared();
  const Understanding empty = s.Understand("", DemoLexicon());
  EXPECT_EQ(empty.intent, Intent::kOther);
  EXPECT_TRUE(empty.needs_clarification);
  EXPECT_TRUE(s.Understand("\xff\xfe\x80 \x01\x02\x1b", DemoLexicon()).needs_clarification);
  EXPECT_LE(s.Understand("\x1b[31m\x00red", DemoLexicon()).confidence, 1.0);
  std::string junk;
  for (int i = 0; i < 10240; ++i) junk.push_back(static_cast<char>((i * 7919) % 256));
  const Understanding u = s.Understand(junk, DemoLexicon());
  EXPECT_GE(u.confidence, 0.0);
  EXPECT_LE(u.confidence, 1.0);
}

TEST(SupervisorTest, TrainingIsDeterministic) {
  auto a = Supervisor::Create();
  auto b = Supervisor::Create();
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::string_view text : {"oat milk", "what goes with salmon", "hello there"}) {
    EXPECT_EQ((*a)->ClassifierDistribution(text), (*b)->ClassifierDistribution(text)) << text;
  }
}

TEST(SupervisorTest, ConcurrentCallersSeeTheSameResults) {
  const Supervisor& s = Shared();
  const std::vector<std::string> utterances = {
      "add 2 gallons of milk", "what's in my cart", "is it gluten free", "i'm vegan",
      "remove the second one", "what goes with pasta", "keep it under $50", "oat milk"};
  std::vector<Understanding> expected;
  for (const std::string& u : utterances) expected.push_back(s.Understand(u, DemoLexicon()));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        for (size_t i = 0; i < utterances.size(); ++i) {
          const Understanding u = s.Understand(utterances[i], DemoLexicon());
          if (u.intent != expected[i].intent || u.confidence != expected[i].confidence ||
              u.items.size() != expected[i].items.size()) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(SupervisorTest, TrainsOnTheGivenSet) {
  // An empty training_set means "the embedded set"; a set with rows is used as is.
  SupervisorOptions options;
  options.training_set.push_back({Intent::kCheckout, "checkout", {}, 1});
  auto tiny = Supervisor::Create(std::move(options));
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ((*tiny)->Understand("hello", Lexicon()).alternatives[0].first, Intent::kOther)
      << "the small-talk rule still fires";
}

}  // namespace
}  // namespace leafloaf::agents
