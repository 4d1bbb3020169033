#include "demo/line_spec.h"

#include "demo/diet.h"
#include "gtest/gtest.h"

namespace leafloaf::demo {
namespace {

TEST(LineSpecTest, ParsesTraitTokens) {
  absl::StatusOr<Traits> traits =
      ParseTraits("vegan, +milk, -gluten, x1.45, premium, core, flavor=spicy, season=fall, qty=3");
  ASSERT_TRUE(traits.ok()) << traits.status();
  EXPECT_EQ(traits->tags, std::vector<std::string>{"vegan"});
  EXPECT_EQ(traits->add_contains, kMilk);
  EXPECT_EQ(traits->remove_contains, kGluten);
  EXPECT_DOUBLE_EQ(traits->price_factor, 1.45);
  EXPECT_EQ(traits->tier, Tier::kPremium);
  EXPECT_TRUE(traits->core);
  EXPECT_EQ(traits->flavor, "spicy");
  EXPECT_EQ(traits->season, "fall");
  EXPECT_EQ(traits->season_months, (1u << 8) | (1u << 9) | (1u << 10));
  EXPECT_EQ(traits->quantity, 3);
}

TEST(LineSpecTest, RejectsUnknownTokens) {
  EXPECT_EQ(ParseTraits("paleo").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTraits("+sesame").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTraits("season=monsoon").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTraits("color=red").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LineSpecTest, ParsesSizesWithCanonicalUnits) {
  absl::StatusOr<SizeOption> half = ParseSize("1/2 gal");
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_DOUBLE_EQ(half->amount, 0.5);
  EXPECT_EQ(half->unit, "gal");
  EXPECT_DOUBLE_EQ(half->base_quantity, 64);
  absl::StatusOr<SizeOption> pack = ParseSize("12 pk (12 fl oz cans)[x0.5]");
  ASSERT_TRUE(pack.ok()) << pack.status();
  EXPECT_EQ(pack->unit, "pk");
  EXPECT_EQ(pack->label, "12 pk (12 fl oz cans)");
  EXPECT_DOUBLE_EQ(pack->traits.price_factor, 0.5);
  absl::StatusOr<SizeOption> fluid = ParseSize("25.4 fl oz");
  ASSERT_TRUE(fluid.ok());
  EXPECT_EQ(fluid->unit, "fl oz");
  EXPECT_EQ(fluid->dimension, Dimension::kVolume);
  EXPECT_EQ(ParseSize("1 bushel").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseSize("gal").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LineSpecTest, ResolvesStoreBrandsAndVariantLimits) {
  LineSpec spec{"Dairy & Eggs > Milk",
                "{v} Milk",
                "Whole|Chocolate[only=@]",
                "@|@@|Darigold[premium]|-",
                "1 gal|1/2 gal",
                429,
                "+milk",
                7,
                70,
                "Milk."};
  absl::StatusOr<ProductLine> line = ParseLine(spec, 3);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->index, 3);
  EXPECT_EQ(line->category(), "Dairy & Eggs > Milk");
  ASSERT_EQ(line->brands.size(), 4u);
  EXPECT_EQ(line->brands[0].name, kStoreBrand);
  EXPECT_EQ(line->brands[0].traits.tier, Tier::kStore);
  EXPECT_EQ(line->brands[1].name, kStoreOrganicBrand);
  EXPECT_EQ(line->brands[1].traits.tags, std::vector<std::string>{"organic"});
  EXPECT_EQ(line->brands[2].traits.tier, Tier::kPremium);
  EXPECT_EQ(line->brands[3].name, "");
  EXPECT_EQ(line->variants[1].traits.only, std::vector<std::string>{std::string(kStoreBrand)});
}

TEST(LineSpecTest, MergeLetsLaterTraitsRemoveContents) {
  Traits line = *ParseTraits("vegetarian,+milk,+gluten");
  Traits variant = *ParseTraits("-milk,vegan,x2");
  Traits merged = MergeTraits(line, variant);
  EXPECT_EQ(merged.add_contains, kGluten);
  EXPECT_DOUBLE_EQ(merged.price_factor, 2);
  std::vector<std::string> tags = merged.tags;
  ReconcileTags(merged.add_contains, tags);
  EXPECT_EQ(tags, (std::vector<std::string>{"vegan", "vegetarian"}));
}

}  // namespace
}  // namespace leafloaf::demo
