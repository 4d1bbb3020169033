#include "search/highlighter.h"

#include "gtest/gtest.h"

namespace leafloaf::search {
namespace {

class HighlighterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = text::Analyzer::Create({});
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = std::move(*analyzer);
  }
  // The name's terms as the index stores them: one per analyzed token.
  std::vector<TermId> Terms(std::string_view name) {
    std::vector<TermId> terms;
    for (const text::Token& t : analyzer_->AnalyzeField(name)) terms.push_back(dictionary_.Intern(t.term));
    return terms;
  }
  std::vector<TermId> Matched(std::initializer_list<std::string_view> stems) {
    std::vector<TermId> ids;
    for (std::string_view s : stems) ids.push_back(dictionary_.Intern(std::string(s)));
    return ids;
  }
  std::unique_ptr<text::Analyzer> analyzer_;
  TermDictionary dictionary_;
};

TEST_F(HighlighterTest, IndexedNameMarksWhatTheAnalyzedFieldMarks) {
  const std::vector<std::string> names = {
      "Oat Milk Original", "Crème Brûlée <Vanilla> & \"Caramel\"", "Whole Milk, 12oz (2-pack)",
      "Tomatoes", "  milk  milk ", "Ünïcödé Milch & Milk"};
  for (const std::string& name : names) {
    const std::vector<TermId> terms = Terms(name);
    const std::vector<TermId> matched = Matched({"milk", "tomato", "creme", "vanilla", "12"});
    const Highlight fast = HighlightIndexedName(name, terms, *analyzer_, dictionary_, matched);
    const Highlight full = HighlightField("name", name, *analyzer_, dictionary_, matched);
    EXPECT_EQ(fast.field, "name");
    EXPECT_EQ(fast.snippet, full.snippet) << name;
    EXPECT_EQ(fast.matched_tokens, full.matched_tokens) << name;
  }
  const std::string name = "Oat Milk Original";
  EXPECT_EQ(HighlightIndexedName(name, Terms(name), *analyzer_, dictionary_, Matched({"milk"})).snippet,
            "Oat <mark>Milk</mark> Original");
}

TEST_F(HighlighterTest, IndexedNameWithoutMatchIsEscapedOnly) {
  const std::string name = "Salt & Pepper <Chips>";
  const Highlight h = HighlightIndexedName(name, Terms(name), *analyzer_, dictionary_, Matched({"milk"}));
  EXPECT_EQ(h.snippet, "Salt &amp; Pepper &lt;Chips&gt;");
  EXPECT_TRUE(h.matched_tokens.empty());
}

TEST_F(HighlighterTest, IndexedNameFallsBackWhenTermsDoNotLineUp) {
  // Terms of another text: the analyzer decides instead.
  const std::string name = "Oat Milk Original";
  const std::vector<TermId> wrong = Terms("Milk");
  const Highlight h = HighlightIndexedName(name, wrong, *analyzer_, dictionary_, Matched({"milk"}));
  EXPECT_EQ(h.snippet, "Oat <mark>Milk</mark> Original");
}

}  // namespace
}  // namespace leafloaf::search
