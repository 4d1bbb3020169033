#include "agents/entity_extractor.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "catalog/dietary.h"

namespace leafloaf::agents {
namespace {

using internal::FuzzyEquals;
using internal::NumberWord;
using internal::Token;

// ---------------------------------------------------------------- budget

bool IsCurrencyWord(const Token& t) {
  return t.is("dollars") || t.is("dollar") || t.is("bucks") || t.is("buck") || t.is("usd");
}

// Words that lead up to an amount ("keep it under", "no more than").
bool IsBudgetLeadWord(const Token& t) {
  static constexpr std::string_view kWords[] = {
      "under", "below", "less", "than", "max", "maximum", "within", "most", "over",
      "budget", "around", "about", "cheaper", "to", "at", "of", "for", "up", "no", "more", "is",
  };
  return std::find(std::begin(kWords), std::end(kWords), t.text) != std::end(kWords);
}

struct BudgetMatch {
  int64_t cents = -1;
  size_t begin = 0, end = 0;
};

BudgetMatch MatchBudget(std::span<const Token> tokens, bool bare_numbers_are_dollars) {
  BudgetMatch match;
  auto cents = [](double dollars) {
    return static_cast<int64_t>(std::llround(std::min(dollars, 1e9) * 100));
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].is("$") && i + 1 < tokens.size() && tokens[i + 1].is_number()) {
      match = {cents(tokens[i + 1].value), i, i + 2};
      if (i + 2 < tokens.size() && IsCurrencyWord(tokens[i + 2])) match.end = i + 3;
      break;
    }
    if (tokens[i].is_number() && i + 1 < tokens.size() && IsCurrencyWord(tokens[i + 1])) {
      match = {cents(tokens[i].value), i, i + 2};
      break;
    }
  }
  if (match.cents < 0 && bare_numbers_are_dollars) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].is_number()) continue;
      const bool lead = i > 0 && IsBudgetLeadWord(tokens[i - 1]);
      // "60 max", "50 tops"
      const bool trail = i + 1 < tokens.size() &&
                         (tokens[i + 1].is("max") || tokens[i + 1].is("maximum") ||
                          tokens[i + 1].is("tops") || tokens[i + 1].is("total"));
      if (lead || trail) {
        match = {cents(tokens[i].value), i, trail ? i + 2 : i + 1};
        break;
      }
    }
  }
  if (match.cents >= 0) {
    while (match.begin > 0 && IsBudgetLeadWord(tokens[match.begin - 1])) --match.begin;
  }
  return match;
}

// ---------------------------------------------------------------- dietary

struct DietMatch {
  size_t begin = 0, end = 0;
  std::string_view tag;
};

struct DietPhrase {
  std::initializer_list<std::string_view> words;
  std::string_view tag;
};

