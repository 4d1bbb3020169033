// --format groceries: the Kaggle "Groceries dataset" (Member_number, Date,
// itemDescription), one row per item bought.
//
// Product = the item description (its own external id and name).
// User = the member number. Order = one member's basket of one day, id
// "MEMBER:YYYY-MM-DD", placed at midnight UTC of that day. Repeated rows of
// the same item in one basket add up to the line's quantity.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/format.h"

namespace leafloaf {
namespace {

class GroceriesFormat : public Format {
 public:
  std::string_view name() const override { return "groceries"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"baskets", 0, {"Member_number", "Date", "itemDescription"}, false, {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& header, ImportContext&) override {
    member_ = header.Find({"Member_number"});
    date_ = header.Find({"Date"});
    item_ = header.Find({"itemDescription"});
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    absl::StatusOr<std::string_view> member = row.Required(member_);
    if (!member.ok()) return member.status();
    absl::StatusOr<std::string_view> date_text = row.Required(date_);
    if (!date_text.ok()) return date_text.status();
    absl::StatusOr<Micros> date = ParseDayMonthYear(*date_text);
    if (!date.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat("bad %s '%s': expected DD-MM-YYYY",
                                                        row.ColumnName(date_), row.Text(date_)));
    }
    const std::string item = row.Text(item_);
    if (item.empty()) return absl::InvalidArgumentError("missing " + row.ColumnName(item_));

    const std::string order_id =
        absl::StrCat(std::string(*member), ":", FormatIsoTime(*date).substr(0, 10));
    if (context.Claim(Entity::kProduct, item)) {
      Product product;
      product.shop_id = context.shop_id();
      product.external_id = item;
      product.name = item;
      context.Add(std::move(product));
    }
    if (context.Claim(Entity::kOrder, order_id)) {
      Order order;
      order.shop_id = context.shop_id();
      order.external_id = order_id;
      order.user_external_id = std::string(*member);
      order.placed_at = *date;
      context.Add(std::move(order));
    }
    OrderLine line;
    line.shop_id = context.shop_id();
    line.order_external_id = order_id;
    line.product_external_id = item;
    line.quantity = 1;
    context.Add(context.MergeLine(std::move(line), 0));
    return absl::OkStatus();
  }

 private:
  int member_ = -1;
  int date_ = -1;
  int item_ = -1;
};

}  // namespace

std::unique_ptr<Format> MakeGroceriesFormat() { return std::make_unique<GroceriesFormat>(); }

}  // namespace leafloaf
