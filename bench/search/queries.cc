#include "bench/search/queries.h"

#include <algorithm>
#include <map>
#include <utility>

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

// "Coconut Tree Brand, Pho Ga Spice Cube" -> "pho ga spice cube".
std::string ShortenName(std::string_view name) {
  std::vector<std::string> segments = absl::StrSplit(AsAbsl(name), ',');
  std::string rest = segments.size() > 1
                         ? absl::StrJoin(segments.begin() + 1, segments.end(), " ")
                         : std::string(name);
  std::vector<std::string> words =
      absl::StrSplit(NormalizeLabel(rest), ' ', absl::SkipEmpty());
  if (segments.size() > 1 && words.size() < 2) {
    words = absl::StrSplit(NormalizeLabel(name), ' ', absl::SkipEmpty());
  }
  if (words.size() > kKnownItemWords) words.resize(kKnownItemWords);
  return words.size() < 2 ? std::string() : absl::StrJoin(words, " ");
}

// Open Food Facts products at an even stride in catalog (barcode) order.
void AddKnownItemQueries(const BenchCatalog& catalog, QuerySet& set) {
  std::vector<int32_t> off;
  absl::flat_hash_map<std::string, std::vector<int32_t>> by_name;
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    if (catalog.labels[i].source != Source::kOpenFoodFacts) continue;
    off.push_back(static_cast<int32_t>(i));
    by_name[NormalizeLabel(catalog.products[i].name)].push_back(static_cast<int32_t>(i));
  }
  if (off.empty()) return;
  const size_t stride = std::max<size_t>(1, off.size() / (kKnownItems + kKnownItems / 5));
  int added = 0;
  for (size_t k = 0; k < off.size() && added < kKnownItems; k += stride) {
    const Product& target = catalog.products[off[k]];
    std::string text = ShortenName(target.name);
    if (text.empty()) continue;
    JudgedQuery q{.text = text,
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
