// SuggestionFilter: looks up the products a purchase model suggests in the
// shop's catalog and applies the shopper's declared dietary restrictions,
// a hard filter wherever products are suggested (issue 5): a suggestion is
// admitted only when its product carries every declared tag.
//
// Thread-safety: one filter per request (it counts what it dropped).
#ifndef LEAFLOAF_PURCHASE_SUGGESTION_FILTER_H_
#define LEAFLOAF_PURCHASE_SUGGESTION_FILTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/product.h"
#include "store/store.h"

namespace leafloaf::purchase {

// A suggestion: the product as the catalog has it now (nullopt once it left
// the catalog).
struct Suggested {
  std::optional<Product> product;
};

class SuggestionFilter {
 public:
  // `store` is not owned; `declared` are canonical dietary tags.
  SuggestionFilter(Store* store, std::string_view shop, std::vector<std::string> declared)
      : store_(store), shop_(shop), declared_(std::move(declared)) {}

  // nullopt when the product lacks a declared tag (or left the catalog
  // while tags are declared: its tags are unknown).
  std::optional<Suggested> Admit(const std::string& product_id);
  // Candidates to ask a model for: k, or 4k when the filter may drop some.
  size_t Overfetch(int k) const { return static_cast<size_t>(declared_.empty() ? k : 4 * k); }
  int filtered_out() const { return filtered_out_; }

 private:
  Store* store_;
  std::string shop_;
  const std::vector<std::string> declared_;
  int filtered_out_ = 0;
};

}  // namespace leafloaf::purchase

#endif  // LEAFLOAF_PURCHASE_SUGGESTION_FILTER_H_
