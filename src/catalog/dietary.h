// Dietary tags: a closed vocabulary so filters and preferences agree on
// spelling. Parsing folds common variants ("Gluten Free", "gluten_free",
// "GF") to the canonical tag ("gluten-free").
#ifndef LEAFLOAF_CATALOG_DIETARY_H_
#define LEAFLOAF_CATALOG_DIETARY_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leafloaf {

// The canonical tags, in a stable order.
std::span<const std::string_view> KnownDietaryTags();

// Canonical form of one tag, or nullopt if it is not a known tag.
std::optional<std::string> CanonicalDietaryTag(std::string_view text);

// Splits a list separated by ',', ';' or '|' into canonical tags, sorted and
// unique. Unknown tags are returned in `unknown` when it is not null.
std::vector<std::string> ParseDietaryTags(std::string_view text,
                                          std::vector<std::string>* unknown = nullptr);

// Infers tags from an ingredient list with conservative keyword rules
// (e.g. no milk/whey/egg/meat words -> no "vegan" claim unless stated; "organic"
// in the text -> organic). Returns sorted, unique tags.
std::vector<std::string> InferDietaryTags(std::string_view name, std::string_view ingredients);

}  // namespace leafloaf

#endif  // LEAFLOAF_CATALOG_DIETARY_H_
