// --format prices: competitor price observations (docs/IMPORT.md).
//
// Required: competitor (or retailer, store), price (or price_usd,
// price_aud, amount), observed_at (or snapshot_date, date). Optional:
// competitor_sku (or sku, url; else the name stands in), name (or
// product_name), product_id (our product it matches; must exist).
// An observation is identified by competitor x sku x observed_at, so a
// re-import overwrites instead of duplicating.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/format.h"

namespace leafloaf {
namespace {

class PricesFormat : public Format {
 public:
  std::string_view name() const override { return "prices"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"prices",
         0,
         {"competitor|retailer|store", "price|price_usd|price_aud|amount",
          "observed_at|snapshot_date|date"},
         false,
         {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& h, ImportContext&) override {
    competitor_ = h.Find({"competitor", "retailer", "store"});
    price_ = h.Find({"price", "price_usd", "price_aud", "amount"});
    observed_at_ = h.Find({"observed_at", "snapshot_date", "date"});
    sku_ = h.Find({"competitor_sku", "sku", "url"});
    name_ = h.Find({"name", "product_name"});
    product_ = h.Find({"product_id"});
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    CompetitorPrice price;
    price.competitor = row.Text(competitor_);
    if (price.competitor.empty()) {
      return absl::InvalidArgumentError("missing " + row.ColumnName(competitor_));
    }
    LL_ASSIGN_OR_RETURN(price.price_cents, row.Money(price_));
    if (price.price_cents < 0) return absl::InvalidArgumentError("bad price: negative");
    LL_ASSIGN_OR_RETURN(price.observed_at, row.Time(observed_at_));
    price.name = row.Text(name_);
    price.competitor_sku = row.Text(sku_);
    if (price.competitor_sku.empty()) price.competitor_sku = price.name;
    if (price.competitor_sku.empty()) {
      return absl::InvalidArgumentError("missing competitor_sku (or name)");
    }
    const std::string_view product_id = row.Get(product_);
    if (!product_id.empty()) {
      LL_ASSIGN_OR_RETURN(bool known, context.ProductExists(product_id));
      if (!known) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown product '", std::string(product_id), "'"));
      }
    }
    price.shop_id = context.shop_id();
    price.product_external_id = std::string(product_id);
    context.Add(std::move(price));
    return absl::OkStatus();
  }

 private:
  int competitor_ = -1, price_ = -1, observed_at_ = -1, sku_ = -1, name_ = -1, product_ = -1;
};

}  // namespace

std::unique_ptr<Format> MakePricesFormat() { return std::make_unique<PricesFormat>(); }

}  // namespace leafloaf
