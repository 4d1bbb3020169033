// --format superstore: Tableau's "Sample - Superstore" order lines.
//
// Each order line row gives: a User per Customer ID (name and segment in
// attributes), a Product per Product ID (name, "Category > Sub-Category",
// list price), an Order per Order ID (placed at Order Date; ship date and
// mode, location and region in attributes; status "returned" when the
// returns file lists it), and an OrderLine: unit price = Sales / Quantity
// in cents (the price paid), discount = what the Discount rate took off
// the list price, and the rate, profit and Row ID in attributes.
// superstore_returns.csv and superstore_people.csv (regional managers)
// apply to the order lines imported in the same run.
// The first row seen of a customer, product or order defines it.
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

class SuperstoreFormat : public Format {
 public:
  std::string_view name() const override { return "superstore"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"returns", 0, {"Returned", "Order ID"}, false, {}},
        {"people", 0, {"Regional Manager", "Region"}, false, {}},
        {"orders",
         1,
         {"Order ID", "Order Date", "Customer ID", "Product ID", "Sales", "Quantity"},
         false,
         {}},
    };
    return kKinds;
  }

  absl::Status BeginFile(const FileKind& kind, const CsvHeader& h, ImportContext&) override {
    kind_ = kind.name;
    c_ = {
        .returned = h.Find({"Returned"}),
        .manager = h.Find({"Regional Manager", "Person"}),
        .row_id = h.Find({"Row ID"}),
        .order = h.Find({"Order ID"}),
        .order_date = h.Find({"Order Date"}),
        .ship_date = h.Find({"Ship Date"}),
        .ship_mode = h.Find({"Ship Mode"}),
        .customer = h.Find({"Customer ID"}),
        .customer_name = h.Find({"Customer Name"}),
        .segment = h.Find({"Segment"}),
        .country = h.Find({"Country/Region", "Country"}),
        .city = h.Find({"City"}),
        .state = h.Find({"State/Province", "State"}),
        .postal_code = h.Find({"Postal Code"}),
        .region = h.Find({"Region"}),
        .product = h.Find({"Product ID"}),
        .category = h.Find({"Category"}),
        .sub_category = h.Find({"Sub-Category"}),
        .product_name = h.Find({"Product Name"}),
        .sales = h.Find({"Sales"}),
        .quantity = h.Find({"Quantity"}),
        .discount = h.Find({"Discount"}),
        .profit = h.Find({"Profit"}),
    };
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    if (kind_ == "returns") {
      LL_ASSIGN_OR_RETURN(std::string_view order, row.Required(c_.order));
      std::string flag(row.Get(c_.returned));
      absl::AsciiStrToLower(&flag);
      if (flag == "yes" || flag == "true" || flag == "1") returned_.insert(std::string(order));
      return absl::OkStatus();
    }
    if (kind_ == "people") {
      managers_[row.Text(c_.region)] = row.Text(c_.manager);
      return absl::OkStatus();
    }
    return ParseOrderLine(row, context);
  }

  void Finish(ImportContext& context) override {
    if (!saw_orders_ && (!returned_.empty() || !managers_.empty())) {
      context.Note(
          "superstore returns and people apply only to order lines imported in the "
          "same run; none were");
    }
  }

 private:
  struct Columns {
    int returned, manager, row_id, order, order_date, ship_date, ship_mode, customer, customer_name,
        segment, country, city, state, postal_code, region, product, category, sub_category,
        product_name, sales, quantity, discount, profit;
  };

  absl::Status ParseOrderLine(const CsvRow& row, ImportContext& context) {
    saw_orders_ = true;
    LL_ASSIGN_OR_RETURN(std::string_view order_id, row.Required(c_.order));
    LL_ASSIGN_OR_RETURN(std::string_view customer, row.Required(c_.customer));
    LL_ASSIGN_OR_RETURN(std::string_view product_id, row.Required(c_.product));
    LL_ASSIGN_OR_RETURN(Micros placed_at, row.Time(c_.order_date));
    LL_ASSIGN_OR_RETURN(Cents sales, row.Money(c_.sales));
    LL_ASSIGN_OR_RETURN(double quantity, row.Number(c_.quantity));
    LL_ASSIGN_OR_RETURN(double discount_rate, row.OptionalNumber(c_.discount, 0));
    LL_ASSIGN_OR_RETURN(double profit, row.OptionalNumber(c_.profit, 0));
    if (quantity <= 0) return absl::InvalidArgumentError("bad Quantity: must be positive");
    if (sales < 0) return absl::InvalidArgumentError("bad Sales: negative");
    if (discount_rate < 0 || discount_rate >= 1) {
      return absl::InvalidArgumentError("bad Discount: not a rate in [0, 1)");
    }
    std::string product_name = row.Text(c_.product_name);
    if (product_name.empty()) product_name = std::string(product_id);
    // List price before the discount, and what the discount took off.
    const Cents list_total = std::llround(static_cast<double>(sales) / (1 - discount_rate));

    if (context.Claim(Entity::kUser, customer)) {
      User user;
      user.shop_id = context.shop_id();
      user.external_id = std::string(customer);
      user.attributes = Attributes()
                            .Text("name", row.Text(c_.customer_name))
                            .Text("segment", row.Text(c_.segment))
                            .Dump();
      context.Add(std::move(user));
    }
    if (context.Claim(Entity::kProduct, product_id)) {
      Product product;
      product.shop_id = context.shop_id();
      product.external_id = std::string(product_id);
      product.name = std::move(product_name);
      product.category = CategoryPath({row.Text(c_.category), row.Text(c_.sub_category)});
      product.price_cents = std::llround(static_cast<double>(list_total) / quantity);
      context.Add(std::move(product));
    }
    if (context.Claim(Entity::kOrder, order_id)) {
      Order order;
      order.shop_id = context.shop_id();
      order.external_id = std::string(order_id);
      order.user_external_id = std::string(customer);
      order.placed_at = placed_at;
      if (returned_.contains(AsAbsl(order_id))) order.status = "returned";
      const std::string region = row.Text(c_.region);
      std::string manager;
      if (auto it = managers_.find(region); it != managers_.end()) manager = it->second;
      order.attributes = Attributes()
                             .Text("ship_date", row.Get(c_.ship_date))
                             .Text("ship_mode", row.Text(c_.ship_mode))
                             .Text("segment", row.Text(c_.segment))
                             .Text("country", row.Text(c_.country))
                             .Text("city", row.Text(c_.city))
                             .Text("state", row.Text(c_.state))
                             .Text("postal_code", row.Text(c_.postal_code))
                             .Text("region", region)
                             .Text("regional_manager", manager)
                             .Dump();
      context.Add(std::move(order));
    }
    OrderLine line;
    line.shop_id = context.shop_id();
    line.order_external_id = std::string(order_id);
    line.product_external_id = std::string(product_id);
    line.quantity = quantity;
    line.unit_price_cents = std::llround(static_cast<double>(sales) / quantity);
    line.discount_cents = list_total - sales;
    Attributes attributes;
    attributes.Number("discount_rate", discount_rate).Number("profit", profit);
    attributes.Text("row_id", row.Get(c_.row_id));
    line.attributes = attributes.Dump();
    context.Add(context.MergeLine(std::move(line), sales));
    return absl::OkStatus();
  }

  std::string kind_;
  Columns c_{};
  bool saw_orders_ = false;
  absl::flat_hash_set<std::string> returned_;
  absl::flat_hash_map<std::string, std::string> managers_;
};

}  // namespace

std::unique_ptr<Format> MakeSuperstoreFormat() { return std::make_unique<SuperstoreFormat>(); }

}  // namespace leafloaf
