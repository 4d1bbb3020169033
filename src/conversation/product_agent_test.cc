#include "conversation/product_agent.h"

#include "gtest/gtest.h"

namespace leafloaf::conversation {
namespace {

using Kind = agents::Reference::Kind;

TEST(ResolveReferenceTest, OrdinalsIndexTheLastListAndPronounsTheFocus) {
  Session s;
  s.shown = {{"P1", "Milk"}, {"P2", "Oat milk"}, {"P3", "Soy milk"}};
  s.focus = {"P9", "Eggs"};
  EXPECT_EQ(ResolveReference(s, {Kind::kOrdinal, 2})->product_id, "P2");
  EXPECT_EQ(ResolveReference(s, {Kind::kOrdinal, -1})->product_id, "P3");
  EXPECT_FALSE(ResolveReference(s, {Kind::kOrdinal, 4}).has_value());
  EXPECT_FALSE(ResolveReference(s, {Kind::kOrdinal, 0}).has_value());
  EXPECT_EQ(ResolveReference(s, {Kind::kLastMentioned, 0})->product_id, "P9");
  EXPECT_FALSE(ResolveReference(s, {}).has_value());
  EXPECT_FALSE(ResolveReference(Session{}, {Kind::kLastMentioned, 0}).has_value());
}

TEST(MatchCartLineTest, PicksTheLineSharingMostWords) {
  std::vector<CartLine> lines(3);
  lines[0].product.external_id = "P1";
  lines[0].product.name = "Organic Whole Milk, 1 gal";
  lines[1].product.external_id = "P2";
  lines[1].product.name = "Large Brown Eggs, 12 ct";
  lines[2].product.external_id = "P3";
  lines[2].product.name = "Oat Milk";
  lines[2].product.brand = "Oatly";
  EXPECT_EQ(MatchCartLine(lines, "the eggs")->product_id, "P2");
  EXPECT_EQ(MatchCartLine(lines, "egg")->product_id, "P2");
  EXPECT_EQ(MatchCartLine(lines, "oatly oat milk")->product_id, "P3");
  EXPECT_EQ(MatchCartLine(lines, "whole milk")->product_id, "P1");
  EXPECT_FALSE(MatchCartLine(lines, "bananas").has_value());
  EXPECT_FALSE(MatchCartLine({}, "milk").has_value());
}

Product Sold(double size, std::string unit) {
  Product p;
  p.size = size;
  p.unit = std::move(unit);
  return p;
}

TEST(PackQuantityTest, SpokenAmountsBecomePackages) {
  EXPECT_EQ(PackQuantity(12, "", Sold(12, "ct")), 1);       // a dozen eggs
  EXPECT_EQ(PackQuantity(24, "", Sold(12, "ct")), 2);
  EXPECT_EQ(PackQuantity(3, "", Sold(12, "ct")), 3);        // 3 cartons
  EXPECT_EQ(PackQuantity(2, "gallon", Sold(1, "gal")), 2);
  EXPECT_EQ(PackQuantity(1, "gallon", Sold(0.5, "gal")), 2);
  EXPECT_EQ(PackQuantity(0.5, "gallon", Sold(0.5, "gal")), 1);
  EXPECT_EQ(PackQuantity(0.25, "gallon", Sold(1, "gal")), 1);  // at least one
  EXPECT_EQ(PackQuantity(3, "lb", Sold(1, "lb")), 3);
  EXPECT_EQ(PackQuantity(2, "can", Sold(15, "oz")), 2);      // cans are packages
  EXPECT_EQ(PackQuantity(2, "gallon", Sold(16, "oz")), 2);   // unknown conversion: as said
  EXPECT_EQ(PackQuantity(2, "", Sold(1, "lb")), 2);
}

}  // namespace
}  // namespace leafloaf::conversation
