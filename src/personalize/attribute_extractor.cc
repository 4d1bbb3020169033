#include "personalize/attribute_extractor.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"
#include "text/analyzer.h"

namespace leafloaf::personalize {
namespace {

// Keywords are matched on whole words of the folded name and description.
// Keep them specific: a false "spicy" costs a shopper a product they like.
constexpr AttributeRule kRules[] = {
    {.attribute = "spicy",
     .keywords = "spicy|hot|hot "
                 "sauce|jalapeno|habanero|chipotle|sriracha|cayenne|buffalo|chili|"
                 "chile|chilli|flamin hot|fuego|arrabbiata|pepper "
                 "jack|harissa|gochujang|"
                 "wasabi|ghost pepper|nashville hot|diablo|inferno|fiery",
     .ignore = "hot dog|hot dogs|hot cocoa|hot chocolate|hot cereal|hot "
               "pocket|hot pockets|"
               "hot tea|served hot|hot or cold|hot water",
     .veto = "mild|not spicy|no heat",
     .json_values = "flavor=spicy"},
    {.attribute = "low-sugar",
     .dietary_tags = "low-sugar",
     .keywords = "low sugar|reduced sugar|less sugar|lightly sweetened|no added sugar"},
    {.attribute = "sugar-free",
     .dietary_tags = "sugar-free",
     .keywords = "sugar free|no sugar added|zero sugar|unsweetened|diet "
                 "soda|diet cola"},
    {.attribute = "organic", .dietary_tags = "organic", .keywords = "organic|usda organic"},
    {.attribute = "plant-based",
     .dietary_tags = "plant-based|vegan",
     .keywords = "plant based|vegan|oat milk|oatmilk|almond milk|soy milk|coconut milk|"
                 "cashew milk|tofu|tempeh|meatless|veggie burger"},
    {.attribute = "dairy-free",
     .dietary_tags = "dairy-free|vegan",
     .keywords = "dairy free|non dairy|nondairy"},
    {.attribute = "gluten-free", .dietary_tags = "gluten-free", .keywords = "gluten free"},
    {.attribute = "kids",
     .keywords = "kids|kid|children|childrens|toddler|toddlers|lunchbox|lunch "
                 "box|juice box|"
                 "juice boxes|fruit snacks|lunchables",
     .json_values = "for=baby"},
    {.attribute = "baby",
     .keywords = "baby|infant|infants|teething|diapers|baby food",
     .ignore = "baby carrots|baby spinach|baby bella|baby back|baby "
               "potatoes|baby arugula|"
               "baby kale|baby corn|baby greens|baby lettuce",
     .json_values = "for=baby"},
    {.attribute = "high-protein", .keywords = "protein|high protein|greek yogurt|protein bar"},
    {.attribute = "low-fat",
     .dietary_tags = "low-fat",
     .keywords = "low fat|fat free|nonfat|non fat|reduced fat|skim"},
    {.attribute = "keto", .dietary_tags = "keto", .keywords = "keto|keto friendly"},
    {.attribute = "caffeine-free", .keywords = "decaf|decaffeinated|caffeine free"},
    {.attribute = "whole-grain", .keywords = "whole grain|whole wheat|multigrain|multi grain"},
};

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> out;
  if (list.empty()) return out;
  for (absl::string_view item : absl::StrSplit(AsAbsl(list), '|', absl::SkipWhitespace())) {
    out.push_back(std::string(AsStd(item)));
  }
  return out;
}

bool Contains(const std::string& text, const std::string& phrase) {
  return text.find(phrase) != std::string::npos;
}

}  // namespace

std::span<const AttributeRule> DefaultAttributeRules() { return kRules; }

std::string FoldForMatching(std::string_view text) {
  std::string folded = text::Analyzer::Fold(text);
  std::string out = " ";
  for (size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == '\'') continue;
    // U+2019 (right single quotation mark), as in "Flamin’ Hot".
    if (c == 0xE2 && i + 2 < folded.size() && folded[i + 1] == '\x80' && folded[i + 2] == '\x99') {
      i += 2;
      continue;
    }
    if (c >= 0x80 || absl::ascii_isalnum(c)) {
      out.push_back(static_cast<char>(absl::ascii_tolower(c)));
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

AttributeExtractor::AttributeExtractor() : AttributeExtractor(DefaultAttributeRules()) {}

AttributeExtractor::AttributeExtractor(std::span<const AttributeRule> rules) {
  for (const AttributeRule& rule : rules) {
    CompiledRule compiled;
    compiled.attribute = std::string(rule.attribute);
    compiled.dietary_tags = SplitList(rule.dietary_tags);
    for (const std::string& k : SplitList(rule.keywords)) {
      compiled.keywords.push_back(FoldForMatching(k));
    }
    for (const std::string& k : SplitList(rule.ignore)) {
      compiled.ignore.push_back(FoldForMatching(k));
    }
    for (const std::string& k : SplitList(rule.veto)) {
      compiled.veto.push_back(FoldForMatching(k));
    }
    for (const std::string& pair : SplitList(rule.json_values)) {
      size_t eq = pair.find('=');
      if (eq == std::string::npos) continue;
      compiled.json_values.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    rules_.push_back(std::move(compiled));
  }
}

std::vector<std::string> AttributeExtractor::Extract(std::string_view name,
                                                     std::string_view description,
                                                     std::span<const std::string> dietary_tags,
                                                     std::string_view attributes_json) const {
  std::vector<std::string> out(dietary_tags.begin(), dietary_tags.end());
  const std::string text = FoldForMatching(name) + FoldForMatching(description).substr(1);

  nlohmann::json json;
  if (!attributes_json.empty()) {
    json = nlohmann::json::parse(attributes_json, nullptr,
                                 /*allow_exceptions=*/false);
    if (!json.is_object()) json = nlohmann::json();
  }
  auto json_has = [&](const std::string& key, const std::string& value) {
    if (!json.is_object()) return false;
    auto it = json.find(key);
    if (it == json.end()) return false;
    if (it->is_string()) return it->get_ref<const std::string&>() == value;
    if (it->is_array()) {
      return std::any_of(it->begin(), it->end(), [&](const nlohmann::json& v) {
        return v.is_string() && v.get_ref<const std::string&>() == value;
      });
    }
    return false;
  };

  for (const CompiledRule& rule : rules_) {
    bool match =
        std::any_of(rule.dietary_tags.begin(), rule.dietary_tags.end(), [&](const auto& t) {
          return std::find(dietary_tags.begin(), dietary_tags.end(), t) != dietary_tags.end();
        });
    for (size_t i = 0; !match && i < rule.json_values.size(); ++i) {
      match = json_has(rule.json_values[i].first, rule.json_values[i].second);
    }
    if (!match && !rule.keywords.empty()) {
      std::string blanked = text;
      for (const std::string& phrase : rule.ignore) {
        for (size_t at = blanked.find(phrase); at != std::string::npos;
             at = blanked.find(phrase, at + 1)) {
          std::fill(blanked.begin() + at + 1, blanked.begin() + at + phrase.size() - 1, '_');
        }
      }
      const bool vetoed = std::any_of(rule.veto.begin(), rule.veto.end(),
                                      [&](const std::string& v) { return Contains(blanked, v); });
      match = !vetoed && std::any_of(rule.keywords.begin(), rule.keywords.end(),
                                     [&](const std::string& k) { return Contains(blanked, k); });
    }
    if (match) out.push_back(rule.attribute);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace leafloaf::personalize