// Phrases catalog/dietary.h's aliases do not cover: how shoppers describe
// themselves rather than products.
const DietPhrase kDietPhrases[] = {
    {{"allergic", "to", "tree", "nuts"}, "nut-free"},
    {{"allergic", "to", "nuts"}, "nut-free"},
    {{"allergic", "to", "peanuts"}, "nut-free"},
    {{"allergic", "to", "dairy"}, "dairy-free"},
    {{"allergic", "to", "milk"}, "dairy-free"},
    {{"allergic", "to", "gluten"}, "gluten-free"},
    {{"allergic", "to", "wheat"}, "gluten-free"},
    {{"nut", "allergy"}, "nut-free"},
    {{"peanut", "allergy"}, "nut-free"},
    {{"peanut", "free"}, "nut-free"},
    {{"no", "nuts"}, "nut-free"},
    {{"without", "nuts"}, "nut-free"},
    {{"without", "gluten"}, "gluten-free"},
    {{"without", "dairy"}, "dairy-free"},
    {{"lactose", "intolerant"}, "lactose-free"},
    {{"avoid", "gluten"}, "gluten-free"},
    {{"avoid", "dairy"}, "dairy-free"},
    {{"avoid", "nuts"}, "nut-free"},
    {{"avoid", "peanuts"}, "nut-free"},
    {{"avoid", "meat"}, "vegetarian"},
    {{"avoid", "sugar"}, "sugar-free"},
    {{"cant", "have", "gluten"}, "gluten-free"},
    {{"cant", "have", "dairy"}, "dairy-free"},
    {{"cant", "have", "nuts"}, "nut-free"},
    {{"cant", "eat", "gluten"}, "gluten-free"},
    {{"cant", "eat", "dairy"}, "dairy-free"},
    {{"cant", "eat", "nuts"}, "nut-free"},
    {{"dont", "eat", "gluten"}, "gluten-free"},
    {{"dont", "eat", "dairy"}, "dairy-free"},
    {{"dont", "eat", "nuts"}, "nut-free"},
    {{"no", "peanuts"}, "nut-free"},
    {{"celiac"}, "gluten-free"},
    {{"coeliac"}, "gluten-free"},
    {{"dont", "eat", "meat"}, "vegetarian"},
    {{"no", "meat"}, "vegetarian"},
    {{"low", "carb"}, "keto"},
    {{"no", "added", "sugar"}, "sugar-free"},
    {{"low", "salt"}, "low-sodium"},
};

// Single words matched with typos ("vegen", "organik").
constexpr std::string_view kFuzzyDietWords[] = {"vegan", "vegetarian", "organic", "kosher",
                                                "halal"};
// First words of "<x> free" matched with typos ("gluton free").
constexpr std::pair<std::string_view, std::string_view> kFuzzyFree[] = {
    {"gluten", "gluten-free"}, {"dairy", "dairy-free"}, {"lactose", "lactose-free"},
    {"sugar", "sugar-free"}};

std::vector<DietMatch> MatchDietary(std::span<const Token> tokens) {
  std::vector<DietMatch> out;
  for (size_t i = 0; i < tokens.size();) {
    if (!tokens[i].is_word()) {
      ++i;
      continue;
    }
    std::optional<DietMatch> found;
    for (const DietPhrase& phrase : kDietPhrases) {
      size_t t = i;
      bool ok = true;
      for (std::string_view w : phrase.words) {
        if (t >= tokens.size() || !tokens[t].is(w)) {
          ok = false;
          break;
        }
        ++t;
      }
      if (ok) {
        found = DietMatch{i, t, phrase.tag};
        break;
      }
    }
    // Windows of 3, 2, 1 words through the catalog's own aliases.
    for (size_t len = 3; !found && len >= 1; --len) {
      if (i + len > tokens.size()) continue;
      std::string joined;
      bool words = true;
      for (size_t k = i; k < i + len; ++k) {
        if (!tokens[k].is_word()) words = false;
        if (!joined.empty()) joined.push_back(' ');
        joined += tokens[k].text;
      }
      // "veggie" names products (veggie straws), "bio" a biography.
      if (!words || joined == "veggie" || joined == "bio" || joined == "df") continue;
      if (std::optional<std::string> tag = CanonicalDietaryTag(joined)) {
        for (std::string_view known : KnownDietaryTags()) {
          if (known == *tag) found = DietMatch{i, i + len, known};
        }
      }
    }
    if (!found) {
      for (std::string_view w : kFuzzyDietWords) {
        if (tokens[i].text.size() >= 4 && FuzzyEquals(tokens[i].text, w)) {
          found = DietMatch{i, i + 1, w};
          break;
        }
      }
    }
    if (!found && i + 1 < tokens.size() && tokens[i + 1].is("free")) {
      for (const auto& [w, tag] : kFuzzyFree) {
        if (FuzzyEquals(tokens[i].text, w)) {
          found = DietMatch{i, i + 2, tag};
          break;
        }
      }
    }
    if (found) {
      out.push_back(*found);
      i = found->end;
    } else {
      ++i;
    }
  }
  return out;
}

