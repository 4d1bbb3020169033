// libFuzzer entry point for typo and prefix matching (run: scripts/fuzz
// typos). The input is lines: every line but the last is a surface (its
// own term), the first half merged into the sorted vocabulary and the rest
// left pending; the last line is the word looked up.
// Properties: never crashes; TypoMatches returns each term at most once,
// with 1 or 2 edits, fewest first, never the word itself; every match is
// within the edits a brute-force check allows (optimal string alignment
// distance over bytes within 1 for 5-8 characters, 2 from 9, but from 9
// a surface starting otherwise only within 1 while some surface is within
// 1 of the word, on ASCII input) and reported with that distance;
// and for ASCII input every such surface is found, unless the limit cut
// the list. PrefixMatches only returns surfaces starting
// with the prefix.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "search/term_dictionary.h"

namespace {

using leafloaf::search::TermDictionary;
using leafloaf::search::TermId;
using leafloaf::search::TermMatch;

void Check(bool ok) {
  if (!ok) std::abort();
}

// Optimal string alignment distance over bytes.
int Osa(std::string_view a, std::string_view b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

size_t LeadBytes(std::string_view s) {
  const auto b = static_cast<unsigned char>(s[0]);
  const size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  return std::min(n, s.size());
}

// The distance TypoMatches should report for `surface`, or -1 when it is
// not a typo match of `word`. `near`: some surface (the word included) is
// within one edit of the word, and the input is ASCII (beyond it the
// first-character lookups, which decide "near", try whole characters only,
// so a surface one byte edit away can go unseen and the two-edit pass run).
int Expected(std::string_view word, std::string_view surface, bool near) {
  const int allowed = TermDictionary::AllowedEdits(CodePoints(word));
  if (allowed == 0 || word.size() > 64 || surface == word) return -1;
  const int d = Osa(word, surface);
  if (d < 1 || d > allowed) return -1;
  const bool same = surface.substr(0, LeadBytes(surface)) == word.substr(0, LeadBytes(word));
  // From 9 characters, another first character and a second edit only
  // when nothing is within one edit.
  if (!same && d == 2 && near) return -1;
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    const size_t end = input.find('\n', start);
    lines.push_back(input.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (lines.size() > 64) return 0;
  const std::string_view word = lines.back();
  lines.pop_back();
  TermDictionary d;
  std::map<std::string, TermId> surfaces;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].empty()) {
      const TermId t = d.Intern(lines[i]);
      d.AddSurface(lines[i], t);
      surfaces.emplace(std::string(lines[i]), t);
    }
    if (i + 1 == lines.size() / 2) d.Finish();
  }
  constexpr size_t kLimit = 16;
  std::vector<TermMatch> matches;
  d.TypoMatches(word, kLimit, &matches);
  Check(matches.size() <= kLimit);
  std::map<TermId, int> got;
  for (size_t i = 0; i < matches.size(); ++i) {
    Check(matches[i].edits == 1 || matches[i].edits == 2);
    Check(!matches[i].prefix);
    Check(i == 0 || matches[i - 1].edits <= matches[i].edits);
    Check(got.emplace(matches[i].term, matches[i].edits).second);
  }
  if (auto self = surfaces.find(std::string(word)); self != surfaces.end()) {
    Check(got.count(self->second) == 0);  // the word itself is no typo
  }
  // Every surface is its own term here, so the terms can be checked one by one.
  const bool ascii = std::none_of(input.begin(), input.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  bool near = false;
  for (const auto& [surface, term] : surfaces) near |= ascii && Osa(word, surface) <= 1;
  std::map<TermId, int> want;
  for (const auto& [surface, term] : surfaces) {
    const int e = Expected(word, surface, near);
    if (e > 0) want.emplace(term, e);
  }
  // Every match is right, whatever the bytes; all of them are found for
  // ASCII (beyond it, a byte edit inside a first character of several
  // bytes is not looked up).
  for (const auto& [term, e] : got) Check(want.count(term) && want[term] == e);
  if (ascii && want.size() <= kLimit) Check(got == want);
  if (!word.empty()) {
    matches.clear();
    d.PrefixMatches(word, kLimit, &matches);
    for (const TermMatch& m : matches) {
      bool found = false;
      for (const auto& [surface, term] : surfaces) {
        found |= term == m.term && surface.compare(0, word.size(), word) == 0;
      }
      Check(found);
    }
  }
  return 0;
}
