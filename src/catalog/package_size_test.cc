#include "catalog/package_size.h"

#include "gtest/gtest.h"

namespace leafloaf {
namespace {

// Checks amount (to 1e-9) and unit of a parsed size.
void ExpectSize(std::string_view text, double amount, std::string_view unit) {
  absl::StatusOr<PackageSize> size = ParsePackageSize(text);
  ASSERT_TRUE(size.ok()) << text << ": " << size.status();
  EXPECT_NEAR(size->amount, amount, 1e-9) << text;
  EXPECT_EQ(size->unit, unit) << text;
}

TEST(PackageSizeTest, ParsesTheBriefsExamples) {
  ExpectSize("22 LB", 22, "lb");
  ExpectSize("1/2 GAL", 0.5, "gal");
  ExpectSize("12 OZ", 12, "oz");
  ExpectSize("6 CT", 6, "ct");
  ExpectSize("500 g", 500, "g");
  ExpectSize("1.5 lb", 1.5, "lb");
  ExpectSize("64 fl oz", 64, "fl oz");
}

TEST(PackageSizeTest, ParsesEveryCanonicalUnit) {
  ExpectSize("2 kg", 2, "kg");
  ExpectSize("750 ML", 750, "ml");
  ExpectSize("2 L", 2, "l");
  ExpectSize("1 QT", 1, "qt");
  ExpectSize("1 PT", 1, "pt");
  ExpectSize("6 PK", 6, "pk");
  ExpectSize("12 FL OZ", 12, "fl oz");
  ExpectSize("16.9 fluid ounces", 16.9, "fl oz");
}

TEST(PackageSizeTest, ToleratesSpacingCaseAndSpelling) {
  ExpectSize("16OZ", 16, "oz");
  ExpectSize("1.5l", 1.5, "l");
  ExpectSize("  12    OZ ", 12, "oz");
  ExpectSize("P    16 OZ", 16, "oz");
  ExpectSize("2 L*", 2, "l");
  ExpectSize("2 LBS", 2, "lb");
  ExpectSize("3 Pounds", 3, "lb");
  ExpectSize("17.5 Z", 17.5, "oz");
  ExpectSize("1 GA", 1, "gal");
  ExpectSize("12 OZ BTL", 12, "oz");
  ExpectSize("2.7 OZ(6)", 2.7, "oz");
  ExpectSize("1 DZ", 12, "ct");
}

TEST(PackageSizeTest, MixedNumbersAndFractions) {
  ExpectSize("10 3/4 OZ", 10.75, "oz");
  ExpectSize("1 1/8 OZ", 1.125, "oz");
  ExpectSize("1 LB 2 OZ", 1.125, "lb");
}

TEST(PackageSizeTest, MultipacksKeepThePerUnitMeasure) {
  ExpectSize("12/12 OZ", 12, "oz");
  ExpectSize("10/6.75 OZ", 6.75, "oz");
  ExpectSize("6 PK/12 OZ", 12, "oz");
  ExpectSize("12 OZ/6 PK", 12, "oz");
  ExpectSize("10 CT/17.5 Z", 17.5, "oz");
  ExpectSize("6-12 OZ", 12, "oz");
}

TEST(PackageSizeTest, BareUnitMeansOne) {
  ExpectSize("GAL", 1, "gal");
  ExpectSize("PT", 1, "pt");
  ExpectSize("QT", 1, "qt");
}

TEST(PackageSizeTest, RejectsTextWithoutAKnownUnit) {
  for (std::string_view text :
       {"", "LARGE", "8 X10 IN", "20 SQ FT", "3 LOADS", "L", "12", "26 REC", "0 OZ"}) {
    absl::StatusOr<PackageSize> size = ParsePackageSize(text);
    EXPECT_EQ(size.status().code(), absl::StatusCode::kInvalidArgument) << "'" << text << "'";
  }
}

// Inputs the values fuzzer (src/common/values_fuzzer.cc) found: huge
// numbers once reached an undefined double -> int64 conversion.
TEST(PackageSizeTest, FuzzerFoundInputsParseWithoutUndefinedBehavior) {
  ExpectSize("12 G2A1/2 G22/A G2A1/200000000000000000000 G2A", 12, "g");
  EXPECT_FALSE(ParsePackageSize("60/44444444111111111111199fl:").ok());
  EXPECT_FALSE(ParsePackageSize("1/99999999999999999999999 oz").ok());
}

}  // namespace
}  // namespace leafloaf
