// --format instacart: the Instacart Online Grocery Shopping Dataset 2017.
//
// Files (recognized by header): departments.csv and aisles.csv (names
// kept in memory), products.csv (category "department > aisle", from those
// names or from the file's own aisle/department columns), orders.csv,
// order_products__*.csv (prior/train lines), and the user_histories
// layout's transactions.csv (orders joined with their lines).
//
// Instacart has no dates. placed_at is derived deterministically: per
// user, orders sorted by order_number; the first is day 0, each next one
// adds its days_since_prior_order; day 0 is 2017-01-01 and the order's
// hour of day is added. order_number, order_dow, order_hour_of_day,
// days_since_prior_order and eval_set are kept in Order::attributes.
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "catalog/dietary.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "ingest/format.h"
#include "ingest/row_text.h"

namespace leafloaf {
namespace {

class InstacartFormat : public Format {
 public:
  std::string_view name() const override { return "instacart"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"departments", 0, {"department_id", "department"}, false, {"product_id"}},
        {"aisles", 0, {"aisle_id", "aisle"}, false, {"product_id"}},
        {"products", 1, {"product_id", "product_name"}, false, {}},
        {"orders", 2, {"order_id", "user_id", "order_number"}, true},
        {"order_products", 3, {"order_id", "product_id", "add_to_cart_order"}, false, {}},
        {"transactions", 3, {"order_id", "user_id", "order_number", "product_id"}, true},
    };
    return kKinds;
  }

  void BeginPrepass(const FileKind&, const CsvHeader& header) override {
    row_columns_ = Columns(header);
    days_by_user_.clear();
  }

  void Prepass(const FileKind&, const CsvRow& row) override {
    auto number = row.Int(row_columns_.order_number);
    auto days = row.OptionalNumber(row_columns_.days_since, 0);
    if (!number.ok() || !days.ok() || row.Empty(row_columns_.user)) return;
    days_by_user_[std::string(row.Get(row_columns_.user))][*number] = *days;
  }

