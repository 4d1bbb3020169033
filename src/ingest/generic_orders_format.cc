// --format orders: a merchant's order history CSV, one row per order line
// (docs/IMPORT.md). The order's own columns repeat on each of its lines;
// the first row of an order defines it.
//
// Required: order_id, user_id (or customer_id), placed_at (or order_date,
// date, created_at; ISO date or date-time, or M/D/YYYY). Optional:
// product_id (empty: the row is the order alone), quantity (default 1),
// unit_price, line_total (unit price = line_total / quantity when
// unit_price is absent), discount, status (default "placed"). Any other
// column is kept in the order's attributes.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

class OrdersFormat : public Format {
 public:
  std::string_view name() const override { return "orders"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"orders",
         0,
         {"order_id", "user_id|customer_id", "placed_at|order_date|date|created_at"},
         false,
         {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& h, ImportContext&) override {
    order_ = h.Find({"order_id"});
    user_ = h.Find({"user_id", "customer_id"});
    placed_at_ = h.Find({"placed_at", "order_date", "date", "created_at"});
    product_ = h.Find({"product_id"});
    quantity_ = h.Find({"quantity", "qty"});
    unit_price_ = h.Find({"unit_price", "price"});
    line_total_ = h.Find({"line_total", "total", "sales"});
    discount_ = h.Find({"discount", "discount_amount"});
    status_ = h.Find({"status"});
    extras_ = OtherColumns(h, {order_, user_, placed_at_, product_, quantity_, unit_price_,
                               line_total_, discount_, status_});
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    LL_ASSIGN_OR_RETURN(std::string_view order_id, row.Required(order_));
    LL_ASSIGN_OR_RETURN(std::string_view user_id, row.Required(user_));
    LL_ASSIGN_OR_RETURN(Micros placed_at, row.Time(placed_at_));
    LL_ASSIGN_OR_RETURN(double quantity, row.OptionalNumber(quantity_, 1));
    LL_ASSIGN_OR_RETURN(Cents discount, row.OptionalMoney(discount_, 0));
    const std::string_view product_id = row.Get(product_);
    Cents unit_price = 0;
    Cents line_total = 0;
    if (!product_id.empty()) {
      if (quantity <= 0) return absl::InvalidArgumentError("bad quantity: must be positive");
      if (!row.Empty(unit_price_)) {
        LL_ASSIGN_OR_RETURN(unit_price, row.Money(unit_price_));
        line_total = std::llround(static_cast<double>(unit_price) * quantity);
      } else if (!row.Empty(line_total_)) {
        LL_ASSIGN_OR_RETURN(line_total, row.Money(line_total_));
        unit_price = std::llround(static_cast<double>(line_total) / quantity);
      }
      if (unit_price < 0 || line_total < 0)
        return absl::InvalidArgumentError("bad price: negative");
      LL_ASSIGN_OR_RETURN(bool known, context.ProductExists(product_id));
      if (!known) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown product '", std::string(product_id), "'"));
      }
    }
    if (context.Claim(Entity::kOrder, order_id)) {
      Order order;
      order.shop_id = context.shop_id();
      order.external_id = std::string(order_id);
      order.user_external_id = std::string(user_id);
      order.placed_at = placed_at;
      if (!row.Empty(status_)) order.status = row.Text(status_);
      Attributes attributes;
      for (const auto& [column, name] : extras_) attributes.Text(name, row.Text(column));
      order.attributes = attributes.Dump();
      context.Add(std::move(order));
    }
    if (product_id.empty()) return absl::OkStatus();
    OrderLine line;
    line.shop_id = context.shop_id();
    line.order_external_id = std::string(order_id);
    line.product_external_id = std::string(product_id);
    line.quantity = quantity;
    line.unit_price_cents = unit_price;
    line.discount_cents = discount;
    context.Add(context.MergeLine(std::move(line), line_total));
    return absl::OkStatus();
  }

 private:
  int order_ = -1, user_ = -1, placed_at_ = -1, product_ = -1, quantity_ = -1, unit_price_ = -1,
      line_total_ = -1, discount_ = -1, status_ = -1;
  std::vector<std::pair<int, std::string>> extras_;
};

}  // namespace

std::unique_ptr<Format> MakeOrdersFormat() { return std::make_unique<OrdersFormat>(); }

}  // namespace leafloaf
