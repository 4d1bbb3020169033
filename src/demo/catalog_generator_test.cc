#include "demo/catalog_generator.h"

#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_format.h"
#include "demo/catalog_tables.h"
#include "demo/demo_test_data.h"
#include "demo/diet.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

const DemoCatalog& Catalog() {
  const absl::StatusOr<DemoData>& data = DefaultDemoData();
  EXPECT_TRUE(data.ok()) << data.status();
  return data->catalog;
}

TEST(CatalogGeneratorTest, TablesParseAndHoldEnoughProducts) {
  absl::StatusOr<CatalogCapacity> capacity = MeasureCatalog();
  ASSERT_TRUE(capacity.ok()) << capacity.status();
  EXPECT_GE(capacity->candidates, 10000);
  EXPECT_LT(capacity->core, 1000);
}

TEST(CatalogGeneratorTest, GeneratesRequestedCountWithStableIdsAndValidUpcs) {
  const DemoCatalog& catalog = Catalog();
  ASSERT_EQ(catalog.products.size(), 5000u);
  ASSERT_EQ(catalog.info.size(), 5000u);
  std::set<std::string> skus, names;
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    const Product& p = catalog.products[i];
    EXPECT_EQ(p.external_id, absl::StrFormat("P%06d", i + 1));
    ASSERT_EQ(p.sku.size(), 12u) << p.sku;
    int sum = 0;
    for (int d = 0; d < 11; ++d) sum += (p.sku[d] - '0') * (d % 2 == 0 ? 3 : 1);
    EXPECT_EQ((10 - sum % 10) % 10, p.sku[11] - '0') << p.sku;
    skus.insert(p.sku);
    names.insert(p.name);
  }
  EXPECT_EQ(skus.size(), catalog.products.size());
  EXPECT_EQ(names.size(), catalog.products.size());
}

TEST(CatalogGeneratorTest, ProductsAreWellFormed) {
  const std::set<std::string> units = {"oz", "fl oz", "lb", "g",  "kg", "ml",
                                       "l",  "gal",   "qt", "pt", "ct", "pk"};
  std::set<std::string> departments;
  for (const Product& p : Catalog().products) {
    EXPECT_EQ(p.shop_id, "demo");
    size_t separator = p.category.find(kCategorySeparator);
    ASSERT_NE(separator, std::string::npos) << p.category;
    departments.insert(p.category.substr(0, separator));
    EXPECT_TRUE(units.count(p.unit)) << p.name << ": " << p.unit;
    EXPECT_GT(p.size, 0) << p.name;
    EXPECT_GT(p.price_cents, 0) << p.name;
    EXPECT_EQ(p.price_cents % 10, 9) << p.name;
    EXPECT_GE(p.stock, 0) << p.name;
    EXPECT_TRUE(Contains(p.name, ", ")) << p.name;
    EXPECT_GT(p.description.size(), p.name.size()) << p.name;
    EXPECT_TRUE(std::is_sorted(p.dietary_tags.begin(), p.dietary_tags.end())) << p.name;
    for (const std::string& tag : p.dietary_tags) EXPECT_TRUE(IsDemoDietaryTag(tag)) << tag;
    nlohmann::json attributes = nlohmann::json::parse(p.attributes, nullptr, false);
    ASSERT_TRUE(attributes.is_object()) << p.attributes;
    EXPECT_TRUE(attributes.contains("tier")) << p.attributes;
    if (!p.category.starts_with("Produce") && !p.category.starts_with("Meat") &&
        !p.category.starts_with("Deli")) {
      EXPECT_FALSE(p.brand.empty()) << p.name;
    }
  }
  for (const char* department :
       {"Produce", "Dairy & Eggs", "Plant-Based & Dairy Alternatives", "Bakery", "Meat & Seafood",
        "Deli", "Frozen", "Pantry", "Snacks", "Beverages", "Breakfast", "Household",
        "Personal Care", "Health & Wellness", "Baby", "Pets"}) {
    EXPECT_TRUE(departments.count(department)) << department;
  }
}

