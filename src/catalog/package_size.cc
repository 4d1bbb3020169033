#include "catalog/package_size.h"

#include <cctype>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace leafloaf {
namespace {

// One token of a size text: a number (with fractions folded in) or a word.
struct Token {
  bool is_number = false;
  double number = 0;
  std::string word;
};

// Reads digits with at most one '.', e.g. "12", "1.5", ".5".
std::optional<double> ReadDecimal(std::string_view text, size_t& pos) {
  size_t start = pos;
  bool seen_dot = false;
  bool seen_digit = false;
  while (pos < text.size()) {
    char c = text[pos];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
    } else if (c == '.' && !seen_dot && pos + 1 < text.size() &&
               absl::ascii_isdigit(static_cast<unsigned char>(text[pos + 1]))) {
      seen_dot = true;
    } else {
      break;
    }
    ++pos;
  }
  if (!seen_digit) {
    pos = start;
    return std::nullopt;
  }
  double value = 0;
  double scale = 0;
  for (size_t i = start; i < pos; ++i) {
    if (text[i] == '.') {
      scale = 1;
      continue;
    }
    value = value * 10 + (text[i] - '0');
    scale *= 10;
  }
  return scale > 0 ? value / scale : value;
}

bool IsWhole(double v) { return std::abs(v) < 1e15 && std::floor(v) == v; }

// Splits into numbers and words. "a/b" with whole a < b is a fraction;
// otherwise ("12/12 OZ", "10/6.75 OZ") it is a multipack count and only the
// per-unit number after the slash is kept. "1 1/2" is a mixed number.
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (absl::ascii_isdigit(c) ||
        (c == '.' && pos + 1 < text.size() &&
         absl::ascii_isdigit(static_cast<unsigned char>(text[pos + 1])))) {
      double value = *ReadDecimal(text, pos);
      if (pos + 1 < text.size() && text[pos] == '/' &&
          absl::ascii_isdigit(static_cast<unsigned char>(text[pos + 1]))) {
        ++pos;
        double denominator = *ReadDecimal(text, pos);
        if (IsWhole(value) && IsWhole(denominator) && value < denominator) {
          value = value / denominator;
          // Mixed number: "1 1/2" arrives as 1 then 1/2.
          if (!tokens.empty() && tokens.back().is_number && IsWhole(tokens.back().number)) {
            tokens.back().number += value;
            continue;
          }
        } else {
          value = denominator;
        }
      }
      tokens.push_back({.is_number = true, .number = value, .word = {}});
    } else if (absl::ascii_isalpha(c)) {
      std::string word;
      while (pos < text.size() && absl::ascii_isalpha(static_cast<unsigned char>(text[pos]))) {
        word.push_back(absl::ascii_tolower(static_cast<unsigned char>(text[pos])));
        ++pos;
      }
      tokens.push_back({.is_number = false, .number = 0, .word = std::move(word)});
    } else {
      ++pos;  // spaces, punctuation, '-', '*', '(' ...
    }
  }
  return tokens;
}

struct UnitWord {
  std::string_view word;
  std::string_view unit;
  double factor;  // amount multiplier, e.g. a dozen is 12 ct
};

constexpr UnitWord kUnitWords[] = {
    {"oz", "oz", 1},      {"z", "oz", 1},          {"ounce", "oz", 1},       {"ounces", "oz", 1},
    {"lb", "lb", 1},      {"lbs", "lb", 1},        {"pound", "lb", 1},       {"pounds", "lb", 1},
    {"g", "g", 1},        {"gr", "g", 1},          {"gram", "g", 1},         {"grams", "g", 1},
    {"kg", "kg", 1},      {"kilo", "kg", 1},       {"kilogram", "kg", 1},    {"kilograms", "kg", 1},
    {"ml", "ml", 1},      {"milliliter", "ml", 1}, {"milliliters", "ml", 1}, {"l", "l", 1},
    {"lt", "l", 1},       {"ltr", "l", 1},         {"liter", "l", 1},        {"liters", "l", 1},
    {"litre", "l", 1},    {"litres", "l", 1},      {"gal", "gal", 1},        {"ga", "gal", 1},
    {"gallon", "gal", 1}, {"gallons", "gal", 1},   {"qt", "qt", 1},          {"quart", "qt", 1},
    {"quarts", "qt", 1},  {"pt", "pt", 1},         {"pint", "pt", 1},        {"pints", "pt", 1},
    {"ct", "ct", 1},      {"count", "ct", 1},      {"ea", "ct", 1},          {"each", "ct", 1},
    {"pc", "ct", 1},      {"pcs", "ct", 1},        {"dz", "ct", 12},         {"dozen", "ct", 12},
    {"pk", "pk", 1},      {"pack", "pk", 1},       {"packs", "pk", 1},       {"pks", "pk", 1},
};

const UnitWord* FindUnit(std::string_view word) {
  for (const UnitWord& u : kUnitWords) {
    if (u.word == word) return &u;
  }
  return nullptr;
}

bool IsCountUnit(std::string_view unit) { return unit == "ct" || unit == "pk"; }

}  // namespace

absl::StatusOr<PackageSize> ParsePackageSize(std::string_view text) {
  std::vector<Token> tokens = Tokenize(text);
  // Fold "fl oz" / "fluid ounces" into one unit word.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_number && (tokens[i].word == "fl" || tokens[i].word == "fluid") &&
        !tokens[i + 1].is_number && FindUnit(tokens[i + 1].word) != nullptr &&
        FindUnit(tokens[i + 1].word)->unit == "oz") {
      tokens[i].word = "floz";
      tokens.erase(tokens.begin() + static_cast<ptrdiff_t>(i) + 1);
    }
  }
  std::optional<PackageSize> first_count;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_number || tokens[i + 1].is_number) continue;
    PackageSize size;
    if (tokens[i + 1].word == "floz") {
      size = {.amount = tokens[i].number, .unit = "fl oz"};
    } else if (const UnitWord* u = FindUnit(tokens[i + 1].word)) {
      size = {.amount = tokens[i].number * u->factor, .unit = std::string(u->unit)};
    } else {
      continue;
    }
    // Nothing real is packed in zero, negative or astronomically many units.
    if (!(size.amount > 0 && size.amount < 1e9)) continue;
    // A count ("6 PK/12 OZ") yields to a later measure: the per-unit size.
    if (IsCountUnit(size.unit)) {
      if (!first_count) first_count = size;
      continue;
    }
    // "1 LB 2 OZ" -> 1.125 lb.
    if (size.unit == "lb" && i + 3 < tokens.size() && tokens[i + 2].is_number &&
        tokens[i + 3].word == "oz") {
      size.amount += tokens[i + 2].number / 16.0;
    }
    return size;
  }
  if (first_count) return *first_count;
  // A bare unit ("GAL", "PT") means one of it; a lone "l" is too ambiguous.
  if (tokens.size() == 1 && !tokens[0].is_number && tokens[0].word.size() > 1) {
    if (tokens[0].word == "floz") return PackageSize{.amount = 1, .unit = "fl oz"};
    if (const UnitWord* u = FindUnit(tokens[0].word)) {
      return PackageSize{.amount = u->factor, .unit = std::string(u->unit)};
    }
  }
  return absl::InvalidArgumentError(absl::StrFormat("no package size in '%s'", text));
}

}  // namespace leafloaf
