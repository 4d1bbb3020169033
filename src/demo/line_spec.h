// Parses the catalog tables' compact notation (catalog_tables.h) into
// typed product lines.
#ifndef LEAFLOAF_DEMO_LINE_SPEC_H_
#define LEAFLOAF_DEMO_LINE_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/money.h"
#include "demo/catalog_tables.h"

namespace leafloaf::demo {

enum class Tier { kStore = 0, kValue = 1, kNational = 2, kPremium = 3 };
std::string_view TierName(Tier tier);  // "store", "value", "national", "premium"

struct Traits {
  std::vector<std::string> tags;  // dietary tags, as written
  uint32_t add_contains = 0;
  uint32_t remove_contains = 0;
  double price_factor = 1.0;
  std::optional<Tier> tier;
  bool core = false;
  std::string flavor;
  std::string season;
  uint32_t season_months = 0;  // bit (m - 1) for month m; 0 = all year
  std::string needs;
  std::string alt;
  std::vector<std::string> only;  // brand names, "@" already resolved
  int quantity = 0;               // 0 = unspecified
};

struct Option {
  std::string name;
  Traits traits;
};

enum class Dimension { kVolume, kWeight, kCount };

struct SizeOption {
  double amount = 0;
  std::string unit;   // canonical
  std::string label;  // as written, for the product name
  Dimension dimension = Dimension::kCount;
  double base_quantity = 0;  // in fl oz, oz or count
  Traits traits;
};

struct ProductLine {
  int index = 0;
  std::string department;
  std::string aisle;
  std::string pattern;
  std::string blurb;
  std::vector<Option> variants;
  std::vector<Option> brands;  // name "" = unbranded
  std::vector<SizeOption> sizes;
  Traits traits;
  Cents base_cents = 0;
  int cycle_days = 0;
  int reach = 0;

  std::string category() const { return department + " > " + aisle; }
};

// kInvalidArgument naming the line and the offending token.
absl::StatusOr<Traits> ParseTraits(std::string_view text);
absl::StatusOr<SizeOption> ParseSize(std::string_view text);
absl::StatusOr<ProductLine> ParseLine(const LineSpec& spec, int index);

// Combines traits from line, brand, variant and size, in that order:
// tags and contains accumulate, factors multiply, later scalars win.
Traits MergeTraits(const Traits& base, const Traits& more);

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_LINE_SPEC_H_
