// --format completejourney: 84.51 / dunnhumby "The Complete Journey" 2.0.
//
// demographics.csv -> Household (size, kids; age, income, ... in
//   attributes) and a User per household linked to it.
// products.csv -> Product. The source has no names: the name is built from
//   product_type (else category, else department), "Private Label" for
//   private brands, and the package size; category is
//   "Department > Product Category > Product Type", title-cased; size and
//   unit come from ParsePackageSize().
// transactions*.csv -> Order per basket_id (user = household_id, placed at
//   transaction_timestamp, store_id and week in attributes) and an
//   OrderLine per row: unit price = sales_value / quantity in cents (the
//   price paid), discount = retail_disc + coupon_disc + coupon_match_disc.
// Other files of the dataset (campaigns, coupons, promotions) are skipped.
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "catalog/package_size.h"
#include "common/status_macros.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

// "5+" -> 5; "" -> fallback.
absl::StatusOr<int64_t> CountWithPlus(const CsvRow& row, int column, int64_t fallback) {
  std::string_view text = row.Get(column);
  if (text.empty()) return fallback;
  if (text.back() == '+') text.remove_suffix(1);
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || n > 1000) {
      return absl::InvalidArgumentError(
          absl::StrFormat("bad %s '%s': not a count", row.ColumnName(column), row.Text(column)));
    }
    n = n * 10 + (c - '0');
  }
  if (text.empty()) return absl::InvalidArgumentError("bad " + row.ColumnName(column));
  return n;
}

