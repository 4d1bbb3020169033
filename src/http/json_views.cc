#include "http/json_views.h"

#include "absl/strings/str_split.h"

namespace leafloaf::http {

nlohmann::json AttributesJson(std::string_view attributes) {
  if (attributes.empty()) return nlohmann::json::object();
  nlohmann::json parsed = nlohmann::json::parse(attributes, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

nlohmann::json ProductJson(const Product& p) {
  nlohmann::json path = nlohmann::json::array();
  if (!p.category.empty()) {
    for (absl::string_view level : absl::StrSplit(p.category, kCategorySeparator)) {
      path.push_back(std::string(level));
    }
  }
  return {
      {"product_id", p.external_id},
      {"sku", p.sku},
      {"name", p.name},
      {"brand", p.brand},
      {"category", p.category},
      {"category_path", std::move(path)},
      {"price", CentsToUnits(p.price_cents)},
      {"price_cents", p.price_cents},
      {"size", p.size},
      {"unit", p.unit},
      {"dietary_tags", p.dietary_tags},
      {"description", p.description},
      {"stock", p.stock},
      {"in_stock", p.in_stock()},
      {"attributes", AttributesJson(p.attributes)},
      {"updated_at", FormatIsoTime(p.updated_at)},
  };
}

}  // namespace leafloaf::http