TEST(CatalogGeneratorTest, DietaryTagsAgreeWithContents) {
  const DemoCatalog& catalog = Catalog();
  int vegan = 0;
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    const Product& p = catalog.products[i];
    uint32_t contains = catalog.info[i].contains;
    auto free_of = [&](std::string_view tag, uint32_t bits) {
      if (ProductHasTag(p, tag)) {
        EXPECT_EQ(contains & bits, 0u) << tag << ": " << p.name;
      }
    };
    vegan += ProductHasTag(p, "vegan");
    free_of("vegan", kMilk | kEgg | kMeat | kFish | kShellfish | kHoney);
    free_of("plant-based", kMilk | kEgg | kMeat | kFish | kShellfish);
    free_of("vegetarian", kMeat | kFish | kShellfish);
    free_of("dairy-free", kMilk);
    free_of("gluten-free", kGluten);
    free_of("nut-free", kPeanut | kTreeNut);
    if (p.category.starts_with("Dairy & Eggs")) {
      EXPECT_NE(contains & (kMilk | kEgg), 0u) << p.name;
    }
  }
  EXPECT_GT(vegan, 500);
}

// Products named `part` in `category`, by size label ("1 gal") -> brands.
std::map<std::string, std::set<std::string>> SizesAndBrands(std::string_view category,
                                                            std::string_view part) {
  std::map<std::string, std::set<std::string>> sizes;
  for (const Product& p : Catalog().products) {
    if (p.category != category || !Contains(p.name, part)) continue;
    sizes[p.name.substr(p.name.rfind(", ") + 2)].insert(p.brand);
  }
  return sizes;
}

TEST(CatalogGeneratorTest, HasDairyAndPlantMilksInGallonsAndHalfGallons) {
  for (const char* milk : {"Whole Milk", "2% Reduced Fat Milk", "Fat Free Skim Milk"}) {
    auto sizes = SizesAndBrands("Dairy & Eggs > Milk", milk);
    EXPECT_GE(sizes["1 gal"].size(), 3u) << milk;
    EXPECT_GE(sizes["1/2 gal"].size(), 3u) << milk;
  }
  for (const char* milk : {"Oat Milk", "Almond Milk", "Soy Milk", "Coconut Milk"}) {
    auto sizes = SizesAndBrands("Plant-Based & Dairy Alternatives > Plant-Based Milk", milk);
    EXPECT_GE(sizes["1 gal"].size(), 3u) << milk;
    EXPECT_GE(sizes["1/2 gal"].size(), 3u) << milk;
  }
  EXPECT_TRUE(
      SizesAndBrands("Plant-Based & Dairy Alternatives > Plant-Based Milk", "Oat Milk")["1/2 gal"]
          .count("Oatly"));
}

TEST(CatalogGeneratorTest, HasDairyAndPlantBasedYogurts) {
  EXPECT_GE(SizesAndBrands("Dairy & Eggs > Yogurt", "Greek Yogurt")["32 oz"].size(), 4u);
  for (const char* base :
       {"Oat Milk Yogurt", "Almond Milk Yogurt", "Coconut Yogurt", "Soy Yogurt"}) {
    int found = 0;
    for (const Product& p : Catalog().products) {
      if (p.category != "Plant-Based & Dairy Alternatives > Plant-Based Yogurt" ||
          !Contains(p.name, base)) {
        continue;
      }
      ++found;
      EXPECT_TRUE(ProductHasTag(p, "plant-based")) << p.name;
      EXPECT_TRUE(ProductHasTag(p, "vegan")) << p.name;
      EXPECT_TRUE(ProductHasTag(p, "dairy-free")) << p.name;
    }
    EXPECT_GE(found, 4) << base;
  }
}

