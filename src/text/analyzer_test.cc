#include "text/analyzer.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::unique_ptr<Analyzer> MakeAnalyzer(AnalyzerOptions options = {}, Synonyms synonyms = {}) {
  auto analyzer = Analyzer::Create(options, std::move(synonyms));
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  return *std::move(analyzer);
}

std::vector<std::string> Terms(const std::vector<Token>& tokens) {
  std::vector<std::string> terms;
  for (const Token& t : tokens) terms.push_back(t.term);
  return terms;
}

std::vector<std::string> QueryTerms(const Analyzer& analyzer, std::string_view query) {
  auto tokens = analyzer.AnalyzeQuery(query);
  EXPECT_TRUE(tokens.ok()) << tokens.status();
  return tokens.ok() ? Terms(*tokens) : std::vector<std::string>{};
}

TEST(AnalyzerTest, FieldTokensCarryTermSurfacePositionAndOffsets) {
  auto analyzer = MakeAnalyzer();
  const std::string text = "Organic Strawberries, 16 oz";
  std::vector<Token> tokens = analyzer->AnalyzeField(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_THAT(Terms(tokens), ElementsAre("organic", "strawberri", "16", "oz"));
  EXPECT_EQ(tokens[1].surface, "strawberries");
  EXPECT_EQ(tokens[1].position, 1u);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "Strawberries");
  EXPECT_TRUE(tokens[2].numeric);
  EXPECT_FALSE(tokens[1].numeric);
}

TEST(AnalyzerTest, PluralsAndAccentsMatchBetweenFieldAndQuery) {
  auto analyzer = MakeAnalyzer();
  EXPECT_EQ(Terms(analyzer->AnalyzeField("Fresh Berries")), QueryTerms(*analyzer, "fresh berry"));
  EXPECT_EQ(Terms(analyzer->AnalyzeField("Roma Tomatoes")), QueryTerms(*analyzer, "ROMA TOMATO"));
  EXPECT_EQ(Terms(analyzer->AnalyzeField("Crème Brûlée")), QueryTerms(*analyzer, "creme brulee"));
  EXPECT_EQ(Terms(analyzer->AnalyzeField("Jalapeño Chips")),
            QueryTerms(*analyzer, "jalapeno chip"));
  EXPECT_EQ(Terms(analyzer->AnalyzeField("Bay Leaves")), QueryTerms(*analyzer, "bay leaf"));
}

TEST(AnalyzerTest, FieldsKeepStopWordsFlagged) {
  auto analyzer = MakeAnalyzer();
  std::vector<Token> tokens = analyzer->AnalyzeField("Bread with the Seeds");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_FALSE(tokens[0].stop_word);
  EXPECT_TRUE(tokens[1].stop_word);
  EXPECT_TRUE(tokens[2].stop_word);
  EXPECT_FALSE(tokens[3].stop_word);
}

TEST(AnalyzerTest, QueriesDropStopWordsButKeepPositions) {
  auto analyzer = MakeAnalyzer();
  auto tokens = analyzer->AnalyzeQuery("milk for the kids");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ((*tokens)[0].term, "milk");
  EXPECT_EQ((*tokens)[1].term, "kid");
  EXPECT_EQ((*tokens)[1].position, 3u);
}

TEST(AnalyzerTest, QueryOfOnlyStopWordsKeepsThem) {
  auto analyzer = MakeAnalyzer();
  EXPECT_THAT(QueryTerms(*analyzer, "the"), ElementsAre("the"));
  EXPECT_THAT(QueryTerms(*analyzer, "To Be"), ElementsAre("to", "be"));
  EXPECT_THAT(QueryTerms(*analyzer, "no sugar added"), ElementsAre("no", "sugar", "ad"));
}

TEST(AnalyzerTest, StopWordRemovalCanBeTurnedOff) {
  auto analyzer = MakeAnalyzer({.remove_stop_words = false});
  EXPECT_THAT(QueryTerms(*analyzer, "milk for kids"), ElementsAre("milk", "for", "kid"));
}

