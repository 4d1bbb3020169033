// Whole-word phrase matching over a product's folded text, shared by the
// household and dietary inference: the text is the product's name and
// category path folded by personalize::FoldForMatching (" word word ").
#ifndef LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_TEXT_H_
#define LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_TEXT_H_

#include <string>
#include <string_view>

#include "catalog/product.h"

namespace leafloaf::purchase {

// " name words category words " folded.
std::string ProductText(const Product& product);

// Whether `text` (from ProductText) contains any of the '|'-separated
// phrases of `phrases` as whole words, after blanking every phrase of
// `ignore` ('|'-separated, may be empty).
bool MatchesAnyPhrase(std::string_view text, std::string_view phrases,
                      std::string_view ignore = "");

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_INFERENCE_PRODUCT_TEXT_H_