// ---------------------------------------------------------------- words

// Cue and filler words: never part of a product mention.
bool IsStripWord(std::string_view w) {
  static const auto* kWords = new absl::flat_hash_set<std::string_view>{
      "please", "pls", "plz", "thanks", "thank", "thx", "you", "can", "could", "would",
      "will", "want", "wanna", "need", "needs", "like", "id", "i", "im", "ive", "ill", "me",
      "my", "mine", "we", "us", "our", "ours", "your", "let", "lemme", "gimme", "give",
      "get", "got", "grab", "buy", "order", "purchase", "include", "add", "ad", "addd",
      "put", "throw", "toss", "remove", "delete", "drop", "rid", "take", "out", "off",
      "search", "find", "look", "looking", "show", "see", "display", "do", "does", "did",
      "have", "has", "having", "is", "are", "was", "be", "am", "there", "any", "some",
      "more", "also", "too", "again", "just", "the", "of", "to", "into", "in", "from", "on",
      "onto", "for", "cart", "carts", "basket", "trolley", "list", "now", "today", "hey",
      "hi", "ok", "okay", "oh", "um", "uh", "actually", "instead", "change", "update", "set",
      "make", "bump", "increase", "decrease", "reduce", "lower", "raise", "quantity",
      "amount", "how", "much", "many", "what", "whats", "which", "cost", "costs", "price",
      "prices", "priced", "stock", "available", "sell", "carry", "stocked", "should",
      "something", "stuff", "goes", "go", "well", "good", "pairs", "pair", "pairing",
      "paired", "serve", "suggest", "recommend", "ideas", "idea", "else", "sale", "deal",
      "deals", "discount", "discounts", "at", "all", "it", "that", "this", "those", "these",
      "them", "they", "calories", "ingredients", "nutrition", "info", "sure",
      "yes", "yeah", "kindly", "really", "maybe", "either", "youve", "u", "ya", "gonna",
      "tell", "know", "about", "guys", "browse", "searching", "kind", "type", "types", "brand",
      "brands", "sort", "changed", "mind", "anymore", "dont", "people", "wat", "tonight",
      "only", "sides", "trying", "stock", "wanted", "options", "option", "where", "no", "up",
      "down", "complement", "complements", "pairing", "pairings", "lose", "scratch", "never",
      "nevermind", "forget", "ditch", "anything", "everything", "kinds", "stick", "read",
  };
  if (kWords->contains(w)) return true;
  // Typos of the longer cue words ("serch", "remvoe", "pleas").
  static constexpr std::string_view kFuzzy[] = {"search", "remove", "delete", "please", "make"};
  for (std::string_view cue : kFuzzy) {
    if (w.size() >= 4 && FuzzyEquals(w, cue)) return true;
  }
  return false;
}

bool IsPronoun(const Token& t) {
  return t.is("it") || t.is("that") || t.is("this") || t.is("those") || t.is("these") ||
         t.is("them") || t.is("they");
}

std::optional<int> OrdinalWord(std::string_view w) {
  static constexpr std::pair<std::string_view, int> kWords[] = {
      {"first", 1},  {"1st", 1},   {"second", 2}, {"2nd", 2},    {"third", 3},
      {"3rd", 3},    {"fourth", 4}, {"4th", 4},   {"fifth", 5},  {"5th", 5},
      {"sixth", 6},  {"6th", 6},   {"seventh", 7}, {"7th", 7},   {"eighth", 8},
      {"8th", 8},    {"ninth", 9}, {"9th", 9},    {"tenth", 10}, {"10th", 10},
      {"last", -1},
  };
  for (const auto& [word, index] : kWords) {
    if (word == w) return index;
  }
  return std::nullopt;
}

