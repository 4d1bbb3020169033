#include "catalog/dietary.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"

namespace leafloaf {
namespace {

// Alphabetical, so KnownDietaryTags() and ParseDietaryTags() agree on order.
constexpr std::array<std::string_view, 17> kTags = {
    "dairy-free", "gluten-free", "halal",      "keto",    "kosher",     "lactose-free",
    "low-fat",    "low-sodium",  "low-sugar",  "non-gmo", "nut-free",   "organic",
    "paleo",      "plant-based", "sugar-free", "vegan",   "vegetarian",
};

struct Alias {
  std::string_view from;  // already normalized: lowercase, '-' between words
  std::string_view to;
};

constexpr Alias kAliases[] = {
    {"gf", "gluten-free"},
    {"glutenfree", "gluten-free"},
    {"no-gluten", "gluten-free"},
    {"df", "dairy-free"},
    {"dairyfree", "dairy-free"},
    {"non-dairy", "dairy-free"},
    {"nondairy", "dairy-free"},
    {"no-dairy", "dairy-free"},
    {"lactosefree", "lactose-free"},
    {"plantbased", "plant-based"},
    {"veggie", "vegetarian"},
    {"nutfree", "nut-free"},
    {"sugarfree", "sugar-free"},
    {"zero-sugar", "sugar-free"},
    {"no-sugar", "sugar-free"},
    {"lowsugar", "low-sugar"},
    {"lowfat", "low-fat"},
    {"fat-free", "low-fat"},
    {"nonfat", "low-fat"},
    {"non-fat", "low-fat"},
    {"lowsodium", "low-sodium"},
    {"ketogenic", "keto"},
    {"keto-friendly", "keto"},
    {"nongmo", "non-gmo"},
    {"gmo-free", "non-gmo"},
    {"non-gmo-project-verified", "non-gmo"},
    {"usda-organic", "organic"},
    {"certified-organic", "organic"},
    {"bio", "organic"},
};

// Lowercase; runs of spaces, '_' and '-' become one '-'; other punctuation
// is dropped. "Gluten Free" and "gluten_free" both become "gluten-free".
std::string NormalizeTag(std::string_view text) {
  std::string out;
  for (char raw : text) {
    unsigned char c = static_cast<unsigned char>(raw);
    if (absl::ascii_isalnum(c)) {
      out.push_back(absl::ascii_tolower(c));
    } else if ((c == ' ' || c == '_' || c == '-' || c == '\t') && !out.empty() &&
               out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

std::span<const std::string_view> KnownDietaryTags() { return kTags; }

std::optional<std::string> CanonicalDietaryTag(std::string_view text) {
  std::string tag = NormalizeTag(text);
  if (std::find(kTags.begin(), kTags.end(), tag) != kTags.end()) return tag;
  for (const Alias& alias : kAliases) {
    if (alias.from == tag) return std::string(alias.to);
  }
  return std::nullopt;
}

std::vector<std::string> ParseDietaryTags(std::string_view text,
                                          std::vector<std::string>* unknown) {
  std::vector<std::string> tags;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(",;|", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(start, end - start);
    start = end + 1;
    while (!part.empty() && absl::ascii_isspace(static_cast<unsigned char>(part.front()))) {
      part.remove_prefix(1);
    }
    while (!part.empty() && absl::ascii_isspace(static_cast<unsigned char>(part.back()))) {
      part.remove_suffix(1);
    }
    if (part.empty()) continue;
    if (std::optional<std::string> tag = CanonicalDietaryTag(part)) {
      tags.push_back(*std::move(tag));
    } else if (unknown != nullptr) {
      unknown->emplace_back(part);
    }
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

}  // namespace leafloaf
