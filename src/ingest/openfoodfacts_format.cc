// --format openfoodfacts: Open Food Facts product extracts (the Lifyzer
// subset's columns: barcode_id, product_name, ingredients, nutrients per
// 100 g, is_healthy, product_image, source_file).
//
// Product id = the barcode, name = product_name, description = the
// ingredients, nutrients (per 100 g) and the other columns in attributes.
// Dietary tags: InferDietaryTags(name, ingredients), plus nutrient claims
// by EU thresholds per 100 g: sugar <= 0.5 g sugar-free, <= 5 g low-sugar;
// fat <= 3 g low-fat; sodium <= 0.12 g low-sodium. A negative nutrient
// value (a few exist in the source) is taken as missing, with a note.
#include <algorithm>
#include <cmath>

#include "catalog/dietary.h"
#include "common/status_macros.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

struct Nutrient {
  std::string_view column;
  std::string_view key;
};

constexpr Nutrient kNutrients[] = {
    {"fat_amount", "fat_g"},
    {"saturated_fats", "saturated_fat_g"},
    {"carbohydrate", "carbohydrate_g"},
    {"sugar", "sugar_g"},
    {"dietary_fiber", "fiber_g"},
    {"protein", "protein_g"},
    {"salt", "salt_g"},
    {"sodium", "sodium_g"},
    {"alcohol", "alcohol_percent"},
};

class OpenFoodFactsFormat : public Format {
 public:
  std::string_view name() const override { return "openfoodfacts"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"products", 0, {"barcode_id", "product_name"}, false, {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& h, ImportContext&) override {
    barcode_ = h.Find({"barcode_id", "code", "barcode"});
    name_ = h.Find({"product_name"});
    ingredients_ = h.Find({"ingredients", "ingredients_text"});
    image_ = h.Find({"product_image", "image_url"});
    healthy_ = h.Find({"is_healthy"});
    source_ = h.Find({"source_file"});
    nutrient_columns_.clear();
    for (const Nutrient& nutrient : kNutrients) {
      nutrient_columns_.push_back(h.Find({nutrient.column}));
    }
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    LL_ASSIGN_OR_RETURN(std::string_view barcode, row.Required(barcode_));
    Product product;
    product.name = row.Text(name_);
    if (product.name.empty()) return absl::InvalidArgumentError("missing " + row.ColumnName(name_));
    product.description = row.Text(ingredients_);
    nlohmann::json nutrients = nlohmann::json::object();
    // NaN marks a missing value.
    double values[std::size(kNutrients)];
    for (size_t i = 0; i < std::size(kNutrients); ++i) {
      LL_ASSIGN_OR_RETURN(values[i], row.OptionalNumber(nutrient_columns_[i], std::nan("")));
      if (values[i] < 0) {  // a data error in the source: one bad number, not a bad product
        context.Note("negative nutrient values were taken as missing");
        values[i] = std::nan("");
      }
      if (!std::isnan(values[i])) nutrients[std::string(kNutrients[i].key)] = values[i];
    }
    product.dietary_tags = InferDietaryTags(product.name, product.description);
    const double fat = values[0], sugar = values[3], sodium = values[7];
    // Comparisons with NaN are false: a missing nutrient claims nothing.
    if (sugar <= 0.5) product.dietary_tags.emplace_back("sugar-free");
    if (sugar <= 5) product.dietary_tags.emplace_back("low-sugar");
    if (fat <= 3) product.dietary_tags.emplace_back("low-fat");
    if (sodium <= 0.12) product.dietary_tags.emplace_back("low-sodium");
    std::sort(product.dietary_tags.begin(), product.dietary_tags.end());
    product.dietary_tags.erase(
        std::unique(product.dietary_tags.begin(), product.dietary_tags.end()),
        product.dietary_tags.end());

    product.shop_id = context.shop_id();
    product.external_id = std::string(barcode);
    product.sku = std::string(barcode);
    Attributes attributes;
    if (!nutrients.empty()) attributes.Json("nutrients_per_100g", std::move(nutrients));
    if (absl::StatusOr<int64_t> healthy = row.Int(healthy_); healthy.ok()) {
      attributes.Int("is_healthy", *healthy);
    }
    attributes.Text("image", row.Text(image_)).Text("source_file", row.Text(source_));
    product.attributes = attributes.Dump();
    context.Add(std::move(product));
    return absl::OkStatus();
  }

 private:
  int barcode_ = -1, name_ = -1, ingredients_ = -1, image_ = -1, healthy_ = -1, source_ = -1;
  std::vector<int> nutrient_columns_;
};

}  // namespace

std::unique_ptr<Format> MakeOpenFoodFactsFormat() {
  return std::make_unique<OpenFoodFactsFormat>();
}

}  // namespace leafloaf
