// InferDietaryTags (declared in dietary.h). Conservative by design: a tag
// is only ever claimed when the product name states it (or, for organic,
// when the text says "organic"); ingredient words never add a diet claim,
// they only veto claims they contradict ("vegan" with whey in it).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "catalog/dietary.h"

namespace leafloaf {
namespace {

// Lowercase words of `text`, split at anything not a letter or digit.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char raw : text) {
    unsigned char c = static_cast<unsigned char>(raw);
    if (absl::ascii_isalnum(c)) {
      word.push_back(absl::ascii_tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool In(std::string_view word, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

template <size_t N>
bool In(std::string_view word, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), word) != std::end(set);
}

// True when the word sequence `phrase` occurs in `words`.
bool HasPhrase(const std::vector<std::string>& words,
               std::initializer_list<std::string_view> phrase) {
  if (phrase.size() == 0 || words.size() < phrase.size()) return false;
  for (size_t start = 0; start + phrase.size() <= words.size(); ++start) {
    size_t matched = 0;
    for (std::string_view p : phrase) {
      if (words[start + matched] != p) break;
      ++matched;
    }
    if (matched == phrase.size()) return true;
  }
  return false;
}

constexpr std::string_view kPlantWords[] = {
    "oat",  "oats", "almond",    "soy",   "soya",     "coconut", "cashew", "rice",
    "hemp", "pea",  "macadamia", "flax",  "hazelnut", "peanut",  "cocoa",  "shea",
    "nut",  "seed", "sunflower", "apple", "vegan",    "plant"};

bool IsDairyWord(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  const std::string_view prev = i > 0 ? std::string_view(words[i - 1]) : std::string_view();
  if (In(w, {"milk", "butter", "cream", "cheese", "yogurt", "yoghurt"})) {
    if (In(prev, kPlantWords)) return false;
    if (w == "cream" && i + 2 < words.size() && words[i + 1] == "of" && words[i + 2] == "tartar") {
      return false;
    }
    return true;
  }
  return In(w, {"whey", "casein", "caseinate", "caseinates", "lactose", "buttermilk", "ghee",
                "milkfat", "lactalbumin", "curds", "kefir"});
}

bool IsMeatWord(std::string_view w) {
  return In(w, {"beef",    "pork",      "chicken", "turkey",  "ham",       "bacon",   "lard",
                "gelatin", "gelatine",  "veal",    "lamb",    "mutton",    "duck",    "fish",
                "anchovy", "anchovies", "tuna",    "salmon",  "shrimp",    "crab",    "lobster",
                "sardine", "sardines",  "meat",    "sausage", "pepperoni", "salami",  "prosciutto",
                "chorizo", "tallow",    "clam",    "clams",   "mussel",    "mussels", "squid",
                "oyster",  "oysters",   "cod",     "tilapia", "venison",   "collagen"});
}

bool IsOtherAnimalWord(std::string_view w) {
  return In(w, {"egg", "eggs", "honey", "beeswax", "carmine", "cochineal", "shellac", "albumen",
                "mayonnaise", "lanolin"});
}

bool IsGlutenWord(std::string_view w) {
  return In(w, {"wheat", "barley", "rye", "malt", "spelt", "semolina", "durum", "farro",
                "triticale", "bulgur", "couscous", "seitan", "gluten"});
}

bool IsNutWord(std::string_view w) {
  return In(w, {"peanut", "peanuts", "almond", "almonds", "cashew", "cashews", "walnut", "walnuts",
                "pecan", "pecans", "pistachio", "pistachios", "hazelnut", "hazelnuts", "macadamia",
                "nut", "nuts", "filbert", "filberts"});
}

}  // namespace

std::vector<std::string> InferDietaryTags(std::string_view name, std::string_view ingredients) {
  const std::vector<std::string> name_words = Words(name);
  const std::vector<std::string> ingredient_words = Words(ingredients);
  std::vector<std::string> tags;
  auto claim = [&](bool stated, std::string_view tag) {
    if (stated) tags.emplace_back(tag);
  };
  const auto& n = name_words;
  // Claims stated in the name.
  claim(HasPhrase(n, {"vegan"}), "vegan");
  claim(HasPhrase(n, {"vegetarian"}), "vegetarian");
  claim(HasPhrase(n, {"gluten", "free"}) || HasPhrase(n, {"glutenfree"}), "gluten-free");
  claim(HasPhrase(n, {"lactose", "free"}), "lactose-free");
  claim(HasPhrase(n, {"dairy", "free"}) || HasPhrase(n, {"non", "dairy"}) ||
            HasPhrase(n, {"nondairy"}),
        "dairy-free");
  claim(HasPhrase(n, {"plant", "based"}), "plant-based");
  claim(HasPhrase(n, {"nut", "free"}), "nut-free");
  claim(HasPhrase(n, {"sugar", "free"}) || HasPhrase(n, {"zero", "sugar"}), "sugar-free");
  claim(HasPhrase(n, {"low", "sugar"}), "low-sugar");
  claim(HasPhrase(n, {"low", "fat"}) || HasPhrase(n, {"lowfat"}) || HasPhrase(n, {"fat", "free"}) ||
            HasPhrase(n, {"nonfat"}) || HasPhrase(n, {"non", "fat"}),
        "low-fat");
  claim(HasPhrase(n, {"low", "sodium"}), "low-sodium");
  claim(HasPhrase(n, {"kosher"}), "kosher");
  claim(HasPhrase(n, {"halal"}), "halal");
  claim(HasPhrase(n, {"keto"}), "keto");
  claim(HasPhrase(n, {"paleo"}), "paleo");
  claim(HasPhrase(n, {"non", "gmo"}) || HasPhrase(n, {"nongmo"}), "non-gmo");
  claim(HasPhrase(n, {"organic"}) || HasPhrase(ingredient_words, {"organic"}), "organic");
  // A plant milk, yogurt or creamer is plant-based and dairy-free by nature.
  for (size_t i = 0; i + 1 < n.size(); ++i) {
    if (In(n[i], {"oat", "almond", "soy", "soya", "coconut", "cashew", "rice", "hemp", "pea",
                  "macadamia", "flax"}) &&
        In(n[i + 1], {"milk", "beverage", "drink", "yogurt", "yoghurt", "creamer"})) {
      tags.emplace_back("plant-based");
      tags.emplace_back("dairy-free");
    }
  }
  if (HasPhrase(n, {"almondmilk"}) || HasPhrase(n, {"oatmilk"}) || HasPhrase(n, {"soymilk"})) {
    tags.emplace_back("plant-based");
    tags.emplace_back("dairy-free");
  }
  // Vegan implies vegetarian and dairy-free; dairy-free implies lactose-free.
  auto has = [&](std::string_view tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  };
  if (has("vegan")) {
    tags.emplace_back("vegetarian");
    tags.emplace_back("dairy-free");
    tags.emplace_back("plant-based");
  }
  if (has("dairy-free")) tags.emplace_back("lactose-free");

  // Vetoes: what the words (name or ingredients) contradict.
  bool dairy = false, meat = false, animal = false, gluten = false, nuts = false;
  for (const auto* words : {&name_words, &ingredient_words}) {
    for (size_t i = 0; i < words->size(); ++i) {
      const std::string& w = (*words)[i];
      dairy = dairy || IsDairyWord(*words, i);
      meat = meat || IsMeatWord(w);
      animal = animal || IsOtherAnimalWord(w);
      // "gluten free" or "nut free" is a claim, not an ingredient.
      bool free_claim = i + 1 < words->size() && (*words)[i + 1] == "free";
      gluten = gluten || (IsGlutenWord(w) && !free_claim);
      nuts = nuts || (IsNutWord(w) && !free_claim);
    }
  }
  std::erase_if(tags, [&](const std::string& tag) {
    if (tag == "vegan" || tag == "plant-based") return dairy || meat || animal;
    if (tag == "vegetarian") return meat;
    if (tag == "dairy-free") return dairy;
    if (tag == "lactose-free") return dairy && !HasPhrase(name_words, {"lactose", "free"});
    if (tag == "gluten-free") return gluten;
    if (tag == "nut-free") return nuts;
    return false;
  });
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

}  // namespace leafloaf
