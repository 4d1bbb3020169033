// AttributeExtractor: the shopper-facing attributes of a product (spicy,
// low-sugar, organic, plant-based, kids, ...) that preferences are learned
// over. Data-driven: each attribute is one row of a table listing the
// dietary tags that imply it, the words and phrases that show it in the
// name or description, and the values of Product::attributes (a JSON
// object, e.g. {"flavor": "spicy"}) that state it.
//
// Text matching is on folded text (case, accents: "Jalapeño" = "jalapeno"),
// whole words only, with punctuation as word breaks and apostrophes
// dropped ("Flamin' Hot" -> "flamin hot"). A row's `ignore` phrases are
// blanked out first ("hot dog" is not spicy) and its `veto` phrases cancel
// text matches ("mild buffalo sauce"), never tag or JSON matches.
//
// Every canonical dietary tag of the product is an attribute too, so
// preferences for "vegan" or "gluten-free" live next to "spicy".
//
// Thread-safety: immutable after construction; Extract() is const.
#ifndef LEAFLOAF_PERSONALIZE_ATTRIBUTE_EXTRACTOR_H_
#define LEAFLOAF_PERSONALIZE_ATTRIBUTE_EXTRACTOR_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leafloaf::personalize {

// One attribute. Lists are '|'-separated; empty means none.
struct AttributeRule {
  std::string_view attribute;     // "spicy"
  std::string_view dietary_tags;  // tags that imply it: "plant-based|vegan"
  std::string_view keywords;      // phrases in name/description: "jalapeno|hot sauce"
  std::string_view ignore;        // phrases blanked before matching: "hot dog"
  std::string_view veto;          // phrases that cancel text matches: "mild"
  std::string_view json_values;   // "key=value" pairs of Product::attributes: "flavor=spicy"
};

// The built-in table (attribute_extractor.cc).
std::span<const AttributeRule> DefaultAttributeRules();

class AttributeExtractor {
 public:
  // The built-in table.
  AttributeExtractor();
  explicit AttributeExtractor(std::span<const AttributeRule> rules);

  // Sorted, unique attributes: the product's dietary tags plus every rule
  // that matches. `attributes_json` may be "" or invalid JSON (then only
  // text and tags count).
  std::vector<std::string> Extract(std::string_view name, std::string_view description,
                                   std::span<const std::string> dietary_tags,
                                   std::string_view attributes_json) const;

 private:
  struct CompiledRule {
    std::string attribute;
    std::vector<std::string> dietary_tags;
    std::vector<std::string> keywords;  // folded, " word word "
    std::vector<std::string> ignore;
    std::vector<std::string> veto;
    std::vector<std::pair<std::string, std::string>> json_values;
  };
  std::vector<CompiledRule> rules_;
};

// Folded text as matched: " word word " (leading and trailing space).
std::string FoldForMatching(std::string_view text);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_ATTRIBUTE_EXTRACTOR_H_