TEST(CatalogGeneratorTest, HasSpicyAndPlainChipsInTheChipsAisle) {
  std::map<std::string, int> spicy_names;
  int spicy = 0, plain = 0;
  for (const Product& p : Catalog().products) {
    if (p.category != "Snacks > Chips") continue;
    nlohmann::json attributes = nlohmann::json::parse(p.attributes);
    std::string flavor = attributes.value("flavor", "");
    if (flavor == "spicy") {
      ++spicy;
      EXPECT_TRUE(Contains(p.description, "spicy")) << p.description;
      for (const char* name : {"Flamin' Hot", "Jalapeño", "Chili Lime"}) {
        spicy_names[name] += Contains(p.name, name);
      }
    }
    if (flavor == "plain") {
      ++plain;
      EXPECT_FALSE(Contains(p.description, "spicy")) << p.description;
      EXPECT_TRUE(Contains(p.name, "Sea Salt") || Contains(p.name, "Original") ||
                  Contains(p.name, "Salted") || Contains(p.name, "Restaurant Style") ||
                  Contains(p.name, "Corn") || Contains(p.name, "Naked"))
          << p.name;
    }
  }
  EXPECT_GE(spicy, 40);
  EXPECT_GE(plain, 40);
  for (const auto& [name, count] : spicy_names) EXPECT_GE(count, 3) << name;
}

TEST(CatalogGeneratorTest, PricesScaleWithSizeAndBrandTier) {
  const DemoCatalog& catalog = Catalog();
  // Within one line, brand and variant: a gallon costs more than half a gallon.
  std::map<std::tuple<int, int, int>, std::map<std::string, Cents>> by_size;
  // Per line: mean unit price by tier.
  std::map<std::pair<int, Tier>, std::pair<double, int>> unit_by_tier;
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    const Product& p = catalog.products[i];
    const ProductInfo& info = catalog.info[i];
    by_size[{info.line, info.brand, info.variant}][p.name.substr(p.name.rfind(", ") + 2)] =
        p.price_cents;
    const SizeOption& size = catalog.lines[info.line].sizes[info.size];
    if (size.dimension != catalog.lines[info.line].sizes[0].dimension || info.organic) continue;
    auto& [sum, n] = unit_by_tier[{info.line, info.tier}];
    sum += p.price_cents / size.base_quantity;
    ++n;
  }
  int compared = 0;
  for (const auto& [key, prices] : by_size) {
    if (prices.count("1 gal") && prices.count("1/2 gal")) {
      EXPECT_GT(prices.at("1 gal"), prices.at("1/2 gal"));
      ++compared;
    }
  }
  EXPECT_GT(compared, 30);
  int lines = 0, store_cheaper = 0, premium_dearer = 0, premium_lines = 0;
  for (const auto& [key, value] : unit_by_tier) {
    if (key.second != Tier::kNational) continue;
    double national = value.first / value.second;
    auto store = unit_by_tier.find({key.first, Tier::kStore});
    if (store != unit_by_tier.end()) {
      ++lines;
      store_cheaper += store->second.first / store->second.second < national;
    }
    auto premium = unit_by_tier.find({key.first, Tier::kPremium});
    if (premium != unit_by_tier.end()) {
      ++premium_lines;
      premium_dearer += premium->second.first / premium->second.second > national;
    }
  }
  EXPECT_GE(store_cheaper, lines * 8 / 10) << store_cheaper << " of " << lines;
  EXPECT_GE(premium_dearer, premium_lines * 8 / 10) << premium_dearer << " of " << premium_lines;
}

TEST(CatalogGeneratorTest, SmallerCatalogsKeepEveryCoreProduct) {
  absl::StatusOr<CatalogCapacity> capacity = MeasureCatalog();
  ASSERT_TRUE(capacity.ok());
  absl::StatusOr<DemoCatalog> small = GenerateCatalog({.products = capacity->core + 10});
  ASSERT_TRUE(small.ok()) << small.status();
  int spicy_chips = 0;
  for (const Product& p : small->products) {
    spicy_chips += p.category == "Snacks > Chips" && Contains(p.attributes, "spicy");
  }
  EXPECT_GE(spicy_chips, 40);
  EXPECT_EQ(GenerateCatalog({.products = capacity->core - 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GenerateCatalog({.products = capacity->candidates + 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leafloaf::demo
