#include "http/principal.h"

#include "gtest/gtest.h"

namespace leafloaf::http {
namespace {

TEST(PrincipalTest, OnlyABoundShopperKeyIsLimitedToItsUser) {
  const Principal bound{.shop_id = "s", .role = Role::kShopper, .user_id = "U1"};
  EXPECT_TRUE(MayActAs(bound, "U1"));
  EXPECT_FALSE(MayActAs(bound, "U2"));
  EXPECT_FALSE(MayActAs(bound, ""));
  const Principal unbound{.shop_id = "s", .role = Role::kShopper};
  EXPECT_TRUE(MayActAs(unbound, "U2"));
  for (Role staff : {Role::kMerchant, Role::kAdmin}) {
    EXPECT_TRUE(MayActAs(Principal{.shop_id = "s", .role = staff, .user_id = "U1"}, "U2"));
  }
}

}  // namespace
}  // namespace leafloaf::http