  absl::Status BeginFile(const FileKind& kind, const CsvHeader& header, ImportContext&) override {
    kind_ = kind.name;
    columns_ = Columns(header);
    if (kind.two_pass) {
      // Days since prior order -> day offsets from the user's first order.
      for (auto& [user, orders] : days_by_user_) {
        double day = 0;
        bool first = true;
        for (auto& [number, days] : orders) {
          day = first ? 0 : day + days;
          first = false;
          days = day;
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    if (kind_ == "departments" || kind_ == "aisles") {
      LL_ASSIGN_OR_RETURN(
          auto id, row.Required(kind_ == "aisles" ? columns_.aisle_id : columns_.department_id));
      std::string name =
          TitleCase(row.Text(kind_ == "aisles" ? columns_.aisle : columns_.department));
      (kind_ == "aisles" ? aisles_ : departments_)[std::string(id)] = std::move(name);
      return absl::OkStatus();
    }
    if (kind_ == "products") return ParseProduct(row, context);
    if (kind_ == "orders") return ParseOrder(row, context);
    if (kind_ == "order_products") return ParseLine(row, context);
    // transactions: the order and its line in one row.
    absl::Status status = ParseOrder(row, context);
    if (!status.ok()) return status;
    return ParseLine(row, context);
  }

 private:
  struct Columns {
    Columns() = default;
    explicit Columns(const CsvHeader& h)
        : product(h.Find({"product_id"})),
          product_name(h.Find({"product_name"})),
          aisle_id(h.Find({"aisle_id"})),
          aisle(h.Find({"aisle"})),
          department_id(h.Find({"department_id"})),
          department(h.Find({"department"})),
          order(h.Find({"order_id"})),
          user(h.Find({"user_id"})),
          eval_set(h.Find({"eval_set"})),
          order_number(h.Find({"order_number"})),
          dow(h.Find({"order_dow"})),
          hour(h.Find({"order_hour_of_day"})),
          days_since(h.Find({"days_since_prior_order"})),
          cart_position(h.Find({"add_to_cart_order"})),
          reordered(h.Find({"reordered"})) {}
    int product = -1, product_name = -1, aisle_id = -1, aisle = -1, department_id = -1,
        department = -1, order = -1, user = -1, eval_set = -1, order_number = -1, dow = -1,
        hour = -1, days_since = -1, cart_position = -1, reordered = -1;
  };

  std::string Lookup(const absl::flat_hash_map<std::string, std::string>& names,
                     std::string_view id) {
    auto it = names.find(AsAbsl(id));
    return it == names.end() ? std::string() : it->second;
  }

  absl::Status ParseProduct(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(auto id, row.Required(columns_.product));
    Product product;
    product.name = row.Text(columns_.product_name);
    if (product.name.empty()) return absl::InvalidArgumentError("missing product_name");
    std::string department = columns_.department >= 0
                                 ? TitleCase(row.Text(columns_.department))
                                 : Lookup(departments_, row.Get(columns_.department_id));
    std::string aisle = columns_.aisle >= 0 ? TitleCase(row.Text(columns_.aisle))
                                            : Lookup(aisles_, row.Get(columns_.aisle_id));
    product.shop_id = context.shop_id();
    product.external_id = std::string(id);
    product.category = CategoryPath({department, aisle});
    product.dietary_tags = InferDietaryTags(product.name, "");
    product.attributes = Attributes()
                             .Text("aisle_id", row.Get(columns_.aisle_id))
                             .Text("department_id", row.Get(columns_.department_id))
                             .Dump();
    context.Add(std::move(product));
    return absl::OkStatus();
  }

  absl::Status ParseOrder(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(auto id, row.Required(columns_.order));
    LL_ASSIGN_OR_RETURN(auto user, row.Required(columns_.user));
    LL_ASSIGN_OR_RETURN(auto number, row.Int(columns_.order_number));
    LL_ASSIGN_OR_RETURN(auto hour, row.OptionalInt(columns_.hour, 0));
    LL_ASSIGN_OR_RETURN(auto dow, row.OptionalInt(columns_.dow, -1));
    if (hour < 0 || hour > 23)
      return absl::InvalidArgumentError("bad order_hour_of_day: not 0..23");
    if (!row.Empty(columns_.days_since)) {
      LL_ASSIGN_OR_RETURN(auto days, row.Number(columns_.days_since));
      if (days < 0) return absl::InvalidArgumentError("bad days_since_prior_order: negative");
    }
    if (!context.Claim(Entity::kOrder, id)) return absl::OkStatus();
    double day = 0;
    if (auto user_it = days_by_user_.find(AsAbsl(user)); user_it != days_by_user_.end()) {
      if (auto it = user_it->second.find(number); it != user_it->second.end()) day = it->second;
    }
    Order order;
    order.shop_id = context.shop_id();
    order.external_id = std::string(id);
    order.user_external_id = std::string(user);
    order.placed_at =
        kAnchor + static_cast<Micros>(day * kMicrosPerDay) + hour * 3600 * kMicrosPerSecond;
    Attributes attributes;
    attributes.Int("order_number", number).Int("order_hour_of_day", hour);
    if (dow >= 0) attributes.Int("order_dow", dow);
    if (!row.Empty(columns_.days_since)) {
      attributes.Number("days_since_prior_order", *row.Number(columns_.days_since));
    }
    attributes.Text("eval_set", row.Text(columns_.eval_set));
    order.attributes = attributes.Dump();
    context.Add(std::move(order));
    return absl::OkStatus();
  }

  absl::Status ParseLine(const CsvRow& row, ImportContext& context) {
    LL_ASSIGN_OR_RETURN(auto order_id, row.Required(columns_.order));
    LL_ASSIGN_OR_RETURN(auto product_id, row.Required(columns_.product));
    LL_ASSIGN_OR_RETURN(auto position, row.OptionalInt(columns_.cart_position, 0));
    LL_ASSIGN_OR_RETURN(auto reordered, row.OptionalInt(columns_.reordered, 0));
    LL_ASSIGN_OR_RETURN(auto exists, context.ProductExists(product_id));
    if (!exists) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown product '", std::string(product_id), "'"));
    }
    OrderLine line;
    line.shop_id = context.shop_id();
    line.order_external_id = std::string(order_id);
    line.product_external_id = std::string(product_id);
    line.quantity = 1;
    line.attributes =
        Attributes().Int("add_to_cart_order", position).Int("reordered", reordered).Dump();
    context.Add(context.MergeLine(std::move(line), 0));
    return absl::OkStatus();
  }

  static constexpr Micros kAnchor = 17167 * kMicrosPerDay;  // 2017-01-01T00:00:00Z

  std::string kind_;
  Columns columns_;
  Columns row_columns_;
  absl::flat_hash_map<std::string, std::string> aisles_;
  absl::flat_hash_map<std::string, std::string> departments_;
  // user -> order_number -> days since prior order (after BeginFile: day offset).
  absl::flat_hash_map<std::string, std::map<int64_t, double>> days_by_user_;
};

}  // namespace

std::unique_ptr<Format> MakeInstacartFormat() { return std::make_unique<InstacartFormat>(); }

}  // namespace leafloaf
