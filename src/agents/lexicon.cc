#include "agents/lexicon.h"

#include <algorithm>

namespace leafloaf::agents {
namespace {

using internal::Token;

// One word's matching key: "&" is "and", a final 's' is dropped from words
// of 4+ letters ("jerrys" -> "jerry", "amys" -> "amy").
std::string Key(const Token& token) {
  if (token.is("&")) return "and";
  std::string_view w = token.text;
  if (w.size() >= 4 && w.back() == 's' && w[w.size() - 2] != 's') w.remove_suffix(1);
  return std::string(w);
}

bool Matchable(const Token& token) { return token.kind != Token::Kind::kPunct || token.is("&"); }

// One-word brands that are everyday words in a shopping conversation.
bool IsEverydayWord(std::string_view key) {
  static constexpr std::string_view kWords[] = {
      "all",     "hello",  "always",    "finish", "post",     "simply", "honest",  "method",
      "gain",    "secret", "native",    "imagine", "reach",   "challenge", "unique", "wholesome",
      "polar",   "wonderful", "emerald", "daisy", "dove",     "scott",  "pace",    "kind",
      "glad",    "dawn",   "mission",   "monster", "act",     "crest",  "degree",  "cascade",
      "bounty",  "puff",   "ge",        "l",      "wright",   "bay",    "terra",   "theo",
      "humm",    "cree",   "viva",      "celsius", "chameleon", "simple", "original", "good",
      "hope",    "daily",  "fresh",     "organic", "natural", "classic", "select", "value",
      "silk",    "essentia", "bubly",   "epic",   "clif",     "swerve", "primal",  "wild",
  };
  return std::find(std::begin(kWords), std::end(kWords), key) != std::end(kWords);
}

}  // namespace

Lexicon::Lexicon(std::span<const std::string> brands) {
  for (const std::string& brand : brands) Add(brand);
  AddPossessiveAliases();
}

Lexicon::Lexicon(std::initializer_list<std::string_view> brands) {
  for (std::string_view brand : brands) Add(brand);
  AddPossessiveAliases();
}

void Lexicon::AddPossessiveAliases() {
  absl::flat_hash_map<std::string, std::vector<size_t>> aliases;  // key -> brands
  for (size_t b = 0; b < brands_.size(); ++b) {
    std::string_view brand = brands_[b];
    const size_t space = brand.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view first = brand.substr(0, space);
    if (!first.ends_with("'s") && !first.ends_with("\xE2\x80\x99s")) continue;
    const std::vector<Token> tokens = internal::Tokenize(first);
    if (tokens.size() != 1) continue;
    aliases[Key(tokens[0])].push_back(b);
  }
  for (auto& [key, owners] : aliases) {
    if (owners.size() != 1) continue;
    std::vector<Entry>& bucket = by_first_word_[key];
    const bool taken = std::any_of(bucket.begin(), bucket.end(),
                                   [](const Entry& e) { return e.words.size() == 1; });
    if (taken) continue;
    bucket.push_back({{key}, owners[0], false});  // shortest: tried last
  }
}

void Lexicon::Add(std::string_view brand) {
  Entry entry;
  std::string first_text;
  for (const Token& token : internal::Tokenize(brand)) {
    if (!Matchable(token)) continue;
    if (entry.words.empty()) first_text = token.text;
    entry.words.push_back(Key(token));
  }
  if (entry.words.empty()) return;
  entry.needs_capital = entry.words.size() == 1 &&
                        (IsEverydayWord(entry.words[0]) || IsEverydayWord(first_text));
  std::vector<Entry>& bucket = by_first_word_[entry.words[0]];
  for (const Entry& other : bucket) {
    if (other.words == entry.words) return;
  }
  entry.brand = brands_.size();
  brands_.emplace_back(brand);
  bucket.push_back(std::move(entry));
  // Longest first, so Find takes the longest match.
  std::sort(bucket.begin(), bucket.end(),
            [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
}

std::vector<Lexicon::Match> Lexicon::Find(std::span<const Token> tokens) const {
  std::vector<Match> matches;
  if (by_first_word_.empty()) return matches;
  for (size_t i = 0; i < tokens.size();) {
    size_t matched_end = 0;
    const Entry* matched = nullptr;
    if (Matchable(tokens[i])) {
      auto it = by_first_word_.find(Key(tokens[i]));
      if (it != by_first_word_.end()) {
        for (const Entry& entry : it->second) {
          if (entry.needs_capital && !tokens[i].capitalized) continue;
          size_t t = i, w = 0;
          while (w < entry.words.size() && t < tokens.size() && Matchable(tokens[t]) &&
                 Key(tokens[t]) == entry.words[w]) {
            ++t;
            ++w;
          }
          if (w == entry.words.size()) {
            matched = &entry;
            matched_end = t;
            break;
          }
        }
      }
    }
    if (matched != nullptr) {
      matches.push_back({i, matched_end, &brands_[matched->brand]});
      i = matched_end;
    } else {
      ++i;
    }
  }
  return matches;
}

}  // namespace leafloaf::agents
