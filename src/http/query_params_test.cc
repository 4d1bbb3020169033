#include "http/query_params.h"

#include "gtest/gtest.h"

namespace leafloaf::http {
namespace {

TEST(DietaryBodyFieldTest, ListOrCommaStringGivesSortedCanonicalTags) {
  auto list = DietaryBodyField(nlohmann::json{{"d", {"Vegan", "gluten free", "vegan"}}}, "d");
  ASSERT_TRUE(list.ok()) << list.status();
  auto text = DietaryBodyField(nlohmann::json{{"d", "gluten-free, vegan"}}, "d");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*list, *text);
  EXPECT_EQ(list->size(), 2u);
}

TEST(DietaryBodyFieldTest, AbsentIsEmpty) {
  auto none = DietaryBodyField(nlohmann::json::object(), "d");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(DietaryBodyFieldTest, UnknownTagOrWrongTypeIsInvalid) {
  auto unknown = DietaryBodyField(nlohmann::json{{"d", {"vegan", "carnivore"}}}, "d");
  ASSERT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("unknown dietary tag in d: carnivore"), std::string::npos);
  EXPECT_EQ(DietaryBodyField(nlohmann::json{{"d", 7}}, "d").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf::http
