#include "text/synonyms.h"

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace leafloaf::text {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kExample = R"(
synonyms:
  - [soda, pop]
  - [garbanzo, chickpea, chick pea]
  - [ice cream, gelato]
  - {from: [pop], to: [soda]}
  - {from: fizzy drink, to: [soda, sparkling water]}
)";

TEST(SynonymsTest, ParsesGroupsAndOneWayRules) {
  absl::StatusOr<Synonyms> synonyms = Synonyms::Parse(kExample);
  ASSERT_TRUE(synonyms.ok()) << synonyms.status();
  const auto& rules = synonyms->rules();
  ASSERT_EQ(rules.size(), 5u);
  EXPECT_THAT(rules[0].from, ElementsAre("soda", "pop"));
  EXPECT_TRUE(rules[0].two_way);
  EXPECT_THAT(rules[1].from, ElementsAre("garbanzo", "chickpea", "chick pea"));
  EXPECT_FALSE(rules[3].two_way);
  EXPECT_THAT(rules[3].from, ElementsAre("pop"));
  EXPECT_THAT(rules[3].to, ElementsAre("soda"));
  EXPECT_THAT(rules[4].from, ElementsAre("fizzy drink"));
  EXPECT_THAT(rules[4].to, ElementsAre("soda", "sparkling water"));
}

TEST(SynonymsTest, EmptyFilesHaveNoRules) {
  for (const char* yaml : {"", "# only a comment\n", "synonyms:\n", "synonyms: []\n"}) {
    absl::StatusOr<Synonyms> synonyms = Synonyms::Parse(yaml);
    ASSERT_TRUE(synonyms.ok()) << yaml << ": " << synonyms.status();
    EXPECT_TRUE(synonyms->empty());
  }
}

TEST(SynonymsTest, ScalarsThatLookLikeNumbersArePhrases) {
  absl::StatusOr<Synonyms> synonyms = Synonyms::Parse("synonyms: [[7up, seven up], [2, two]]");
  ASSERT_TRUE(synonyms.ok()) << synonyms.status();
  EXPECT_THAT(synonyms->rules()[1].from, ElementsAre("2", "two"));
}

void ExpectInvalid(const std::string& yaml, const std::string& message_part) {
  absl::StatusOr<Synonyms> synonyms = Synonyms::Parse(yaml);
  ASSERT_FALSE(synonyms.ok()) << yaml;
  EXPECT_EQ(synonyms.status().code(), absl::StatusCode::kInvalidArgument) << yaml;
  EXPECT_THAT(synonyms.status().message(), HasSubstr(message_part)) << yaml;
}

TEST(SynonymsTest, MalformedYamlIsAnErrorNotAnException) {
  ExpectInvalid("synonyms: [[soda, pop]", "synonyms line 1");
  ExpectInvalid("synonyms:\n  - [a, b]\n - c: [", "line");
  ExpectInvalid("{{{{", "synonyms");
  ExpectInvalid("synonyms: [a, b]\nsynonyms: [c]\n", "synonyms");
}

TEST(SynonymsTest, RejectsWrongShapesWithTheLine) {
  ExpectInvalid("- [soda, pop]\n", "expected a map with a `synonyms` list");
  ExpectInvalid("synonym:\n  - [soda, pop]\n", "unknown key");
  ExpectInvalid("synonyms: soda\n", "must be a list of rules");
  ExpectInvalid("synonyms:\n  - [soda, pop]\n  - [soda]\n",
                "synonyms line 3: a synonym group needs at least two");
  ExpectInvalid("synonyms:\n  - soda\n", "a synonym rule is a list of phrases");
  ExpectInvalid("synonyms:\n  - [soda, [pop]]\n", "must be plain text");
  ExpectInvalid("synonyms:\n  - [soda, ~]\n", "must be plain text");
  ExpectInvalid("synonyms:\n  - {from: [pop]}\n", "needs `from` and `to`");
  ExpectInvalid("synonyms:\n  - {from: [pop], to: [soda], also: [x]}\n", "only `from` and `to`");
  ExpectInvalid("synonyms:\n  - {from: [], to: [soda]}\n", "needs phrases");
}

TEST(SynonymsTest, RejectsBadPhrases) {
  ExpectInvalid("synonyms: [[soda, '']]", "has no words");
  ExpectInvalid("synonyms: [[soda, '***']]", "has no words");
  ExpectInvalid("synonyms: [[soda, one two three four five six seven]]", "more than 6 words");
  ExpectInvalid("synonyms: [[soda, " + std::string(201, 'x') + "]]", "longer than 200 bytes");
  EXPECT_THAT(ValidateSynonymPhrase("so\xFF"
                                    "da")
                  .message(),
              HasSubstr("not valid UTF-8"));
  // Raw invalid bytes in the file: yaml-cpp decides, but nothing throws.
  (void)Synonyms::Parse("synonyms: [[soda, \"p\xFFop\"]]");
}

TEST(SynonymsTest, AddAndMerge) {
  Synonyms base;
  ASSERT_TRUE(base.AddGroup({"soda", "pop"}).ok());
  EXPECT_EQ(base.AddGroup({"soda"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(base.AddOneWay({"pop"}, {}).code(), absl::StatusCode::kInvalidArgument);
  Synonyms shop;
  ASSERT_TRUE(shop.AddOneWay({"pop"}, {"cola"}).ok());
  ASSERT_TRUE(base.Merge(shop).ok());
  EXPECT_EQ(base.rules().size(), 2u);
}

TEST(SynonymsTest, LoadReadsAFileAndNamesItInErrors) {
  leafloaf::testing::TempDir dir;
  const std::string good = dir.File("good.yaml");
  std::ofstream(good) << kExample;
  absl::StatusOr<Synonyms> synonyms = Synonyms::Load(good);
  ASSERT_TRUE(synonyms.ok()) << synonyms.status();
  EXPECT_EQ(synonyms->rules().size(), 5u);

  const std::string bad = dir.File("bad.yaml");
  std::ofstream(bad) << "synonyms:\n  - [soda]\n";
  synonyms = Synonyms::Load(bad);
  ASSERT_FALSE(synonyms.ok());
  EXPECT_EQ(synonyms.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(synonyms.status().message(), HasSubstr(bad + ": synonyms line 2"));

  synonyms = Synonyms::Load(dir.File("missing.yaml"));
  EXPECT_EQ(synonyms.status().code(), absl::StatusCode::kNotFound);
}

TEST(SynonymsTest, RefusesHugeFiles) {
  std::string yaml = "synonyms:\n" + std::string(Synonyms::kMaxFileBytes, '#');
  ExpectInvalid(yaml, "larger than");
}

}  // namespace
}  // namespace leafloaf::text
