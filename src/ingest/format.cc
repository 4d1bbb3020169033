#include "ingest/format.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace leafloaf {
namespace {

struct Entry {
  std::string_view name;
  std::unique_ptr<Format> (*make)();
};

constexpr Entry kFormats[] = {
    {"instacart", MakeInstacartFormat},
    {"completejourney", MakeCompleteJourneyFormat},
    {"groceries", MakeGroceriesFormat},
    {"superstore", MakeSuperstoreFormat},
    {"openfoodfacts", MakeOpenFoodFactsFormat},
    {"products", MakeProductsFormat},
    {"orders", MakeOrdersFormat},
    {"reviews", MakeReviewsFormat},
    {"prices", MakePricesFormat},
};

}  // namespace

std::vector<std::string> FormatNames() {
  std::vector<std::string> names;
  for (const Entry& entry : kFormats) names.emplace_back(entry.name);
  return names;
}

absl::StatusOr<std::unique_ptr<Format>> MakeFormat(std::string_view name) {
  for (const Entry& entry : kFormats) {
    if (entry.name == name) return entry.make();
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown format '", std::string(name),
                                                 "'; known: ", absl::StrJoin(FormatNames(), ", ")));
}

}  // namespace leafloaf
