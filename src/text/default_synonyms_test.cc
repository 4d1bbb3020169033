// The shipped config/synonyms.yaml parses and gives the groups the issue
// asks for.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/analyzer.h"

namespace leafloaf::text {
namespace {

using ::testing::Contains;

class DefaultSynonymsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Synonyms> synonyms =
        Synonyms::Load(std::string(LEAFLOAF_SOURCE_DIR) + "/config/synonyms.yaml");
    ASSERT_TRUE(synonyms.ok()) << synonyms.status();
    rule_count_ = synonyms->rules().size();
    auto analyzer = Analyzer::Create({}, *std::move(synonyms));
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = *std::move(analyzer);
  }

  // Alternatives of the analyzed query `phrase`, taken as one key.
  std::vector<std::string> Of(std::string_view phrase) {
    auto tokens = analyzer_->AnalyzeQuery(phrase);
    EXPECT_TRUE(tokens.ok());
    std::string key;
    for (const Token& t : *tokens) key += (key.empty() ? "" : " ") + t.term;
    return analyzer_->SynonymsOf(key);
  }
  std::string Key(std::string_view phrase) {
    auto tokens = analyzer_->AnalyzeQuery(phrase);
    std::string key;
    for (const Token& t : *tokens) key += (key.empty() ? "" : " ") + t.term;
    return key;
  }

  size_t rule_count_ = 0;
  std::unique_ptr<Analyzer> analyzer_;
};

TEST_F(DefaultSynonymsTest, HasThirtyOrMoreGroups) { EXPECT_GE(rule_count_, 30u); }

TEST_F(DefaultSynonymsTest, GivesTheGroceryGroups) {
  EXPECT_THAT(Of("soda"), Contains(Key("pop")));
  EXPECT_THAT(Of("pop"), Contains(Key("soda")));
  EXPECT_THAT(Of("garbanzo"), Contains(Key("chickpea")));
  EXPECT_THAT(Of("chickpeas"), Contains(Key("garbanzo")));
  EXPECT_THAT(Of("yoghurt"), Contains(Key("yogurt")));
  EXPECT_THAT(Of("cilantro"), Contains(Key("coriander")));
  EXPECT_THAT(Of("zucchini"), Contains(Key("courgette")));
  EXPECT_THAT(Of("eggplants"), Contains(Key("aubergine")));
  EXPECT_THAT(Of("scallions"), Contains(Key("green onion")));
  EXPECT_THAT(Of("green onions"), Contains(Key("scallion")));
  EXPECT_THAT(Of("ice cream"), Contains(Key("gelato")));
}

TEST_F(DefaultSynonymsTest, OneWayRulesDoNotReverse) {
  EXPECT_THAT(Of("biscuits"), Contains(Key("cookie")));
  EXPECT_TRUE(Of("cookies").empty());
}

}  // namespace
}  // namespace leafloaf::text