TEST(AnalyzerTest, StemmingCanBeTurnedOff) {
  auto analyzer = MakeAnalyzer({.stem = false});
  EXPECT_THAT(QueryTerms(*analyzer, "Berries"), ElementsAre("berries"));
}

TEST(AnalyzerTest, QueryLimits) {
  auto analyzer = MakeAnalyzer();
  EXPECT_TRUE(analyzer->AnalyzeQuery(std::string(1024, 'a')).ok());
  auto too_long = analyzer->AnalyzeQuery(std::string(1025, 'a'));
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_long.status().message(), "query is longer than 1024 bytes");
  auto invalid = analyzer->AnalyzeQuery("milk \xFF");
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.status().message(), "query is not valid UTF-8");
  EXPECT_EQ(analyzer->AnalyzeQuery("\xC0\xAF").status().code(), absl::StatusCode::kInvalidArgument);

  auto small = MakeAnalyzer({.max_query_bytes = 8});
  EXPECT_EQ(small->AnalyzeQuery("123456789").status().message(), "query is longer than 8 bytes");
}

TEST(AnalyzerTest, EmptyAndPunctuationQueriesGiveNoTokens) {
  auto analyzer = MakeAnalyzer();
  EXPECT_THAT(QueryTerms(*analyzer, ""), IsEmpty());
  EXPECT_THAT(QueryTerms(*analyzer, "  ?!-- "), IsEmpty());
}

TEST(AnalyzerTest, InvalidUtf8InFieldsIsReplacedNotRejected) {
  auto analyzer = MakeAnalyzer();
  EXPECT_THAT(Terms(analyzer->AnalyzeField("Whole\xFFMilk \xE2\x82")),
              ElementsAre("whole", "milk"));
}

TEST(AnalyzerTest, TypicalGroceryNames) {
  auto analyzer = MakeAnalyzer();
  EXPECT_THAT(
      Terms(analyzer->AnalyzeField("Ben & Jerry's Chocolate Fudge Brownie Ice Cream, 16 fl oz")),
      ElementsAre("ben", "jerri", "chocol", "fudg", "browni", "ice", "cream", "16", "fl", "oz"));
  EXPECT_THAT(Terms(analyzer->AnalyzeField("Horizon Organic 2% Reduced Fat Milk, 1/2 Gallon")),
              ElementsAre("horizon", "organic", "2", "reduc", "fat", "milk", "1/2", "gallon"));
  EXPECT_THAT(Terms(analyzer->AnalyzeField("M&M's Peanut Chocolate Candies, 10.05oz")),
              ElementsAre("mm", "peanut", "chocol", "candi", "10.05", "oz"));
  EXPECT_THAT(QueryTerms(*analyzer, "m&ms"), ElementsAre("mm"));
  EXPECT_THAT(Terms(analyzer->AnalyzeField("Gluten-Free Penne Pasta")),
              ElementsAre("gluten", "free", "penn", "pasta"));
  EXPECT_THAT(Terms(analyzer->AnalyzeField("Häagen-Dazs Crème Fraîche Gelato")),
              ElementsAre("haagen", "daz", "creme", "fraich", "gelato"));
}

Synonyms ExampleSynonyms() {
  auto synonyms = Synonyms::Parse(R"(
synonyms:
  - [soda, pop]
  - [garbanzo, chickpea, chick pea]
  - [yoghurt, yogurt]
  - [ice cream, gelato]
  - [mac and cheese, macaroni cheese]
  - {from: [fizzy drinks], to: [soda]}
)");
  EXPECT_TRUE(synonyms.ok()) << synonyms.status();
  return *std::move(synonyms);
}