bool IsReferenceNoun(const Token& t) {
  return t.is("one") || t.is("ones") || t.is("item") || t.is("option") || t.is("result") ||
         t.is("product") || t.is("choice") || t.is("thing");
}

// Units after a quantity: measures always; containers only before "of"
// or another word ("2 cans of tomatoes", "3 cans tomatoes").
struct Unit {
  std::string_view word;
  std::string_view canonical;
  bool measure;
};
constexpr Unit kUnits[] = {
    {"gallon", "gallon", true},     {"gallons", "gallon", true},   {"gal", "gallon", true},
    {"lb", "lb", true},             {"lbs", "lb", true},           {"pound", "lb", true},
    {"pounds", "lb", true},         {"oz", "oz", true},            {"ounce", "oz", true},
    {"ounces", "oz", true},         {"kg", "kg", true},            {"kilo", "kg", true},
    {"kilos", "kg", true},          {"g", "g", true},              {"gram", "g", true},
    {"grams", "g", true},           {"liter", "liter", true},      {"liters", "liter", true},
    {"litre", "liter", true},       {"litres", "liter", true},     {"l", "liter", true},
    {"ml", "ml", true},             {"pint", "pint", true},        {"pints", "pint", true},
    {"quart", "quart", true},       {"quarts", "quart", true},     {"qt", "quart", true},
    {"pack", "pack", false},        {"packs", "pack", false},      {"pk", "pack", false},
    {"package", "pack", false},     {"packages", "pack", false},   {"packet", "pack", false},
    {"packets", "pack", false},     {"bottle", "bottle", false},   {"bottles", "bottle", false},
    {"can", "can", false},          {"cans", "can", false},        {"tin", "can", false},
    {"tins", "can", false},         {"loaf", "loaf", false},       {"loaves", "loaf", false},
    {"loafs", "loaf", false},       {"bunch", "bunch", false},     {"bunches", "bunch", false},
    {"bag", "bag", false},          {"bags", "bag", false},        {"box", "box", false},
    {"boxes", "box", false},        {"carton", "carton", false},   {"cartons", "carton", false},
    {"jar", "jar", false},          {"jars", "jar", false},        {"case", "case", false},
    {"cases", "case", false},       {"container", "container", false},
    {"containers", "container", false}, {"tub", "tub", false},    {"tubs", "tub", false},
    {"head", "head", false},        {"heads", "head", false},      {"bar", "bar", false},
    {"bars", "bar", false},         {"roll", "roll", false},       {"rolls", "roll", false},
    {"stick", "stick", false},      {"sticks", "stick", false},    {"block", "block", false},
    {"blocks", "block", false},     {"pouch", "pouch", false},     {"pouches", "pouch", false},
    {"dozen", "dozen", true},
};

const Unit* FindUnit(std::string_view w) {
  for (const Unit& unit : kUnits) {
    if (unit.word == w) return &unit;
  }
  return nullptr;
}

// Word pairs joined by "and"/"&" inside one product: "half and half".
bool IsCompound(std::string_view left, std::string_view right) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"half", "half"},   {"mac", "cheese"},   {"macaroni", "cheese"}, {"salt", "vinegar"},
      {"cream", "onion"}, {"butter", "jelly"}, {"oats", "honey"},      {"chive", "onion"},
      {"chicken", "rice"}, {"lamb", "rice"},   {"sweet", "salty"},     {"sweet", "sour"},
      {"sweet", "spicy"}, {"free", "clear"},   {"pork", "beans"},      {"chips", "salsa"},
  };
  for (const auto& [l, r] : kPairs) {
    if (l == left && r == right) return true;
  }
  return false;
}

// ---------------------------------------------------------------- items

// A token after the cue words are gone: a word, a number or a separator.
struct Piece {
  std::string text;
  bool number = false;
  bool separator = false;
  double value = 0;
};

bool IsSeparatorWord(std::string_view w) {
  return w == "and" || w == "&" || w == "plus" || w == "or" || w == "then" || w == "," ||
         w == ".";
}

