#include "agents/demo_lexicon.h"

#include <algorithm>

#include "demo/catalog_tables.h"

namespace leafloaf::agents {

std::vector<std::string> DemoShopBrands() {
  std::vector<std::string> brands;
  for (const demo::LineSpec& line : demo::AllLineSpecs()) {
    std::string_view list = line.brands;
    while (!list.empty()) {
      const size_t bar = list.find('|');
      std::string_view item = list.substr(0, bar);
      list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
      item = item.substr(0, item.find('['));  // traits
      if (item == "-" || item.empty()) continue;
      if (item == "@") {
        brands.emplace_back(demo::kStoreBrand);
      } else if (item == "@@") {
        brands.emplace_back(demo::kStoreOrganicBrand);
      } else {
        brands.emplace_back(item);
      }
    }
  }
  std::sort(brands.begin(), brands.end());
  brands.erase(std::unique(brands.begin(), brands.end()), brands.end());
  return brands;
}

Lexicon DemoShopLexicon() {
  const std::vector<std::string> brands = DemoShopBrands();
  return Lexicon(brands);
}

}  // namespace leafloaf::agents
