#include "demo/order_simulator.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "demo/demo_test_data.h"
#include "demo/diet.h"
#include "demo/product_choice.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

class OrderSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::StatusOr<DemoData>& data = DefaultDemoData();
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = &*data;
    // Lines of each order: [begin, end) into history.lines.
    size_t line = 0;
    for (const Order& order : history().orders) {
      size_t begin = line;
      while (line < history().lines.size() &&
             history().lines[line].order_external_id == order.external_id) {
        ++line;
      }
      ranges_.push_back({begin, line});
    }
    ASSERT_EQ(line, history().lines.size()) << "lines are grouped by order, in order";
  }
  const DemoCatalog& catalog() const { return data_->catalog; }
  const OrderHistory& history() const { return data_->history; }
  const ShopperProfile& shopper_of(size_t order) const {
    return data_->population.profiles[history().order_user[order]];
  }
  int DayOf(size_t order) const {
    return static_cast<int>((history().orders[order].placed_at - data_->period_start) /
                            kMicrosPerDay);
  }

  const DemoData* data_ = nullptr;
  std::vector<std::pair<size_t, size_t>> ranges_;
};

TEST_F(OrderSimulatorTest, SixMonthsOfOrdersInTimeOrder) {
  const OrderHistory& h = history();
  EXPECT_GE(h.orders.size(), 15000u);
  EXPECT_LE(h.orders.size(), 25000u);
  EXPECT_GE(h.lines.size(), 8 * h.orders.size());
  EXPECT_LE(h.lines.size(), 20 * h.orders.size());
  std::set<std::string> users;
  for (size_t i = 0; i < h.orders.size(); ++i) {
    const Order& order = h.orders[i];
    EXPECT_EQ(order.external_id, absl::StrFormat("O%06d", i + 1));
    EXPECT_GE(order.placed_at, data_->period_start);
    EXPECT_LT(order.placed_at, data_->period_end);
    if (i > 0) {
      EXPECT_GE(order.placed_at, h.orders[i - 1].placed_at);
    }
    EXPECT_EQ(order.user_external_id, data_->population.users[h.order_user[i]].external_id);
    EXPECT_GT(ranges_[i].second, ranges_[i].first) << order.external_id << " has no lines";
    users.insert(order.user_external_id);
  }
  EXPECT_EQ(users.size(), data_->population.users.size());
  EXPECT_EQ(FormatIsoTime(data_->period_start), "2026-05-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(data_->period_end), "2026-11-01T00:00:00Z");
}

TEST_F(OrderSimulatorTest, LinesReferenceExistingProductsOncePerOrder) {
  std::map<std::string, int> product_index;
  for (size_t i = 0; i < catalog().products.size(); ++i) {
    product_index[catalog().products[i].external_id] = static_cast<int>(i);
  }
  for (size_t order = 0; order < ranges_.size(); ++order) {
    std::set<std::string> seen;
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      const OrderLine& line = history().lines[i];
      auto found = product_index.find(line.product_external_id);
      ASSERT_NE(found, product_index.end()) << line.product_external_id;
      EXPECT_EQ(found->second, history().line_product[i]);
      EXPECT_TRUE(seen.insert(line.product_external_id).second) << "duplicate line";
      EXPECT_GE(line.quantity, 1);
      const Cents price = catalog().products[found->second].price_cents;
      EXPECT_LE(line.unit_price_cents, price);
      EXPECT_GE(line.unit_price_cents, price * 96 / 100);
      EXPECT_GE(line.discount_cents, 0);
      EXPECT_LT(line.discount_cents, line.unit_price_cents * line.quantity);
    }
  }
}

TEST_F(OrderSimulatorTest, VeganShoppersNeverBuyDairy) {
  int vegan_lines = 0;
  for (size_t order = 0; order < ranges_.size(); ++order) {
    if (!(shopper_of(order).restrictions & kVegan)) continue;
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      int product = history().line_product[i];
      ++vegan_lines;
      EXPECT_EQ(catalog().info[product].contains & (kMilk | kEgg | kMeat | kFish | kShellfish), 0u)
          << catalog().products[product].name;
      EXPECT_FALSE(catalog().products[product].category.starts_with("Dairy & Eggs"));
    }
  }
  EXPECT_GT(vegan_lines, 1000);
}

TEST_F(OrderSimulatorTest, EveryPurchaseRespectsTheShoppersDiet) {
  for (size_t order = 0; order < ranges_.size(); ++order) {
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      int product = history().line_product[i];
      ASSERT_TRUE(ShopperMayBuy(catalog(), shopper_of(order), product))
          << catalog().products[product].name << " for "
          << absl::StrJoin(RestrictionNames(shopper_of(order).restrictions), ",");
      EXPECT_TRUE(shopper_of(order).Needs(catalog().info[product].needs));
    }
  }
}