std::optional<double> QuantityWord(std::string_view w) {
  if (w == "half") return std::nullopt;  // handled with its neighbours
  if (w == "another") return 1;
  return NumberWord(w);
}

void Trim(std::vector<std::string>& words) {
  auto filler = [](std::string_view w) {
    return w == "of" || w == "a" || w == "an" || w == "the" || w == "and" || w == "with";
  };
  while (!words.empty() && filler(words.back())) words.pop_back();
  while (!words.empty() && filler(words.front())) words.erase(words.begin());
}

struct Segment {
  ItemMention item;
  bool has_text = false;
  bool article = false;  // the quantity 1 came from "a"/"an"
};

Segment ParseSegment(std::span<const Piece> pieces) {
  Segment seg;
  size_t i = 0;
  auto at = [&](size_t k) -> std::string_view {
    return k < pieces.size() ? std::string_view(pieces[k].text) : std::string_view();
  };
  while (at(i) == "of") ++i;
  double qty = 0;
  if (i < pieces.size() && pieces[i].number) {
    qty = pieces[i].value;
    ++i;
    if (at(i) == "dozen") qty *= 12, ++i;
  } else if (at(i) == "a" || at(i) == "an") {
    if (at(i + 1) == "dozen") {
      qty = 12, i += 2;
    } else if (at(i + 1) == "couple" || at(i + 1) == "pair") {
      qty = 2, i += 2;
    } else if (at(i + 1) == "few") {
      qty = 0, i += 2;
    } else if (at(i + 1) == "half") {
      qty = 0.5, i += 2;
    } else {
      qty = 1, i += 1;
      seg.article = true;
    }
  } else if (at(i) == "half") {
    if ((at(i + 1) == "a" || at(i + 1) == "an") && at(i + 2) == "dozen") {
      qty = 6, i += 3;
    } else if (at(i + 1) == "dozen") {
      qty = 6, i += 2;
    } else if ((at(i + 1) == "a" || at(i + 1) == "an") && FindUnit(at(i + 2)) != nullptr) {
      qty = 0.5, i += 2;
    } else if (FindUnit(at(i + 1)) != nullptr) {
      qty = 0.5, i += 1;
    }
  } else if (at(i) == "few") {
    ++i;
  } else if (std::optional<double> value = QuantityWord(at(i))) {
    qty = *value;
    ++i;
    if (at(i) == "dozen") qty *= 12, ++i;
  }
  while (at(i) == "of") ++i;
  if (const Unit* unit = FindUnit(at(i))) {
    const bool next_is_word = i + 1 < pieces.size() && !pieces[i + 1].number;
    if (unit->canonical == "dozen") {
      qty = (qty > 0 ? qty : 1) * 12;
      ++i;
    } else if (unit->measure || (next_is_word && (qty > 0 || at(i + 1) == "of")) ||
               (qty > 0 && i + 1 == pieces.size())) {
      // "2 cans of beans", "a bag of rice", and "... to 2 bags" (the unit
      // of a bare quantity, given to the item before it).
      seg.item.unit = std::string(unit->canonical);
      ++i;
    }
  }
  while (at(i) == "of") ++i;
  std::vector<std::string> words;
  for (; i < pieces.size(); ++i) words.push_back(pieces[i].text);
  Trim(words);
  for (const std::string& w : words) {
    if (!seg.item.text.empty()) seg.item.text.push_back(' ');
    seg.item.text += w;
  }
  seg.item.quantity = qty;
  seg.has_text = !seg.item.text.empty();
  return seg;
}

// Words that end the product in a question: "does the granola have nuts".
bool IsAttributeVerb(std::string_view w) {
  return w == "have" || w == "has" || w == "contain" || w == "contains" || w == "come" ||
         w == "comes" || w == "taste" || w == "made" || w == "expire" || w == "expires" ||
         w == "last" || w == "keep";
}

