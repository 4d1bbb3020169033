#include "bench/search/queries.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/search/shopper_phrasings.h"
#include "common/strings.h"

namespace leafloaf::searchbench {
namespace {

constexpr int kMinAisleProducts = 5;
constexpr int kMinCategoryProducts = 20;
constexpr int kKnownItems = 100;
constexpr int kKnownItemWords = 4;

uint32_t Bit(Source source) { return 1u << static_cast<int>(source); }

bool ContainsAny(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return absl::StrContains(AsAbsl(text), w); });
}

bool Listed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Instacart aisles, sorted by name: grade 2 aisle, grade 1 department.
void AddAisleQueries(const BenchCatalog& catalog, QuerySet& set) {
  std::map<std::string, std::string> department_of;  // aisle -> department
  std::map<std::string, int> count;
  for (const ProductLabels& l : catalog.labels) {
    if (l.source != Source::kInstacart || l.aisle.empty()) continue;
    department_of[l.aisle] = l.department;
    ++count[l.aisle];
  }
  for (const auto& [aisle, n] : count) {
    if (n < kMinAisleProducts || aisle == "missing" || aisle == "other") continue;
    JudgedQuery q{.text = NormalizeLabel(aisle),
                  .group = QueryGroup::kAisle,
                  .derived_from = absl::StrCat("instacart aisle '", aisle, "'"),
                  .judged_sources = Bit(Source::kInstacart)};
    for (size_t i = 0; i < catalog.labels.size(); ++i) {
      const ProductLabels& l = catalog.labels[i];
      if (l.source != Source::kInstacart) continue;
      if (l.aisle == aisle) {
        q.grades[static_cast<int32_t>(i)] = 2;
      } else if (l.department == department_of[aisle]) {
        q.grades[static_cast<int32_t>(i)] = 1;
      }
    }
    set.judged.push_back(std::move(q));
  }
}

// Every second Complete Journey product_category with enough products.
void AddCategoryQueries(const BenchCatalog& catalog, QuerySet& set) {
  std::map<std::string, int> count;
  for (const ProductLabels& l : catalog.labels) {
    if (l.source == Source::kCompleteJourney && !l.category.empty()) ++count[l.category];
  }
  int eligible = 0;
  for (const auto& [category, n] : count) {
    if (n < kMinCategoryProducts || eligible++ % 2 != 0) continue;
    JudgedQuery q{.text = NormalizeLabel(category),
                  .group = QueryGroup::kCjCategory,
                  .derived_from = absl::StrCat("completejourney product_category '", category, "'"),
                  .judged_sources = Bit(Source::kCompleteJourney)};
    for (size_t i = 0; i < catalog.labels.size(); ++i) {
      const ProductLabels& l = catalog.labels[i];
      if (l.source == Source::kCompleteJourney && l.category == category) {
        q.grades[static_cast<int32_t>(i)] = 2;
      }
    }
    set.judged.push_back(std::move(q));
  }
}

void AddPhrasingQueries(const BenchCatalog& catalog, QuerySet& set) {
  for (const ShopperPhrasing& p : ShopperPhrasings()) {
    JudgedQuery q{.text = p.query,
                  .group = QueryGroup::kPhrasing,
                  .derived_from = absl::StrCat("aisles {", absl::StrJoin(p.aisles, ", "),
                                               "} + categories {",
                                               absl::StrJoin(p.categories, ", "), "}"),
                  .judged_sources = Bit(Source::kInstacart) | Bit(Source::kCompleteJourney)};
    for (size_t i = 0; i < catalog.labels.size(); ++i) {
      const ProductLabels& l = catalog.labels[i];
      int grade = 0;
      if (l.source == Source::kInstacart && Listed(p.aisles, l.aisle)) {
        const std::string name = absl::AsciiStrToLower(catalog.products[i].name);
        grade = p.name_words.empty() || ContainsAny(name, p.name_words) ? 2 : 1;
      } else if (l.source == Source::kCompleteJourney && Listed(p.categories, l.category)) {
        grade = p.type_words.empty() || ContainsAny(l.type, p.type_words) ? 2 : 1;
      }
      if (grade > 0) q.grades[static_cast<int32_t>(i)] = grade;
    }
    set.judged.push_back(std::move(q));
  }
}

bool StopWord(std::string_view word) {
  static const auto* const kStopWords = new absl::flat_hash_set<std::string>{
      "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
      "with"};
  return kStopWords->contains(AsAbsl(word));
}

// Distinct words of a product name, in order, without stop words and
// single characters ("Father's" -> "father", "s").
std::vector<std::string> ContentWords(std::string_view name) {
  std::vector<std::string> words;
  for (absl::string_view word : absl::StrSplit(NormalizeLabel(name), ' ', absl::SkipEmpty())) {
    if (word.size() < 2 || StopWord(AsStd(word)) || Listed(words, std::string(word))) continue;
    words.emplace_back(word);
  }
  return words;
}

