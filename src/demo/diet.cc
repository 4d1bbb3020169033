#include "demo/diet.h"

#include <algorithm>
#include <array>

namespace leafloaf::demo {
namespace {

constexpr std::array<std::string_view, 10> kContainsNames = {
    "milk", "egg", "meat", "fish", "shellfish", "gluten", "peanut", "tree-nut", "soy", "honey"};

constexpr std::array<std::string_view, kRestrictionCount> kRestrictionNames = {
    "vegan", "vegetarian", "lactose-free", "dairy-free", "gluten-free", "nut-free"};

constexpr std::array<std::string_view, 13> kTags = {
    "organic",    "vegan",       "vegetarian", "gluten-free", "lactose-free",
    "dairy-free", "plant-based", "nut-free",   "sugar-free",  "low-sugar",
    "low-fat",    "kosher",      "keto"};

constexpr uint32_t kAnimal = kMilk | kEgg | kMeat | kFish | kShellfish;
constexpr uint32_t kFlesh = kMeat | kFish | kShellfish;
constexpr uint32_t kNuts = kPeanut | kTreeNut;

}  // namespace

std::optional<uint32_t> ContainsBitFromName(std::string_view name) {
  for (size_t i = 0; i < kContainsNames.size(); ++i) {
    if (kContainsNames[i] == name) return 1u << i;
  }
  return std::nullopt;
}

std::vector<std::string> ContainsNames(uint32_t contains) {
  std::vector<std::string> names;
  for (size_t i = 0; i < kContainsNames.size(); ++i) {
    if (contains & (1u << i)) names.emplace_back(kContainsNames[i]);
  }
  return names;
}

std::string_view RestrictionName(uint32_t bit) {
  for (int i = 0; i < kRestrictionCount; ++i) {
    if (bit == (1u << i)) return kRestrictionNames[i];
  }
  return "";
}

std::vector<std::string> RestrictionNames(uint32_t restrictions) {
  std::vector<std::string> names;
  for (int i = 0; i < kRestrictionCount; ++i) {
    if (restrictions & (1u << i)) names.emplace_back(kRestrictionNames[i]);
  }
  return names;
}

std::span<const std::string_view> DemoDietaryTags() { return kTags; }

bool IsDemoDietaryTag(std::string_view tag) {
  return std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
}

bool DietAllows(uint32_t restrictions, uint32_t contains, bool lactose_free) {
  if ((restrictions & kVegan) && (contains & (kAnimal | kHoney))) return false;
  if ((restrictions & kVegetarian) && (contains & kFlesh)) return false;
  if ((restrictions & kDairyFree) && (contains & kMilk)) return false;
  if ((restrictions & kLactoseFree) && (contains & kMilk) && !lactose_free) return false;
  if ((restrictions & kGlutenFree) && (contains & kGluten)) return false;
  if ((restrictions & kNutFree) && (contains & kNuts)) return false;
  return true;
}

void ReconcileTags(uint32_t contains, std::vector<std::string>& tags) {
  auto contradicted = [contains](const std::string& tag) {
    if (tag == "vegan") return (contains & (kAnimal | kHoney)) != 0;
    if (tag == "plant-based") return (contains & kAnimal) != 0;
    if (tag == "vegetarian") return (contains & kFlesh) != 0;
    if (tag == "dairy-free") return (contains & kMilk) != 0;
    if (tag == "gluten-free") return (contains & kGluten) != 0;
    if (tag == "nut-free") return (contains & kNuts) != 0;
    return false;
  };
  tags.erase(std::remove_if(tags.begin(), tags.end(), contradicted), tags.end());
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
}

}  // namespace leafloaf::demo
