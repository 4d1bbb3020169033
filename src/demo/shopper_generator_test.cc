#include "demo/shopper_generator.h"

#include <map>
#include <set>

#include "absl/strings/str_format.h"
#include "demo/demo_test_data.h"
#include "demo/diet.h"
#include "demo/product_choice.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

class ShopperGeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::StatusOr<DemoData>& data = DefaultDemoData();
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = &*data;
  }
  const DemoCatalog& catalog() const { return data_->catalog; }
  const ShopperPopulation& population() const { return data_->population; }

  const DemoData* data_ = nullptr;
};

TEST_F(ShopperGeneratorTest, CreatesShoppersInHouseholds) {
  const ShopperPopulation& people = population();
  ASSERT_EQ(people.users.size(), 1000u);
  ASSERT_EQ(people.profiles.size(), 1000u);
  EXPECT_LT(people.households.size(), people.users.size());
  EXPECT_GT(people.households.size(), 700u);
  std::map<std::string, const Household*> households;
  std::set<int> sizes;
  for (const Household& h : people.households) {
    EXPECT_GE(h.size, 1);
    EXPECT_LE(h.size, 6);
    EXPECT_GE(h.kids, 0);
    EXPECT_LT(h.kids, h.size);
    EXPECT_TRUE(nlohmann::json::parse(h.attributes, nullptr, false).is_object()) << h.attributes;
    sizes.insert(h.size);
    households[h.external_id] = &h;
  }
  EXPECT_EQ(sizes.size(), 6u);
  for (size_t i = 0; i < people.users.size(); ++i) {
    const User& user = people.users[i];
    EXPECT_EQ(user.external_id, absl::StrFormat("U%04d", i + 1));
    ASSERT_TRUE(households.count(user.household_external_id)) << user.household_external_id;
    EXPECT_EQ(households[user.household_external_id]->size, people.profiles[i].household_size);
    EXPECT_LT(user.created_at, data_->period_end);
  }
}

TEST_F(ShopperGeneratorTest, UserAttributesDeclareTheProfile) {
  for (size_t i = 0; i < population().users.size(); ++i) {
    const ShopperProfile& profile = population().profiles[i];
    nlohmann::json json = nlohmann::json::parse(population().users[i].attributes);
    EXPECT_EQ(json["dietary"].get<std::vector<std::string>>(),
              RestrictionNames(profile.restrictions));
    EXPECT_DOUBLE_EQ(json["price_sensitivity"].get<double>(), profile.price_sensitivity);
    EXPECT_GE(profile.price_sensitivity, 0);
    EXPECT_LE(profile.price_sensitivity, 1);
    EXPECT_EQ(json["trip_interval_days"].get<int>(), profile.trip_interval_days);
    ASSERT_EQ(json["staples"].size(), profile.staples.size());
    for (size_t s = 0; s < profile.staples.size(); ++s) {
      const Staple& staple = profile.staples[s];
      EXPECT_EQ(json["staples"][s]["product_id"], catalog().products[staple.product].external_id);
      EXPECT_EQ(json["staples"][s]["cycle_days"], staple.cycle_days);
      EXPECT_GE(staple.cycle_days, profile.trip_interval_days);
      EXPECT_GE(staple.quantity, 1);
    }
  }
}

TEST_F(ShopperGeneratorTest, StaplesFitDietAndHousehold) {
  for (const ShopperProfile& profile : population().profiles) {
    EXPECT_GE(profile.staples.size(), 5u);
    for (const Staple& staple : profile.staples) {
      EXPECT_TRUE(ShopperMayBuy(catalog(), profile, staple.product))
          << catalog().products[staple.product].name;
      EXPECT_TRUE(profile.Needs(catalog().info[staple.product].needs))
          << catalog().products[staple.product].name;
      EXPECT_EQ(catalog().info[staple.product].season_months, 0u);
    }
  }
}

TEST_F(ShopperGeneratorTest, EveryRestrictionAndPreferenceOccurs) {
  std::map<uint32_t, int> restricted;
  int organic = 0, sensitive = 0, insensitive = 0;
  for (const ShopperProfile& profile : population().profiles) {
    for (int bit = 0; bit < kRestrictionCount; ++bit)
      restricted[1u << bit] += (profile.restrictions >> bit) & 1;
    organic += profile.Prefers("organic");
    sensitive += profile.price_sensitivity >= 0.7;
    insensitive += profile.price_sensitivity <= 0.3;
  }
  for (const auto& [bit, count] : restricted) EXPECT_GE(count, 10) << RestrictionName(bit);
  EXPECT_GE(restricted[kVegan], 30);
  EXPECT_GE(organic, 80);
  EXPECT_GE(sensitive, 100);
  EXPECT_GE(insensitive, 50);
}

TEST_F(ShopperGeneratorTest, DairyAvoidersBuyPlantMilk) {
  int avoiders = 0, with_plant_milk = 0, others = 0, others_with_dairy_milk = 0;
  for (const ShopperProfile& profile : population().profiles) {
    bool plant = false, dairy = false;
    for (const Staple& staple : profile.staples) {
      const std::string& category = catalog().products[staple.product].category;
      plant |= category == "Plant-Based & Dairy Alternatives > Plant-Based Milk";
      dairy |= category == "Dairy & Eggs > Milk";
    }
    if (profile.restrictions & (kVegan | kDairyFree)) {
      ++avoiders;
      with_plant_milk += plant;
      EXPECT_FALSE(dairy);
    } else if (!(profile.restrictions & kLactoseFree)) {
      ++others;
      others_with_dairy_milk += dairy;
    }
  }
  EXPECT_GE(with_plant_milk * 2, avoiders) << with_plant_milk << " of " << avoiders;
  EXPECT_GE(others_with_dairy_milk * 4, others) << others_with_dairy_milk << " of " << others;
}

}  // namespace
}  // namespace leafloaf::demo
