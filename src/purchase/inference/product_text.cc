#include "purchase/inference/product_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/strings.h"
#include "personalize/attribute_extractor.h"

namespace leafloaf::purchase {

std::string ProductText(const Product& product) {
  return personalize::FoldForMatching(absl::StrCat(product.name, " ", product.category));
}

bool MatchesAnyPhrase(std::string_view text, std::string_view phrases, std::string_view ignore) {
  std::string blanked(text);
  for (absl::string_view phrase : absl::StrSplit(AsAbsl(ignore), '|', absl::SkipEmpty())) {
    const std::string padded = absl::StrCat(" ", phrase, " ");
    for (size_t pos = blanked.find(padded); pos != std::string::npos; pos = blanked.find(padded)) {
      blanked.replace(pos, padded.size(), " ");
    }
  }
  for (absl::string_view phrase : absl::StrSplit(AsAbsl(phrases), '|', absl::SkipEmpty())) {
    if (blanked.find(absl::StrCat(" ", phrase, " ")) != std::string::npos) return true;
  }
  return false;
}

}  // namespace leafloaf::purchase
