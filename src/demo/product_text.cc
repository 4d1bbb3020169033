#include "demo/product_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/strings.h"
#include "demo/diet.h"
#include "nlohmann/json.hpp"

namespace leafloaf::demo {
namespace {

// The name without the size: brand, then the pattern with the variant.
std::string BaseName(const ProductParts& parts) {
  std::string body = absl::StrReplaceAll(parts.line->pattern, {{"{v}", parts.variant->name}});
  body = absl::StrReplaceAll(body, {{"  ", " "}});
  while (!body.empty() && body.front() == ' ') body.erase(0, 1);
  while (!body.empty() && body.back() == ' ') body.pop_back();
  if (parts.brand->name.empty()) return body;
  return absl::StrCat(parts.brand->name, " ", body);
}

std::string_view SeasonPhrase(std::string_view season) {
  if (season == "summer") return "this summer";
  if (season == "fall") return "this fall";
  if (season == "winter") return "this winter";
  if (season == "spring") return "this spring";
  if (season == "holiday") return "for the holidays";
  if (season == "halloween") return "for Halloween";
  return "this season";
}

}  // namespace

std::string ComposeName(const ProductParts& parts) {
  return absl::StrCat(BaseName(parts), ", ", parts.size->label);
}

std::string ComposeDescription(const ProductParts& parts) {
  std::string text =
      absl::StrCat(BaseName(parts), " (", parts.size->label, "). ", parts.line->blurb);
  const std::string& flavor = parts.traits.flavor;
  if (flavor == "spicy") {
    absl::StrAppend(&text, " Bold, spicy heat in every bite.");
  } else if (flavor == "plain") {
    absl::StrAppend(&text, " Simply seasoned for a classic, mild taste.");
  }
  if (parts.tier == Tier::kStore) {
    absl::StrAppend(&text, " Our ", parts.brand->name, " store brand: the same quality for less.");
  } else if (parts.tier == Tier::kPremium) {
    absl::StrAppend(&text, " A premium pick, crafted with carefully sourced ingredients.");
  }
  if (!parts.traits.season.empty()) {
    absl::StrAppend(&text, " Seasonal: available for a limited time ",
                    AsAbsl(SeasonPhrase(parts.traits.season)), ".");
  }
  if (!parts.tags.empty())
    absl::StrAppend(&text, " Dietary: ", absl::StrJoin(parts.tags, ", "), ".");
  if (parts.contains != 0) {
    absl::StrAppend(&text, " Contains: ", absl::StrJoin(ContainsNames(parts.contains), ", "), ".");
  }
  return text;
}

std::string ComposeAttributes(const ProductParts& parts) {
  nlohmann::json json = nlohmann::json::object();
  json["tier"] = std::string(TierName(parts.tier));
  if (parts.contains != 0) json["contains"] = ContainsNames(parts.contains);
  if (!parts.traits.flavor.empty()) json["flavor"] = parts.traits.flavor;
  if (!parts.traits.season.empty()) json["season"] = parts.traits.season;
  if (!parts.traits.needs.empty()) json["for"] = parts.traits.needs;
  return json.dump();
}

}  // namespace leafloaf::demo