// A known-item query as a shopper remembers the product: its most
// discriminative name words (fewest catalog names containing them, ties to
// the earlier word), at most kKnownItemWords, in name order.
// "Juice Cocktail, Ruby Red Grapefruit" -> "cocktail ruby red grapefruit".
std::string KnownItemQuery(const std::vector<std::string>& words,
                           const absl::flat_hash_map<std::string, int>& names_with_word) {
  std::vector<size_t> order(words.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return names_with_word.at(words[a]) < names_with_word.at(words[b]);
  });
  if (order.size() > kKnownItemWords) order.resize(kKnownItemWords);
  std::sort(order.begin(), order.end());
  std::vector<std::string> kept;
  for (size_t i : order) kept.push_back(words[i]);
  return absl::StrJoin(kept, " ");
}

// Open Food Facts products at an even stride in catalog (barcode) order,
// skipping names of fewer than three content words (too generic to be
// known items: "Tomato Paste" names 19 products) and repeated queries.
void AddKnownItemQueries(const BenchCatalog& catalog, QuerySet& set) {
  std::vector<int32_t> off;
  absl::flat_hash_map<std::string, std::vector<int32_t>> by_name;
  absl::flat_hash_map<std::string, int> names_with_word;
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    for (const std::string& word : ContentWords(catalog.products[i].name)) ++names_with_word[word];
    if (catalog.labels[i].source != Source::kOpenFoodFacts) continue;
    off.push_back(static_cast<int32_t>(i));
    by_name[NormalizeLabel(catalog.products[i].name)].push_back(static_cast<int32_t>(i));
  }
  if (off.empty()) return;
  const size_t stride = std::max<size_t>(1, off.size() / (2 * kKnownItems));
  absl::flat_hash_set<std::string> used;
  int added = 0;
  for (size_t k = 0; k < off.size() && added < kKnownItems; k += stride) {
    const Product& target = catalog.products[off[k]];
    const std::vector<std::string> words = ContentWords(target.name);
    if (words.size() < 3) continue;
    std::string text = KnownItemQuery(words, names_with_word);
    if (!used.insert(text).second) continue;
    JudgedQuery q{.text = std::move(text),
                  .group = QueryGroup::kKnownItem,
                  .derived_from = absl::StrCat("openfoodfacts '", target.name, "'"),
                  .judged_sources = Bit(Source::kOpenFoodFacts) |
                                    Bit(Source::kCompleteJourney) | Bit(Source::kInstacart)};
    for (int32_t same : by_name[NormalizeLabel(target.name)]) q.grades[same] = 2;
    set.judged.push_back(std::move(q));
    ++added;
  }
}

std::vector<TypoQuery> Typos() {
  return {
      {"bananna", {"banana"}, true},
      {"chedar", {"cheddar"}, true},
      {"yoghurt", {"yogurt", "yoghurt"}, true},
      {"brocoli", {"broccoli"}, true},
      {"tomatoe", {"tomato"}},
      {"spinich", {"spinach"}},
      {"avacado", {"avocado"}},
      {"strawbery", {"strawberr"}},
      {"bluberry", {"blueberr"}},
      {"cinamon", {"cinnamon"}},
      {"mozarella", {"mozzarella"}},
      {"parmesean", {"parmesan"}},
      {"zuchini", {"zucchini"}},
      {"mayonaise", {"mayonnaise"}},
      {"chiken", {"chicken"}},
      {"tortila", {"tortilla"}},
      {"spagetti", {"spaghetti"}},
      {"jalepeno", {"jalapeno"}},
      {"cofee", {"coffee"}},
      {"letuce", {"lettuce"}},
      {"granolla", {"granola"}},
      {"organic bananna", {"banana"}},
      {"chedar cheese", {"cheddar"}},
      {"greek yoghurt", {"yogurt", "yoghurt"}},
  };
}

}  // namespace

const char* GroupName(QueryGroup group) {
  switch (group) {
    case QueryGroup::kAisle: return "aisle";
    case QueryGroup::kCjCategory: return "cj-category";
    case QueryGroup::kPhrasing: return "phrasing";
    case QueryGroup::kKnownItem: return "known-item";
  }
  return "?";
}

std::string NormalizeLabel(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      pending_space = true;
    }
  }
  return out;
}

QuerySet BuildQueries(const BenchCatalog& catalog) {
  QuerySet set;
  AddAisleQueries(catalog, set);
  AddCategoryQueries(catalog, set);
  AddPhrasingQueries(catalog, set);
  AddKnownItemQueries(catalog, set);
  set.typos = Typos();
  return set;
}

}  // namespace leafloaf::searchbench