class CompleteJourneyFormat : public Format {
 public:
  std::string_view name() const override { return "completejourney"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"demographics", 0, {"household_id", "household_size"}, false, {}},
        {"products",
         0,
         {"product_id", "department", "product_category", "product_type"},
         false,
         {}},
        {"transactions",
         1,
         {"household_id", "basket_id", "product_id", "quantity", "sales_value"},
         false,
         {}},
    };
    return kKinds;
  }

  absl::Status BeginFile(const FileKind& kind, const CsvHeader& h, ImportContext&) override {
    kind_ = kind.name;
    c_ = {
        .household = h.Find({"household_id"}),
        .age = h.Find({"age"}),
        .income = h.Find({"income"}),
        .home_ownership = h.Find({"home_ownership"}),
        .marital_status = h.Find({"marital_status"}),
        .household_size = h.Find({"household_size"}),
        .household_comp = h.Find({"household_comp"}),
        .kids = h.Find({"kids_count"}),
        .product = h.Find({"product_id"}),
        .manufacturer = h.Find({"manufacturer_id"}),
        .department = h.Find({"department"}),
        .brand = h.Find({"brand"}),
        .category = h.Find({"product_category"}),
        .type = h.Find({"product_type"}),
        .package_size = h.Find({"package_size"}),
        .store = h.Find({"store_id"}),
        .basket = h.Find({"basket_id"}),
        .quantity = h.Find({"quantity"}),
        .sales = h.Find({"sales_value"}),
        .retail_disc = h.Find({"retail_disc"}),
        .coupon_disc = h.Find({"coupon_disc"}),
        .coupon_match_disc = h.Find({"coupon_match_disc"}),
        .week = h.Find({"week"}),
        .timestamp = h.Find({"transaction_timestamp"}),
    };
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    if (kind_ == "demographics") return ParseHousehold(row, context);
    if (kind_ == "products") return ParseProduct(row, context);
    return ParseTransaction(row, context);
  }

 private:
  struct Columns {
    int household, age, income, home_ownership, marital_status, household_size, household_comp,
        kids, product, manufacturer, department, brand, category, type, package_size, store, basket,
        quantity, sales, retail_disc, coupon_disc, coupon_match_disc, week, timestamp;
  };

  absl::Status ParseHousehold(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(std::string_view id, row.Required(c_.household));
    LL_ASSIGN_OR_RETURN(int64_t size, CountWithPlus(row, c_.household_size, 0));
    LL_ASSIGN_OR_RETURN(int64_t kids, CountWithPlus(row, c_.kids, -1));
    Household household;
    household.shop_id = context.shop_id();
    household.external_id = std::string(id);
    household.size = static_cast<int>(size);
    household.kids = static_cast<int>(kids);
    household.attributes = Attributes()
                               .Text("age", row.Text(c_.age))
                               .Text("income", row.Text(c_.income))
                               .Text("home_ownership", row.Text(c_.home_ownership))
                               .Text("marital_status", row.Text(c_.marital_status))
                               .Text("household_comp", row.Text(c_.household_comp))
                               .Dump();
    User user;
    user.shop_id = context.shop_id();
    user.external_id = household.external_id;
    user.household_external_id = household.external_id;
    context.Add(std::move(household));
    context.Add(std::move(user));
    return absl::OkStatus();
  }

  absl::Status ParseProduct(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(std::string_view id, row.Required(c_.product));
    const std::string department = TitleCase(row.Text(c_.department));
    const std::string category = TitleCase(row.Text(c_.category));
    const std::string type = TitleCase(row.Text(c_.type));
    const std::string brand = row.Text(c_.brand);
    const std::string size_text = row.Text(c_.package_size);
    Product product;
    product.shop_id = context.shop_id();
    product.external_id = std::string(id);
    product.category = CategoryPath({department, category, type});
    product.brand = brand == "Private"    ? "Private Label"
                    : brand == "National" ? "National Brand"
                                          : brand;
    std::string size_label;
    if (!size_text.empty()) {
      if (absl::StatusOr<PackageSize> size = ParsePackageSize(size_text); size.ok()) {
        product.size = size->amount;
        product.unit = size->unit;
        size_label = FormatSize(size->amount, size->unit);
      } else {
        size_label = size_text;
      }
    }
    std::string base = !type.empty() ? type : !category.empty() ? category : department;
    if (base.empty()) base = absl::StrCat("Product ", std::string(id));
    product.name = absl::StrCat(brand == "Private" ? "Private Label " : "", base,
                                size_label.empty() ? "" : ", ", size_label);
    product.attributes = Attributes()
                             .Text("manufacturer_id", row.Get(c_.manufacturer))
                             .Text("brand_type", brand)
                             .Text("package_size", size_text)
                             .Dump();
    context.Add(std::move(product));
    return absl::OkStatus();
  }

  absl::Status ParseTransaction(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(std::string_view household, row.Required(c_.household));
    LL_ASSIGN_OR_RETURN(std::string_view basket, row.Required(c_.basket));
    LL_ASSIGN_OR_RETURN(std::string_view product_id, row.Required(c_.product));
    LL_ASSIGN_OR_RETURN(double quantity, row.Number(c_.quantity));
    LL_ASSIGN_OR_RETURN(Cents sales, row.Money(c_.sales));
    LL_ASSIGN_OR_RETURN(Cents retail_disc, row.OptionalMoney(c_.retail_disc, 0));
    LL_ASSIGN_OR_RETURN(Cents coupon_disc, row.OptionalMoney(c_.coupon_disc, 0));
    LL_ASSIGN_OR_RETURN(Cents match_disc, row.OptionalMoney(c_.coupon_match_disc, 0));
    LL_ASSIGN_OR_RETURN(Micros placed_at, row.Time(c_.timestamp));
    if (quantity <= 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("bad quantity '%s': must be positive", row.Text(c_.quantity)));
    }
    if (sales < 0) return absl::InvalidArgumentError("bad sales_value: negative");
    LL_ASSIGN_OR_RETURN(bool known, context.ProductExists(product_id));
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown product '", std::string(product_id), "'"));
    }
    if (context.Claim(Entity::kOrder, basket)) {
      Order order;
      order.shop_id = context.shop_id();
      order.external_id = std::string(basket);
      order.user_external_id = std::string(household);
      order.placed_at = placed_at;
      Attributes attributes;
      attributes.Text("store_id", row.Get(c_.store));
      if (absl::StatusOr<int64_t> week = row.Int(c_.week); week.ok()) attributes.Int("week", *week);
      order.attributes = attributes.Dump();
      context.Add(std::move(order));
    }
    OrderLine line;
    line.shop_id = context.shop_id();
    line.order_external_id = std::string(basket);
    line.product_external_id = std::string(product_id);
    line.quantity = quantity;
    line.unit_price_cents = static_cast<Cents>(std::llround(static_cast<double>(sales) / quantity));
    line.discount_cents =
        std::llabs(retail_disc) + std::llabs(coupon_disc) + std::llabs(match_disc);
    context.Add(context.MergeLine(std::move(line), sales));
    return absl::OkStatus();
  }

  std::string kind_;
  Columns c_{};
};

}  // namespace

std::unique_ptr<Format> MakeCompleteJourneyFormat() {
  return std::make_unique<CompleteJourneyFormat>();
}

}  // namespace leafloaf
