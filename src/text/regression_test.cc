// Inputs that once broke, or could break, the analyzer: crashes found by
// analyzer_fuzzer / synonyms_fuzzer are added here (scripts/fuzz text,
// scripts/fuzz synonyms). Each must analyze without crashing and keep the
// token invariants the fuzzer checks.
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "text/analyzer.h"

namespace leafloaf::text {
namespace {

void ExpectWellFormed(const Analyzer& analyzer, const std::string& input) {
  std::vector<Token> tokens = analyzer.AnalyzeField(input);
  uint32_t last_begin = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    EXPECT_FALSE(t.term.empty());
    EXPECT_FALSE(t.surface.empty());
    EXPECT_LT(t.begin, t.end);
    EXPECT_LE(t.end, input.size());
    EXPECT_GE(t.begin, last_begin);
    EXPECT_EQ(t.position, i);
    last_begin = t.begin;
  }
  (void)analyzer.AnalyzeQuery(input);
}

TEST(RegressionTest, AdversarialInputs) {
  auto analyzer = Analyzer::Create({});
  ASSERT_TRUE(analyzer.ok());
  const std::vector<std::string> inputs = {
      std::string(1, '\0'),
      std::string("\0a\0b", 4),
      "\xC0\x80",              // overlong NUL
      "\xED\xBF\xBF",          // surrogate
      "\xF8\x88\x80\x80\x80",  // 5-byte form
      "\xEF\xB7\xBA",          // U+FDFA, 18-code-point decomposition
      "\xEF\xB7\xBA\xEF\xB7\xBA a",
      std::string(300, '\xCC'),  // lone lead bytes
      "a" + std::string(100, '\xCC') + std::string(100, '\x81'),
      "e\u0301\u0301\u0301\u0301\u0301\u0301",
      "\u0301start",  // a mark with nothing before it
      "1" + std::string(80, '9') + ",999.5/7",
      "'s 's' &&& ''' &a a& ,000 .5. /1/",
      "\u00BD\u00BD\u2153\u2044\u2044",
      "\u1100\u1161\u11A8",  // conjoining jamo -> one syllable
      std::string(5000, 'x') + "'s",
  };
  for (const std::string& input : inputs) ExpectWellFormed(**analyzer, input);
}

}  // namespace
}  // namespace leafloaf::text

namespace leafloaf::text {
namespace {

// A multi-megabyte field is analyzed whole, and the per-thread buffers do
// not keep its size afterwards (nothing to assert on that but no crash).
TEST(RegressionTest, LargeFieldIsAnalyzedWhole) {
  auto analyzer = Analyzer::Create({});
  ASSERT_TRUE(analyzer.ok());
  std::string text;
  for (int i = 0; i < 200'000; ++i) text += "milk ";
  std::vector<Token> tokens = (*analyzer)->AnalyzeField(text);
  ASSERT_EQ(tokens.size(), 200'000u);
  EXPECT_EQ(tokens.back().position, 199'999u);
  EXPECT_EQ(tokens.back().begin, text.size() - 5);
  EXPECT_EQ((*analyzer)->AnalyzeField("eggs").size(), 1u);
}

// yaml-cpp recurses per nesting level; deep input must be an error, not a
// stack overflow.
TEST(RegressionTest, DeeplyNestedSynonymYaml) {
  for (size_t depth : {100u, 10'000u, 100'000u}) {
    std::string flow = "synonyms: " + std::string(depth, '[') + std::string(depth, ']');
    EXPECT_EQ(Synonyms::Parse(flow).status().code(), absl::StatusCode::kInvalidArgument) << depth;
    std::string maps = "synonyms: " + std::string(depth, '{');
    EXPECT_EQ(Synonyms::Parse(maps).status().code(), absl::StatusCode::kInvalidArgument) << depth;
    std::string block = "synonyms:\n";
    for (size_t i = 0; i < std::min<size_t>(depth, 300); ++i) {
      block += std::string(2 * i, ' ') + "-\n";
    }
    EXPECT_EQ(Synonyms::Parse(block).status().code(), absl::StatusCode::kInvalidArgument) << depth;
  }
}

}  // namespace
}  // namespace leafloaf::text
