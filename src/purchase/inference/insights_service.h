// InsightsService: the inference models (budget tiers and cheaper
// alternatives, household size and kids, inferred dietary restrictions;
// issue 5) of each shop, for the server.
//
// A shop's insights are built over its PurchaseService snapshot on the
// first request that needs them (the catalog read once, the orders' prices
// read once; about a second for the demo shop) and rebuilt when the
// snapshot is (a purchase rebuild or a restart). Orders added to a snapshot
// after it was built (PurchaseService::OnOrder) reach these models only at
// that rebuild: unlike usual items and reorder cycles, they are population
// models (percentiles among all users and products).
//
// Thread-safety: every method may be called from any thread; ShopInsights
// are immutable.
#ifndef LEAFLOAF_PURCHASE_INFERENCE_INSIGHTS_SERVICE_H_
#define LEAFLOAF_PURCHASE_INFERENCE_INSIGHTS_SERVICE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "purchase/inference/budget.h"
#include "purchase/inference/dietary_inference.h"
#include "purchase/inference/household_inference.h"
#include "purchase/inference/product_catalog.h"
#include "purchase/purchase_service.h"
#include "store/store.h"

namespace leafloaf::purchase {

class ShopInsights {
 public:
  static absl::StatusOr<std::shared_ptr<const ShopInsights>> Build(
      Store& store, std::string_view shop_id, std::shared_ptr<const ShopPurchases> purchases);

  const ShopPurchases& purchases() const { return *purchases_; }
  const ProductCatalog& catalog() const { return catalog_; }
  const BudgetModel& budget() const { return budget_; }
  const HouseholdInference& household() const { return household_; }
  const DietaryInference& dietary() const { return dietary_; }
  double build_seconds() const { return build_seconds_; }

 private:
  ShopInsights(std::shared_ptr<const ShopPurchases> purchases, ProductCatalog catalog)
      : purchases_(std::move(purchases)), catalog_(std::move(catalog)) {}

  std::shared_ptr<const ShopPurchases> purchases_;  // the snapshot these describe
  ProductCatalog catalog_;
  BudgetModel budget_;
  HouseholdInference household_;
  DietaryInference dietary_;
  double build_seconds_ = 0;
};

class InsightsService {
 public:
  // Not owned; both must outlive the service.
  InsightsService(Store* store, PurchaseService* purchases) : store_(store), purchases_(purchases) {}

  // The shop's insights over its current purchase snapshot, built (or
  // rebuilt) now when needed; concurrent callers wait for one build. Null
  // when the store fails (logged).
  std::shared_ptr<const ShopInsights> Shop(std::string_view shop_id);

 private:
  Store* store_;
  PurchaseService* purchases_;
  absl::Mutex build_mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const ShopInsights>> shops_
      ABSL_GUARDED_BY(build_mu_);
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_INFERENCE_INSIGHTS_SERVICE_H_
