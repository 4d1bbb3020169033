// DietaryInference: restrictions inferred from a user's purchase history
// (issue 5, "dietary intelligence"): never buys dairy, meat or gluten, and
// buys vegan (never buys any animal product: dairy, meat, eggs).
//
// Products are classified once (ClassifyProduct) from their dietary tags
// and their folded name + category words:
//   * dairy: milk, cheese, yogurt, butter, cream, ... unless tagged vegan,
//     dairy-free or plant-based, or named as a plant milk ("almond milk"
//     and the other plant-based phrases of personalize's attribute table);
//     "peanut butter", "cream of tartar", ... are not dairy.
//   * meat: meat, beef, pork, chicken, fish, seafood, ... unless tagged
//     vegan, vegetarian or plant-based ("meatless", "veggie burger").
//   * gluten: bread, wheat, pasta, flour, beer, ... unless tagged or named
//     gluten-free.
//   * egg: egg, eggs (unless vegan).
// A product is "plant-based" when personalize's AttributeExtractor says so.
//
// Evidence. A restriction is inferred when none of the user's baskets holds
// a product of the class. Its confidence is the chance that a shopper
// without the restriction would have shown the class at least once in as
// many baskets: 1 - (1 - p)^n, where p is the share of the shop's baskets
// (all users) holding the class and n the user's baskets. Three baskets
// with p = 0.3 give 0.66; fifty give 1.00. A user who bought the class has
// no restriction (confidence 0) and `baskets_with_class` says how often.
//
// Thread-safety: immutable once built; concurrent reads are safe.
#ifndef LEAFLOAF_PURCHASE_INFERENCE_DIETARY_INFERENCE_H_
#define LEAFLOAF_PURCHASE_INFERENCE_DIETARY_INFERENCE_H_

#include <array>
#include <string_view>
#include <vector>

#include "catalog/product.h"
#include "personalize/attribute_extractor.h"
#include "purchase/inference/product_catalog.h"
#include "purchase/purchase_history.h"

namespace leafloaf::purchase {

enum class DietClass { kDairy = 0, kMeat = 1, kGluten = 2, kAnimal = 3 };
inline constexpr size_t kNumDietClasses = 4;

// What a product contains. `animal` = dairy, meat or egg.
struct ProductDiet {
  bool dairy = false;
  bool meat = false;
  bool gluten = false;
  bool egg = false;
  bool plant_based = false;
  bool animal() const { return dairy || meat || egg; }
  bool Has(DietClass diet_class) const;
};

// `extractor` supplies the plant-based and dairy-free attributes.
ProductDiet ClassifyProduct(const Product& product,
                            const personalize::AttributeExtractor& extractor);

enum class Restriction { kNoDairy = 0, kNoMeat = 1, kNoGluten = 2, kVegan = 3 };
std::string_view RestrictionName(Restriction restriction);  // "no-dairy", ..., "vegan"

struct InferredRestriction {
  Restriction restriction = Restriction::kNoDairy;
  bool inferred = false;
  double confidence = 0;       // 0 when not inferred
  int baskets = 0;             // the user's baskets
  int baskets_with_class = 0;  // of them, holding the class the restriction avoids
};

struct DietaryProfile {
  std::array<InferredRestriction, kNumDietClasses> restrictions;  // indexed by Restriction
  double plant_based_share = 0;                                   // of the user's basket items
};

class DietaryInference {
 public:
  // REQUIRES: catalog.size() == history.num_products().
  static DietaryInference Build(const PurchaseHistory& history, const ProductCatalog& catalog);

  DietaryProfile Profile(UserIndex user) const;
  // p: the share of the shop's baskets holding the class.
  double ClassBasketShare(DietClass diet_class) const {
    return class_share_[static_cast<size_t>(diet_class)];
  }

 private:
  const PurchaseHistory* history_ = nullptr;
  std::vector<ProductDiet> diets_;  // per product
  std::array<double, kNumDietClasses> class_share_{};
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_INFERENCE_DIETARY_INFERENCE_H_
