// --format products: a merchant's own catalog CSV (docs/IMPORT.md).
//
// Required: product_id (or id, item_id, sku), name (or product_name,
// title). Optional: sku, brand, category ("A > B"), price, size (free text
// such as "12 oz", or a number with a unit column), unit, dietary_tags
// (list separated by , ; or |), description, stock. Any other column is
// kept in attributes. Without a dietary_tags column, tags are inferred
// from name and description.
#include "absl/strings/str_format.h"
#include "catalog/dietary.h"
#include "catalog/package_size.h"
#include "common/status_macros.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

class ProductsFormat : public Format {
 public:
  std::string_view name() const override { return "products"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"products", 0, {"product_id|id|item_id|sku", "name|product_name|title"}, false, {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& h, ImportContext&) override {
    id_ = h.Find({"product_id", "id", "item_id", "sku"});
    name_ = h.Find({"name", "product_name", "title"});
    sku_ = h.Find({"sku"});
    brand_ = h.Find({"brand"});
    category_ = h.Find({"category", "category_path"});
    price_ = h.Find({"price", "price_usd", "unit_price"});
    size_ = h.Find({"size", "package_size"});
    unit_ = h.Find({"unit", "size_unit"});
    tags_ = h.Find({"dietary_tags", "tags", "dietary"});
    description_ = h.Find({"description", "ingredients"});
    stock_ = h.Find({"stock", "inventory", "quantity_on_hand"});
    extras_ = OtherColumns(h, {id_, name_, sku_, brand_, category_, price_, size_, unit_, tags_,
                               description_, stock_});
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    LL_ASSIGN_OR_RETURN(std::string_view id, row.Required(id_));
    Product product;
    product.name = row.Text(name_);
    if (product.name.empty()) return absl::InvalidArgumentError("missing " + row.ColumnName(name_));
    LL_ASSIGN_OR_RETURN(product.price_cents, row.OptionalMoney(price_, 0));
    if (product.price_cents < 0) return absl::InvalidArgumentError("bad price: negative");
    LL_ASSIGN_OR_RETURN(product.stock, row.OptionalInt(stock_, -1));
    if (product.stock < -1) return absl::InvalidArgumentError("bad stock: negative");
    if (!row.Empty(size_)) {
      std::string text = row.Text(size_);
      if (!row.Empty(unit_)) text += " " + row.Text(unit_);
      absl::StatusOr<PackageSize> size = ParsePackageSize(text);
      if (!size.ok()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "bad %s '%s': no amount with a known unit", row.ColumnName(size_), text));
      }
      product.size = size->amount;
      product.unit = size->unit;
    }
    product.description = row.Text(description_);
    Attributes attributes;
    if (tags_ >= 0) {
      std::vector<std::string> unknown;
      product.dietary_tags = ParseDietaryTags(row.Text(tags_), &unknown);
      if (!unknown.empty()) {
        attributes.Json("unknown_dietary_tags", unknown);
        context.Note("unknown dietary tags were kept in attributes.unknown_dietary_tags");
      }
    } else {
      product.dietary_tags = InferDietaryTags(product.name, product.description);
    }
    for (const auto& [column, name] : extras_) attributes.Text(name, row.Text(column));
    product.shop_id = context.shop_id();
    product.external_id = std::string(id);
    product.sku = row.Text(sku_);
    product.brand = row.Text(brand_);
    product.category = NormalizeCategory(row.Text(category_));
    product.attributes = attributes.Dump();
    context.Add(std::move(product));
    return absl::OkStatus();
  }

 private:
  int id_ = -1, name_ = -1, sku_ = -1, brand_ = -1, category_ = -1, price_ = -1, size_ = -1,
      unit_ = -1, tags_ = -1, description_ = -1, stock_ = -1;
  std::vector<std::pair<int, std::string>> extras_;
};

}  // namespace

std::unique_ptr<Format> MakeProductsFormat() { return std::make_unique<ProductsFormat>(); }

}  // namespace leafloaf
