#include "purchase/inference/dietary_inference.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "personalize/attribute_extractor.h"
#include "purchase/inference/product_text.h"

namespace leafloaf::purchase {
namespace {

constexpr std::string_view kDairy =
    "milk|milks|cheese|cheeses|cheddar|mozzarella|parmesan|brie|feta|gouda|"
    "yogurt|yogurts|"
    "yoghurt|butter|cream|creamer|ice cream|kefir|ghee|whey|custard|cottage";
constexpr std::string_view kDairyIgnore =
    "peanut butter|almond butter|nut butter|cocoa butter|apple butter|cream of "
    "tartar|shaving cream|hand cream|"
    "non dairy|nondairy|dairy free|coconut milk|almond milk|oat milk|soy "
    "milk|rice milk|"
    "cashew milk|coconut cream|butter beans|buttermilk biscuits|butternut";
constexpr std::string_view kMeat =
    "meat|meats|beef|pork|chicken|turkey|ham|bacon|sausage|sausages|salami|"
    "pepperoni|"
    "prosciutto|lamb|veal|steak|steaks|poultry|jerky|hot dog|hot "
    "dogs|frankfurters|fish|"
    "salmon|tuna|cod|shrimp|crab|lobster|seafood|anchovies|sardines";
constexpr std::string_view kMeatIgnore =
    "meatless|meat free|meat substitute|meat alternative|veggie burger|plant "
    "based|"
    "chicken of the woods|fish sauce free|hot dog buns|hot dog rolls";
constexpr std::string_view kGluten =
    "bread|breads|wheat|pasta|flour|barley|rye|bagel|bagels|cracker|crackers|"
    "cookie|cookies|"
    "beer|croissant|croissants|muffin|muffins|pizza|noodles|cake|cakes|biscuit|"
    "biscuits|"
    "couscous|spaghetti|macaroni|pretzels|pretzel|donuts|doughnuts|buns|rolls|"
    "baguette";
constexpr std::string_view kGlutenIgnore =
    "gluten free|buckwheat|rice noodles|rice cakes|rice flour";
constexpr std::string_view kEgg = "egg|eggs";
constexpr std::string_view kEggIgnore = "egg free|eggless|eggplant";

bool HasTag(const Product& product, std::string_view tag) {
  return std::find(product.dietary_tags.begin(), product.dietary_tags.end(), tag) !=
         product.dietary_tags.end();
}

}  // namespace

bool ProductDiet::Has(DietClass diet_class) const {
  switch (diet_class) {
    case DietClass::kDairy:
      return dairy;
    case DietClass::kMeat:
      return meat;
    case DietClass::kGluten:
      return gluten;
    case DietClass::kAnimal:
      return animal();
  }
  return false;
}

ProductDiet ClassifyProduct(const Product& product,
                            const personalize::AttributeExtractor& extractor) {
  const std::vector<std::string> attributes =
      extractor.Extract(product.name, "", product.dietary_tags, "");
  auto has_attribute = [&](std::string_view a) {
    return std::find(attributes.begin(), attributes.end(), a) != attributes.end();
  };
  const std::string text = ProductText(product);
  ProductDiet diet;
  diet.plant_based = has_attribute("plant-based");
  const bool vegan = HasTag(product, "vegan");
  diet.dairy = !vegan && !diet.plant_based && !HasTag(product, "dairy-free") &&
               !has_attribute("dairy-free") && MatchesAnyPhrase(text, kDairy, kDairyIgnore);
  diet.meat = !vegan && !diet.plant_based && !HasTag(product, "vegetarian") &&
              MatchesAnyPhrase(text, kMeat, kMeatIgnore);
  diet.gluten = !HasTag(product, "gluten-free") && MatchesAnyPhrase(text, kGluten, kGlutenIgnore);
  diet.egg = !vegan && !diet.plant_based && MatchesAnyPhrase(text, kEgg, kEggIgnore);
  return diet;
}

std::string_view RestrictionName(Restriction restriction) {
  switch (restriction) {
    case Restriction::kNoDairy:
      return "no-dairy";
    case Restriction::kNoMeat:
      return "no-meat";
    case Restriction::kNoGluten:
      return "no-gluten";
    case Restriction::kVegan:
      return "vegan";
  }
  return "";
}

DietaryInference DietaryInference::Build(const PurchaseHistory& history,
                                         const ProductCatalog& catalog) {
  DietaryInference inference;
  inference.history_ = &history;
  inference.diets_.reserve(history.num_products());
  const personalize::AttributeExtractor extractor;
  for (ProductIndex p = 0; p < history.num_products(); ++p) {
    inference.diets_.push_back(ClassifyProduct(catalog.product(p), extractor));
  }
  std::array<size_t, kNumDietClasses> with_class{};
  for (UserIndex u = 0; u < history.num_users(); ++u) {
    for (const Basket& basket : history.baskets(u)) {
      for (size_t c = 0; c < kNumDietClasses; ++c) {
        for (const BasketItem& item : basket.items) {
          if (inference.diets_[item.product].Has(static_cast<DietClass>(c))) {
            ++with_class[c];
            break;
          }
        }
      }
    }
  }
  for (size_t c = 0; c < kNumDietClasses; ++c) {
    inference.class_share_[c] =
        history.num_baskets() == 0
            ? 0
            : static_cast<double>(with_class[c]) / static_cast<double>(history.num_baskets());
  }
  return inference;
}

DietaryProfile DietaryInference::Profile(UserIndex user) const {
  DietaryProfile profile;
  const std::span<const Basket> baskets = history_->baskets(user);
  size_t items = 0, plant_based = 0;
  for (size_t c = 0; c < kNumDietClasses; ++c) {
    InferredRestriction& r = profile.restrictions[c];
    r.restriction = static_cast<Restriction>(c);  // same order as DietClass
    r.baskets = static_cast<int>(baskets.size());
  }
  for (const Basket& basket : baskets) {
    for (size_t c = 0; c < kNumDietClasses; ++c) {
      for (const BasketItem& item : basket.items) {
        if (diets_[item.product].Has(static_cast<DietClass>(c))) {
          ++profile.restrictions[c].baskets_with_class;
          break;
        }
      }
    }
    for (const BasketItem& item : basket.items) {
      ++items;
      if (diets_[item.product].plant_based) ++plant_based;
    }
  }
  for (size_t c = 0; c < kNumDietClasses; ++c) {
    InferredRestriction& r = profile.restrictions[c];
    r.inferred = r.baskets > 0 && r.baskets_with_class == 0;
    if (r.inferred) r.confidence = 1 - std::pow(1 - class_share_[c], r.baskets);
  }
  profile.plant_based_share =
      items == 0 ? 0 : static_cast<double>(plant_based) / static_cast<double>(items);
  return profile;
}

}  // namespace leafloaf::purchase
