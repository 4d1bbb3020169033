#include "demo/catalog_generator.h"

#include <set>

#include "gtest/gtest.h"

namespace leafloaf::demo {
namespace {

TEST(CatalogGeneratorTest, TablesParseAndHoldEnoughProducts) {
  absl::StatusOr<CatalogCapacity> capacity = MeasureCatalog();
  ASSERT_TRUE(capacity.ok()) << capacity.status();
  EXPECT_GE(capacity->candidates, 6000);
  EXPECT_LT(capacity->core, 2000);
  std::printf("catalog candidates: %d, core: %d\n", capacity->candidates, capacity->core);
}

TEST(CatalogGeneratorTest, GeneratesRequestedCount) {
  absl::StatusOr<DemoCatalog> catalog = GenerateCatalog({.products = 5000});
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(catalog->products.size(), 5000u);
  EXPECT_EQ(catalog->info.size(), 5000u);
  EXPECT_EQ(catalog->products.front().external_id, "P000001");
  EXPECT_EQ(catalog->products.back().external_id, "P005000");
}

}  // namespace
}  // namespace leafloaf::demo