TEST(AnalyzerTest, SynonymsOfAStemmedTerm) {
  auto analyzer = MakeAnalyzer({}, ExampleSynonyms());
  EXPECT_THAT(analyzer->SynonymsOf("soda"), ElementsAre("pop"));
  EXPECT_THAT(analyzer->SynonymsOf("pop"), ElementsAre("soda"));
  EXPECT_THAT(analyzer->SynonymsOf("garbanzo"), ElementsAre("chickpea", "chick pea"));
  EXPECT_THAT(analyzer->SynonymsOf("chick pea"), ElementsAre("garbanzo", "chickpea"));
  EXPECT_THAT(analyzer->SynonymsOf("gelato"), ElementsAre("ice cream"));
  EXPECT_THAT(analyzer->SynonymsOf("ice cream"), ElementsAre("gelato"));
  EXPECT_THAT(analyzer->SynonymsOf("milk"), IsEmpty());
  // A query term is stemmed: "yoghurts" -> "yoghurt".
  EXPECT_THAT(analyzer->SynonymsOf(QueryTerms(*analyzer, "Yoghurts")[0]), ElementsAre("yogurt"));
}

TEST(AnalyzerTest, OneWaySynonymsGoOneWay) {
  auto analyzer = MakeAnalyzer({}, ExampleSynonyms());
  EXPECT_THAT(analyzer->SynonymsOf("fizzi drink"), ElementsAre("soda"));
  EXPECT_THAT(analyzer->SynonymsOf("soda"), ElementsAre("pop"));  // not "fizzi drink"
}

TEST(AnalyzerTest, FindSynonymsMatchesLongestPhrasesInAQuery) {
  auto analyzer = MakeAnalyzer({}, ExampleSynonyms());
  auto query = analyzer->AnalyzeQuery("vanilla ice cream and chick peas");
  ASSERT_TRUE(query.ok());
  std::vector<SynonymMatch> matches = analyzer->FindSynonyms(*query);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].first, 1u);
  EXPECT_EQ(matches[0].count, 2u);
  EXPECT_THAT(matches[0].alternatives, ElementsAre("gelato"));
  EXPECT_EQ(matches[1].first, 3u);
  EXPECT_EQ(matches[1].count, 2u);
  EXPECT_THAT(matches[1].alternatives, ElementsAre("garbanzo", "chickpea"));
}

TEST(AnalyzerTest, SynonymPhrasesWithStopWordsMatchQueriesWithoutThem) {
  auto analyzer = MakeAnalyzer({}, ExampleSynonyms());
  auto query = analyzer->AnalyzeQuery("Mac & Cheese");
  ASSERT_TRUE(query.ok());
  std::vector<SynonymMatch> matches = analyzer->FindSynonyms(*query);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_THAT(matches[0].alternatives, ElementsAre("macaroni chees"));
}

TEST(AnalyzerTest, NoSynonymsNoMatches) {
  auto analyzer = MakeAnalyzer();
  auto query = analyzer->AnalyzeQuery("soda pop");
  ASSERT_TRUE(query.ok());
  EXPECT_THAT(analyzer->FindSynonyms(*query), IsEmpty());
  EXPECT_THAT(analyzer->SynonymsOf("soda"), IsEmpty());
}

TEST(AnalyzerTest, StaticFoldAndStem) {
  EXPECT_EQ(Analyzer::Fold("Crème Brûlée"), "creme brulee");
  EXPECT_EQ(Analyzer::Fold("\uFB01"), "fi");
  EXPECT_EQ(Analyzer::Stem("berries"), "berri");
  EXPECT_EQ(Analyzer::Stem(Analyzer::Fold("TOMATOES")), "tomato");
}

TEST(AnalyzerTest, IsSafeToShareAcrossThreads) {
  auto analyzer = MakeAnalyzer({}, ExampleSynonyms());
  const std::string text = "Organic Strawberries & Crème Fraîche, 2 × 250 g — gluten-free";
  const std::vector<std::string> expected = Terms(analyzer->AnalyzeField(text));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        if (Terms(analyzer->AnalyzeField(text)) != expected) ++mismatches[t];
        auto query = analyzer->AnalyzeQuery("ice cream soda");
        if (!query.ok() || analyzer->FindSynonyms(*query).size() != 2) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace leafloaf::text
