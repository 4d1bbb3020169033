#include "demo/line_spec.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "demo/diet.h"

namespace leafloaf::demo {
namespace {

struct UnitInfo {
  std::string_view name;
  Dimension dimension;
  double to_base;  // base units (fl oz, oz, count) per unit
};

// Longer names first so "fl oz" wins over "oz".
constexpr UnitInfo kUnits[] = {
    {"fl oz", Dimension::kVolume, 1.0},   {"gal", Dimension::kVolume, 128.0},
    {"qt", Dimension::kVolume, 32.0},     {"pt", Dimension::kVolume, 16.0},
    {"ml", Dimension::kVolume, 0.033814}, {"l", Dimension::kVolume, 33.814},
    {"oz", Dimension::kWeight, 1.0},      {"lb", Dimension::kWeight, 16.0},
    {"kg", Dimension::kWeight, 35.27396}, {"g", Dimension::kWeight, 0.03527396},
    {"ct", Dimension::kCount, 1.0},       {"pk", Dimension::kCount, 1.0},
};

// Months (bit m-1) of each season name.
uint32_t SeasonMonths(std::string_view season) {
  auto months = [](std::initializer_list<int> ms) {
    uint32_t bits = 0;
    for (int m : ms) bits |= 1u << (m - 1);
    return bits;
  };
  if (season == "spring") return months({3, 4, 5});
  if (season == "summer") return months({6, 7, 8});
  if (season == "fall") return months({9, 10, 11});
  if (season == "winter") return months({12, 1, 2});
  if (season == "holiday") return months({11, 12});
  if (season == "halloween") return months({9, 10});
  return 0;
}

absl::Status Bad(std::string_view what, std::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(AsAbsl(what), ": '", AsAbsl(text), "'"));
}

std::string ResolveBrand(std::string_view name) {
  if (name == "@") return std::string(kStoreBrand);
  if (name == "@@") return std::string(kStoreOrganicBrand);
  if (name == "-") return "";
  return std::string(name);
}

// Splits "Name[traits]" into name and traits text.
absl::StatusOr<std::pair<std::string_view, std::string_view>> SplitItem(std::string_view item) {
  item = AsStd(absl::StripAsciiWhitespace(AsAbsl(item)));
  size_t open = item.find('[');
  if (open == std::string_view::npos) return std::make_pair(item, std::string_view());
  if (item.back() != ']') return Bad("unclosed '['", item);
  return std::make_pair(AsStd(absl::StripTrailingAsciiWhitespace(AsAbsl(item.substr(0, open)))),
                        item.substr(open + 1, item.size() - open - 2));
}

absl::StatusOr<std::vector<Option>> ParseOptions(std::string_view text, bool brands) {
  std::vector<Option> options;
  for (absl::string_view item : absl::StrSplit(AsAbsl(text), '|')) {
    LL_ASSIGN_OR_RETURN(auto parts, SplitItem(AsStd(item)));
    LL_ASSIGN_OR_RETURN(Traits traits, ParseTraits(parts.second));
    std::string name = brands ? ResolveBrand(parts.first) : std::string(parts.first);
    if (brands && (parts.first == "@" || parts.first == "@@") && !traits.tier) {
      traits.tier = Tier::kStore;
    }
    if (brands && parts.first == "@@") traits.tags.push_back("organic");
    options.push_back({std::move(name), std::move(traits)});
  }
  return options;
}

absl::Status ApplyAttribute(std::string_view key, std::string_view value, Traits& traits) {
  if (key == "flavor") {
    traits.flavor = value;
  } else if (key == "season") {
    traits.season = value;
    traits.season_months = SeasonMonths(value);
    if (traits.season_months == 0) return Bad("unknown season", value);
  } else if (key == "needs") {
    if (value != "dog" && value != "cat" && value != "baby") return Bad("unknown need", value);
    traits.needs = value;
  } else if (key == "alt") {
    if (value != "dairy" && value != "meat") return Bad("unknown alternative", value);
    traits.alt = value;
  } else if (key == "only") {
    for (absl::string_view brand : absl::StrSplit(AsAbsl(value), '/')) {
      traits.only.push_back(ResolveBrand(AsStd(brand)));
    }
  } else if (key == "qty") {
    if (!absl::SimpleAtoi(AsAbsl(value), &traits.quantity) || traits.quantity < 1) {
      return Bad("bad quantity", value);
    }
  } else {
    return Bad("unknown attribute", key);
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kStore:
      return "store";
    case Tier::kValue:
      return "value";
    case Tier::kNational:
      return "national";
    case Tier::kPremium:
      return "premium";
  }
  return "national";
}

absl::StatusOr<Traits> ParseTraits(std::string_view text) {
  Traits traits;
  for (absl::string_view piece : absl::StrSplit(AsAbsl(text), ',', absl::SkipWhitespace())) {
    std::string_view token = AsStd(absl::StripAsciiWhitespace(piece));
    size_t eq = token.find('=');
    if (eq != std::string_view::npos) {
      LL_RETURN_IF_ERROR(ApplyAttribute(token.substr(0, eq), token.substr(eq + 1), traits));
    } else if (token[0] == '+' || token[0] == '-') {
      std::optional<uint32_t> bit = ContainsBitFromName(token.substr(1));
      if (!bit) return Bad("unknown ingredient class", token);
      (token[0] == '+' ? traits.add_contains : traits.remove_contains) |= *bit;
    } else if (token[0] == 'x' && token.size() > 1 &&
               (token[1] == '.' || absl::ascii_isdigit(token[1]))) {
      if (!absl::SimpleAtod(AsAbsl(token.substr(1)), &traits.price_factor) ||
          traits.price_factor <= 0) {
        return Bad("bad price factor", token);
      }
    } else if (token == "store" || token == "value" || token == "premium") {
      traits.tier = token == "store"   ? Tier::kStore
                    : token == "value" ? Tier::kValue
                                       : Tier::kPremium;
    } else if (token == "core") {
      traits.core = true;
    } else if (IsDemoDietaryTag(token)) {
      traits.tags.emplace_back(token);
    } else {
      return Bad("unknown trait", token);
    }
  }
  return traits;
}

absl::StatusOr<SizeOption> ParseSize(std::string_view text) {
  LL_ASSIGN_OR_RETURN(auto parts, SplitItem(text));
  SizeOption size;
  size.label = std::string(parts.first);
  std::string_view rest = parts.first;
  size_t end = rest.find(' ');
  if (end == std::string_view::npos) return Bad("size without unit", text);
  std::string_view amount = rest.substr(0, end);
  size_t slash = amount.find('/');
  double numerator = 0, denominator = 1;
  if (slash == std::string_view::npos
          ? !absl::SimpleAtod(AsAbsl(amount), &numerator)
          : !absl::SimpleAtod(AsAbsl(amount.substr(0, slash)), &numerator) ||
                !absl::SimpleAtod(AsAbsl(amount.substr(slash + 1)), &denominator) ||
                denominator == 0) {
    return Bad("bad size amount", text);
  }
  size.amount = numerator / denominator;
  rest = AsStd(absl::StripLeadingAsciiWhitespace(AsAbsl(rest.substr(end))));
  const UnitInfo* unit = nullptr;
  for (const UnitInfo& candidate : kUnits) {
    if (rest.substr(0, candidate.name.size()) == candidate.name &&
        (rest.size() == candidate.name.size() ||
         !absl::ascii_isalpha(rest[candidate.name.size()]))) {
      unit = &candidate;
      break;
    }
  }
  if (unit == nullptr || size.amount <= 0) return Bad("bad size unit", text);
  size.unit = std::string(unit->name);
  size.dimension = unit->dimension;
  size.base_quantity = size.amount * unit->to_base;
  LL_ASSIGN_OR_RETURN(size.traits, ParseTraits(parts.second));
  return size;
}

absl::StatusOr<ProductLine> ParseLine(const LineSpec& spec, int index) {
  ProductLine line;
  line.index = index;
  std::vector<absl::string_view> path = absl::StrSplit(AsAbsl(spec.path), " > ");
  if (path.size() != 2) return Bad("path is not 'Department > Aisle'", spec.path);
  line.department = std::string(path[0]);
  line.aisle = std::string(path[1]);
  line.pattern = std::string(spec.pattern);
  line.blurb = std::string(spec.blurb);
  line.base_cents = spec.base_cents;
  line.cycle_days = spec.cycle_days;
  line.reach = spec.reach;
  auto context = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(
        absl::StrCat(AsAbsl(spec.path), " / ", AsAbsl(spec.pattern), ": ", s.message()));
  };
  auto traits = ParseTraits(spec.traits);
  if (!traits.ok()) return context(traits.status());
  line.traits = *std::move(traits);
  auto variants = ParseOptions(spec.variants, /*brands=*/false);
  if (!variants.ok()) return context(variants.status());
  line.variants = *std::move(variants);
  auto brands = ParseOptions(spec.brands, /*brands=*/true);
  if (!brands.ok()) return context(brands.status());
  line.brands = *std::move(brands);
  for (absl::string_view piece : absl::StrSplit(AsAbsl(spec.sizes), '|')) {
    std::string_view item = AsStd(piece);
    auto size = ParseSize(item);
    if (!size.ok()) return context(size.status());
    if (!line.sizes.empty() && size->dimension != line.sizes[0].dimension &&
        size->traits.price_factor == 1.0) {
      return context(Bad("mixed size dimensions need an explicit price factor", item));
    }
    line.sizes.push_back(*std::move(size));
  }
  if (line.base_cents <= 0) return context(Bad("no base price", spec.pattern));
  return line;
}

Traits MergeTraits(const Traits& base, const Traits& more) {
  Traits merged = base;
  merged.tags.insert(merged.tags.end(), more.tags.begin(), more.tags.end());
  merged.add_contains = (merged.add_contains & ~more.remove_contains) | more.add_contains;
  merged.remove_contains = (merged.remove_contains & ~more.add_contains) | more.remove_contains;
  merged.price_factor *= more.price_factor;
  if (more.tier) merged.tier = more.tier;
  merged.core = merged.core || more.core;
  if (!more.flavor.empty()) merged.flavor = more.flavor;
  if (!more.season.empty()) {
    merged.season = more.season;
    merged.season_months = more.season_months;
  }
  if (!more.needs.empty()) merged.needs = more.needs;
  if (!more.alt.empty()) merged.alt = more.alt;
  if (!more.only.empty()) merged.only = more.only;
  if (more.quantity) merged.quantity = more.quantity;
  return merged;
}

}  // namespace leafloaf::demo