// Question words that are never the product in a product question.
bool IsQuestionWord(std::string_view w) {
  return w == "big" || w == "bigger" || w == "size" || w == "when" || w == "long" ||
         w == "heavy" || w == "large";
}

}  // namespace

int64_t FindBudgetCents(std::span<const Token> tokens, bool bare_numbers_are_dollars) {
  return MatchBudget(tokens, bare_numbers_are_dollars).cents;
}

std::vector<std::string> FindDietaryTags(std::span<const Token> tokens) {
  std::vector<std::string> tags;
  for (const DietMatch& m : MatchDietary(tokens)) tags.emplace_back(m.tag);
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

Entities ExtractEntities(std::span<const Token> tokens, Intent intent, const Lexicon& lexicon) {
  Entities out;
  const size_t n = tokens.size();
  enum Role : uint8_t { kFree, kUsed, kBrand, kDiet };
  std::vector<Role> role(n, kFree);

  const BudgetMatch budget = MatchBudget(tokens, intent == Intent::kSetBudget);
  out.budget_cents = budget.cents;
  if (budget.cents >= 0) {
    for (size_t k = budget.begin; k < budget.end; ++k) role[k] = kUsed;
  }

  for (const Lexicon::Match& m : lexicon.Find(tokens)) {
    if (std::find(out.brands.begin(), out.brands.end(), *m.brand) == out.brands.end()) {
      out.brands.push_back(*m.brand);
    }
    for (size_t k = m.begin; k < m.end; ++k) role[k] = kBrand;
  }

  std::vector<DietMatch> diets;
  for (const DietMatch& m : MatchDietary(tokens)) {
    bool in_brand = false;
    for (size_t k = m.begin; k < m.end; ++k) in_brand |= role[k] == kBrand;
    if (in_brand) continue;  // "Horizon Organic" is a brand, not a claim
    diets.push_back(m);
    out.dietary.emplace_back(m.tag);
    for (size_t k = m.begin; k < m.end; ++k) {
      if (role[k] == kFree) role[k] = kDiet;
    }
  }
  std::sort(out.dietary.begin(), out.dietary.end());
  out.dietary.erase(std::unique(out.dietary.begin(), out.dietary.end()), out.dietary.end());

  if (!IntentTakesItems(intent)) return out;

  bool described = false;
  // "2 instead of 1", "2 not 1": the old quantity is not a mention.
  for (size_t i = 0; i + 1 < n; ++i) {
    if (tokens[i].is("instead") && i + 2 < n && tokens[i + 1].is("of") &&
        tokens[i + 2].is_number()) {
      role[i] = role[i + 1] = role[i + 2] = kUsed;
    }
    if (tokens[i].is("not") && tokens[i + 1].is_number()) role[i] = role[i + 1] = kUsed;
  }
  // "the organic one", "the Chobani one": a described reference.
  for (size_t i = 0; i < n; ++i) {
    if (!(tokens[i].is("one") || tokens[i].is("ones")) || role[i] != kFree || i < 2) continue;
    size_t the = i;
    while (the > 0 && i - the < 3 && !tokens[the - 1].is("the")) --the;
    if (the == 0 || !tokens[the - 1].is("the") || the == i) continue;
    bool ordinal_between = false;  // "the second one" is an ordinal, below
    for (size_t k = the; k < i; ++k) ordinal_between |= OrdinalWord(tokens[k].text).has_value();
    if (ordinal_between) continue;
    const bool ends = i + 1 == n || !tokens[i + 1].is_word() || IsStripWord(tokens[i + 1].text);
    if (!ends) continue;
    for (size_t k = the - 1; k <= i; ++k) role[k] = kUsed;
    described = true;
  }

  // References: ordinals first, then pronouns that stand alone.
  std::optional<int> ordinal;
  bool pronoun = false;
  auto is_content = [&](size_t k) {
    return k < n && role[k] == kFree && tokens[k].is_word() && !IsStripWord(tokens[k].text) &&
           !IsSeparatorWord(tokens[k].text) && !QuantityWord(tokens[k].text) &&
           !tokens[k].is("a") && !tokens[k].is("an");
  };
  for (size_t i = 0; i < n; ++i) {
    if (role[i] != kFree) continue;
    const Token& t = tokens[i];
    std::optional<int> index = OrdinalWord(t.text);
    if (index && i + 1 < n &&
        (tokens[i + 1].is("time") || tokens[i + 1].is("order") || tokens[i + 1].is("week") ||
         tokens[i + 1].is("month") || tokens[i + 1].is("visit") || tokens[i + 1].is("night"))) {
      index.reset();
    }
    if (!index && (t.is("number") || t.is("option") || t.is("item") || t.is("result") ||
                   t.is("choice") || t.is("#") || t.is("no")) &&
        i + 1 < n && tokens[i + 1].is_number() && tokens[i + 1].value >= 1 &&
        tokens[i + 1].value <= 50) {
      index = static_cast<int>(tokens[i + 1].value);
      role[i + 1] = kUsed;
    }
    if (index) {
      if (!ordinal) ordinal = *index;
      role[i] = kUsed;
      if (i > 0 && tokens[i - 1].is("the")) role[i - 1] = kUsed;
      if (i + 1 < n && IsReferenceNoun(tokens[i + 1])) role[i + 1] = kUsed;
      continue;
    }
    if (IsPronoun(t)) {
      role[i] = kUsed;
      if (i + 1 < n && (tokens[i + 1].is("one") || tokens[i + 1].is("ones"))) {
        role[i + 1] = kUsed;
        pronoun = true;
      } else if (t.is("it") || t.is("them") || t.is("they") || !is_content(i + 1)) {
        // "it" is never a determiner; "those bananas" is.
        pronoun = true;
      }
    }
  }

  // Pieces: free, brand and dietary tokens minus cue words.
  std::vector<Piece> pieces;
  const bool complements = intent == Intent::kComplements;
  const bool question = intent == Intent::kProductQuestion;
  bool seen_content = false;
  for (size_t i = 0; i < n; ++i) {
    if (role[i] == kUsed) continue;
    const Token& t = tokens[i];
    if (question && (seen_content || ordinal || pronoun) && role[i] == kFree &&
        IsAttributeVerb(t.text)) {
      break;
    }
    if (role[i] == kBrand) {
      if (t.kind != Token::Kind::kPunct) pieces.push_back({t.text, false, false, 0});
      seen_content = true;
      continue;
    }
    if (t.kind == Token::Kind::kPunct) {
      if (t.is("%") && !pieces.empty() && pieces.back().number) {
        pieces.back().text += "%";  // "2% milk"
        pieces.back().number = false;
      } else if (t.is(",") || t.is(".") || t.is("&")) {
        pieces.push_back({t.text, false, true, 0});
      }
      continue;
    }
    if (t.is_number()) {
      pieces.push_back({t.text, true, false, t.value});
      continue;
    }
    // "a can of", "2 can of": a unit, not "can you".
    const bool unit_after_quantity =
        FindUnit(t.text) != nullptr && !pieces.empty() &&
        (pieces.back().number || pieces.back().text == "a" || pieces.back().text == "an" ||
         QuantityWord(pieces.back().text).has_value());
    if (role[i] == kFree && !unit_after_quantity &&
        (IsStripWord(t.text) || (complements && t.is("with")) ||
         (question && IsQuestionWord(t.text)))) {
      continue;
    }
    if (IsSeparatorWord(t.text)) {
      pieces.push_back({t.text, false, true, 0});
      continue;
    }
    pieces.push_back({t.text, false, false, 0});
    if (role[i] == kFree || role[i] == kDiet) seen_content = true;
  }
  // Product questions ask about an attribute: a trailing dietary phrase
  // ("is the oat milk gluten free") is the question, not the product.
  if (question) {
    for (auto it = diets.rbegin(); it != diets.rend(); ++it) {
      size_t words = it->end - it->begin;
      bool trailing = pieces.size() >= words;
      for (size_t k = 0; trailing && k < words; ++k) {
        trailing = pieces[pieces.size() - words + k].text == tokens[it->begin + k].text;
      }
      if (!trailing) break;
      pieces.resize(pieces.size() - words);
    }
    // "is the bread fresh", "are the eggs free range".
    auto is_adjective = [](std::string_view w) {
      return w == "fresh" || w == "ripe" || w == "spicy" || w == "sweet" || w == "healthy" ||
             w == "local" || w == "today" || w == "good" || w == "safe" || w == "real";
    };
    while (pieces.size() > 1 && !pieces.back().separator) {
      const std::string& last = pieces.back().text;
      if (last == "range" || last == "fed" || last == "caught" || last == "raised") {
        pieces.resize(pieces.size() - 2);
      } else if (is_adjective(last)) {
        pieces.pop_back();
      } else {
        break;
      }
    }
  }

  // Split into segments at separators (unless they join a compound) and
  // before a quantity that follows a product word ("2 milk 3 eggs").
  std::vector<Segment> segments;
  size_t start = 0;
  auto flush = [&](size_t end) {
    if (end > start) {
      segments.push_back(ParseSegment(std::span<const Piece>(pieces).subspan(start, end - start)));
    }
  };
  for (size_t k = 0; k < pieces.size(); ++k) {
    const Piece& p = pieces[k];
    if (p.separator) {
      const bool joins = (p.text == "and" || p.text == "&") && k > 0 && k + 1 < pieces.size() &&
                         IsCompound(pieces[k - 1].text, pieces[k + 1].text);
      if (joins) {
        pieces[k].separator = false;
        pieces[k].text = "and";
        continue;
      }
      flush(k);
      start = k + 1;
      continue;
    }
    const bool quantity = p.number || QuantityWord(p.text).has_value() || p.text == "a" ||
                          p.text == "an" || p.text == "half";
    if (quantity && k > start && !pieces[k - 1].number && !QuantityWord(pieces[k - 1].text) &&
        pieces[k - 1].text != "a" && pieces[k - 1].text != "an" && pieces[k - 1].text != "half" &&
        pieces[k - 1].text != "of" && pieces[k - 1].text != "size" && pieces[k - 1].text != "and" &&
        !FindUnit(pieces[k - 1].text)) {
      flush(k);
      start = k;
    }
  }
  flush(pieces.size());

  const bool cart_intent = intent == Intent::kAddToCart || intent == Intent::kRemoveFromCart ||
                           intent == Intent::kUpdateQuantity;
  for (Segment& seg : segments) {
    // "do you have an avocado": the article counts nothing outside the cart.
    if (seg.article && !cart_intent) seg.item.quantity = 0;
    if (seg.has_text) {
      out.items.push_back(std::move(seg.item));
    } else if (seg.item.quantity > 0) {
      // A bare quantity: "change the milk to 3" belongs to the milk,
      // "make it 3" to the reference.
      if (!out.items.empty() && out.items.back().quantity == 0) {
        out.items.back().quantity = seg.item.quantity;
        if (out.items.back().unit.empty()) out.items.back().unit = seg.item.unit;
      } else if (out.quantity == 0) {
        out.quantity = seg.item.quantity;
      }
    }
  }
  if (ordinal) {
    out.reference = {Reference::Kind::kOrdinal, *ordinal};
  } else if ((pronoun || described) && out.items.empty()) {
    out.reference = {Reference::Kind::kLastMentioned, 0};
  }
  return out;
}

}  // namespace leafloaf::agents
