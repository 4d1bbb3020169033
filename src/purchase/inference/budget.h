// BudgetModel: budget awareness from purchase histories (issue 5):
// a user's typical basket spend, their preferred price tier per category,
// and cheaper alternatives to a product.
//
// Prices. A product's price is its catalog price_cents, or, when the
// catalog has none (0), the median unit price of its order lines; 0 when
// neither exists (the product is then left out of tiers and alternatives).
//
// Basket spend. An order's total is the sum over its lines of quantity x
// unit_price_cents (a line without a unit price takes the product's price);
// an order with a line that has no price at all is left out. The typical
// spend is the median total of the user's orders (even count: the mean of
// the two middle totals, rounded to the cent).
//
// Price tiers. Within a category (the full path), a priced product's
// percentile is (cheaper products + (equally priced products - 1) / 2) /
// (priced products - 1): 0 for the cheapest, 1 for the dearest; categories
// with one priced product give no percentile. A user's tier in a category
// is from the mean percentile over their baskets' products there (each
// basket x product once): below `budget_below` budget, from
// `premium_from` premium, mid between.
//
// Cheaper alternatives. Priced products of the same category strictly
// cheaper than the product, ranked by name similarity (Jaccard over the
// folded name words), then by price (cheapest first), then by index. Only
// the products of the history's catalog (products someone bought) are
// candidates. Package size is not normalised: a smaller pack can be the
// "cheaper" one.
//
// Thread-safety: immutable once built; concurrent reads are safe.
#ifndef LEAFLOAF_PURCHASE_INFERENCE_BUDGET_H_
#define LEAFLOAF_PURCHASE_INFERENCE_BUDGET_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/money.h"
#include "purchase/inference/product_catalog.h"
#include "purchase/purchase_history.h"
#include "store/store.h"

namespace leafloaf::purchase {

struct PricedLine {
  ProductIndex product = 0;
  double quantity = 1;
  Cents unit_price_cents = 0;  // 0 = no price on the line
};

struct PricedOrder {
  UserIndex user = 0;
  std::vector<PricedLine> lines;
};

// Every order of the shop with its line prices (Store::ScanOrders), with
// users and products resolved through `history` (built from the same
// store). Lines with a non-positive quantity, as in PurchaseHistory, are
// dropped, and so are orders left without lines.
absl::StatusOr<std::vector<PricedOrder>> LoadPricedOrders(Store& store, std::string_view shop_id,
                                                          const PurchaseHistory& history);

enum class PriceTier { kBudget, kMid, kPremium };
std::string_view PriceTierName(PriceTier tier);  // "budget", "mid", "premium"

struct BudgetOptions {
  double budget_below = 1.0 / 3;
  double premium_from = 2.0 / 3;
};

struct CategoryTier {
  std::string category;
  PriceTier tier = PriceTier::kMid;
  double mean_percentile = 0;
  int purchases = 0;  // baskets x products with a percentile behind the mean
};

struct CheaperAlternative {
  ProductIndex product = 0;
  Cents price_cents = 0;
  Cents savings_cents = 0;  // against the original product's price
  double name_similarity = 0;
};

class BudgetModel {
 public:
  // REQUIRES: catalog.size() == history.num_products(); `orders` resolved
  // through `history`.
  static BudgetModel Build(const PurchaseHistory& history, const ProductCatalog& catalog,
                           std::span<const PricedOrder> orders, const BudgetOptions& options = {});

  // nullopt when the user has no fully priced order.
  std::optional<Cents> TypicalBasketSpend(UserIndex user) const;
  // The user's categories with a tier, sorted by category.
  std::vector<CategoryTier> PreferredTiers(UserIndex user) const;
  Cents Price(ProductIndex product) const { return prices_[product]; }
  // nullopt when the product has no price or its category one priced product.
  std::optional<double> PricePercentile(ProductIndex product) const;
  // At most k alternatives, best first.
  std::vector<CheaperAlternative> CheaperAlternatives(ProductIndex product, size_t k) const;

 private:
  BudgetOptions options_;
  std::vector<Cents> prices_;                         // per product
  std::vector<double> percentiles_;                   // per product, -1 = none
  std::vector<std::string> categories_;               // per product
  std::vector<std::vector<std::string>> name_words_;  // per product, sorted unique
  absl::flat_hash_map<std::string, std::vector<ProductIndex>> by_category_;  // priced only
  std::vector<std::optional<Cents>> basket_spend_;                           // per user
  std::vector<std::vector<CategoryTier>> tiers_;                             // per user
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_INFERENCE_BUDGET_H_
