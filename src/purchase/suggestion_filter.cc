#include "purchase/suggestion_filter.h"

#include <algorithm>

namespace leafloaf::purchase {

std::optional<Suggested> SuggestionFilter::Admit(const std::string& product_id) {
  Suggested out;
  auto product = store_->GetProduct(shop_, product_id);
  if (product.ok()) out.product = std::move(*product);
  for (const std::string& tag : declared_) {
    const bool has = out.product &&
                     std::find(out.product->dietary_tags.begin(), out.product->dietary_tags.end(),
                               tag) != out.product->dietary_tags.end();
    if (!has) {
      ++filtered_out_;
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace leafloaf::purchase