TEST_F(OrderSimulatorTest, StaplesRecurOnTheShoppersCycle) {
  // Days on which each (shopper, product) was bought.
  std::map<std::pair<int, int>, std::vector<int>> days;
  for (size_t order = 0; order < ranges_.size(); ++order) {
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      days[{history().order_user[order], history().line_product[i]}].push_back(DayOf(order));
    }
  }
  int checked = 0, on_cycle = 0;
  for (size_t user = 0; user < data_->population.profiles.size(); ++user) {
    for (const Staple& staple : data_->population.profiles[user].staples) {
      const std::vector<int>& bought = days[{static_cast<int>(user), staple.product}];
      if (bought.size() < 4) continue;
      std::vector<int> gaps;
      for (size_t i = 1; i < bought.size(); ++i) gaps.push_back(bought[i] - bought[i - 1]);
      std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
      double ratio = static_cast<double>(gaps[gaps.size() / 2]) / staple.cycle_days;
      ++checked;
      on_cycle += ratio >= 0.6 && ratio <= 1.6;
    }
  }
  EXPECT_GT(checked, 5000);
  EXPECT_GE(on_cycle, checked * 9 / 10) << on_cycle << " of " << checked;
}

TEST_F(OrderSimulatorTest, ShoppersMostlyBuyTheirUsualProductAndBrand) {
  // Of the purchases in a staple's line, most are the staple itself, and
  // more still are of its brand.
  int64_t in_line = 0, usual = 0, same_brand = 0;
  std::vector<std::map<int, int>> staple_of_line(data_->population.profiles.size());
  for (size_t user = 0; user < staple_of_line.size(); ++user) {
    for (const Staple& staple : data_->population.profiles[user].staples) {
      staple_of_line[user][catalog().info[staple.product].line] = staple.product;
    }
  }
  for (size_t order = 0; order < ranges_.size(); ++order) {
    const auto& staples = staple_of_line[history().order_user[order]];
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      int product = history().line_product[i];
      auto found = staples.find(catalog().info[product].line);
      if (found == staples.end()) continue;
      ++in_line;
      usual += found->second == product;
      same_brand += catalog().products[found->second].brand == catalog().products[product].brand;
    }
  }
  EXPECT_GE(usual, in_line * 7 / 10) << usual << " of " << in_line;
  EXPECT_LE(usual, in_line * 97 / 100) << "shoppers switch now and then";
  EXPECT_GE(same_brand, in_line * 8 / 10) << same_brand << " of " << in_line;
  EXPECT_LE(same_brand, in_line * 97 / 100) << "switches try other brands too";
}

TEST_F(OrderSimulatorTest, PriceSensitiveShoppersBuyMoreStoreBrand) {
  int64_t sensitive_store = 0, sensitive_all = 0, relaxed_store = 0, relaxed_all = 0;
  for (size_t order = 0; order < ranges_.size(); ++order) {
    double sensitivity = shopper_of(order).price_sensitivity;
    if (sensitivity > 0.3 && sensitivity < 0.7) continue;
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      bool store = catalog().info[history().line_product[i]].tier == Tier::kStore;
      (sensitivity >= 0.7 ? sensitive_store : relaxed_store) += store;
      (sensitivity >= 0.7 ? sensitive_all : relaxed_all) += 1;
    }
  }
  ASSERT_GT(sensitive_all, 0);
  ASSERT_GT(relaxed_all, 0);
  double sensitive_share = static_cast<double>(sensitive_store) / sensitive_all;
  double relaxed_share = static_cast<double>(relaxed_store) / relaxed_all;
  EXPECT_GT(sensitive_share, relaxed_share + 0.15) << sensitive_share << " vs " << relaxed_share;
}

TEST_F(OrderSimulatorTest, SeasonalItemsSellOnlyInSeason) {
  int seasonal = 0;
  std::set<std::string> seasons;
  for (size_t order = 0; order < ranges_.size(); ++order) {
    int month = std::stoi(FormatIsoTime(history().orders[order].placed_at).substr(5, 2));
    for (size_t i = ranges_[order].first; i < ranges_[order].second; ++i) {
      const ProductInfo& info = catalog().info[history().line_product[i]];
      if (info.season_months == 0) continue;
      ++seasonal;
      EXPECT_NE(info.season_months & (1u << (month - 1)), 0u)
          << catalog().products[history().line_product[i]].name << " in month " << month;
      seasons.insert(nlohmann::json::parse(catalog().products[history().line_product[i]].attributes)
                         .value("season", ""));
    }
  }
  EXPECT_GT(seasonal, 1000);
  EXPECT_TRUE(seasons.count("summer"));
  EXPECT_TRUE(seasons.count("fall"));
  EXPECT_TRUE(seasons.count("halloween"));
}

}  // namespace
}  // namespace leafloaf::demo
