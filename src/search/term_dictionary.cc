#include "search/term_dictionary.h"

#include <algorithm>

#include "common/strings.h"

namespace leafloaf::search {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first character of `s`: the UTF-8 sequence its first byte starts
// (one byte for a stray one), cut at the end of `s`. REQUIRES: !s.empty().
std::string_view FirstCharacter(std::string_view s) {
  const auto b = static_cast<unsigned char>(s[0]);
  const size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  return s.substr(0, std::min(s.size(), n));
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

int TermDictionary::AllowedEdits(size_t length) {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

TermId TermDictionary::Intern(std::string_view term) {
  auto it = ids_.find(AsAbsl(term));
  if (it != ids_.end()) return it->second;
  TermId id = static_cast<TermId>(terms_.size());
  terms_.emplace_back(term);
  ids_.emplace(std::string(term), id);
  return id;
}

TermId TermDictionary::Find(std::string_view term) const {
  auto it = ids_.find(AsAbsl(term));
  return it == ids_.end() ? kNoTerm : it->second;
}

void TermDictionary::AddSurface(std::string_view surface, TermId term) {
  if (surface.empty()) return;
  auto [it, inserted] = surface_ids_.emplace(std::string(surface), term);
  if (!inserted) return;
  const std::string_view lead = FirstCharacter(surface);
  auto at = std::lower_bound(leads_.begin(), leads_.end(), lead);
  if (at == leads_.end() || *at != lead) leads_.insert(at, std::string(lead));
  pending_.push_back({std::string(surface), term});
  if (pending_.size() >= kMaxPending) Compact();
}

void TermDictionary::Compact() {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end());
  size_t mid = sorted_.size();
  sorted_.insert(sorted_.end(), std::make_move_iterator(pending_.begin()),
                 std::make_move_iterator(pending_.end()));
  std::inplace_merge(sorted_.begin(), sorted_.begin() + static_cast<ptrdiff_t>(mid), sorted_.end());
  pending_.clear();
}

void TermDictionary::PrefixMatches(std::string_view prefix, size_t limit,
                                   std::vector<TermMatch>* out) const {
  if (prefix.empty()) return;
  size_t found = 0;
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), prefix,
                             [](const Surface& s, std::string_view p) { return s.text < p; });
  for (; it != sorted_.end() && found < limit && StartsWith(it->text, prefix); ++it, ++found) {
    out->push_back({it->term, 0, true});
  }
  for (const Surface& s : pending_) {
    if (found >= limit) break;
    if (StartsWith(s.text, prefix)) {
      out->push_back({s.term, 0, true});
      ++found;
    }
  }
}

namespace {

// Optimal-string-alignment distance rows for one candidate, against `word`,
// within Ukkonen's band: a cell (i, j) is at least |i - j|, so only the
// cells with |i - j| <= max_edits can be within max_edits. The others hold
// max_edits + 1, never written; a path through one of them costs more than
// max_edits, so a distance within max_edits is exact and one beyond it is
// reported as beyond.
class EditRows {
 public:
  EditRows(std::string_view word, int max_edits)
      : word_(word), max_edits_(max_edits), beyond_(static_cast<uint8_t>(max_edits + 1)) {
    rows_.emplace_back(word.size() + 1);
    for (size_t j = 0; j <= word.size(); ++j) rows_[0][j] = static_cast<uint8_t>(std::min<size_t>(j, 255));
  }
  // Computes row `depth` (1-based candidate prefix length) for candidate
  // `s`; returns the row's minimum (at least max_edits + 1 when every cell
  // is beyond). REQUIRES: rows up to depth-1 valid for s.
  int Extend(std::string_view s, size_t depth) {
    if (rows_.size() <= depth) rows_.emplace_back(word_.size() + 1, beyond_);
    std::vector<uint8_t>& row = rows_[depth];
    const std::vector<uint8_t>& up = rows_[depth - 1];
    const char c = s[depth - 1];
    const size_t band = static_cast<size_t>(max_edits_);
    int row_min = beyond_;
    if (depth <= band) {
      row[0] = static_cast<uint8_t>(depth);
      row_min = row[0];
    }
    const size_t first = depth > band ? depth - band : 1;
    const size_t last = std::min(word_.size(), depth + band);
    for (size_t j = first; j <= last; ++j) {
      int cost = word_[j - 1] == c ? 0 : 1;
      int v = std::min({up[j] + 1, row[j - 1] + 1, up[j - 1] + cost});
      if (depth >= 2 && j >= 2 && c == word_[j - 2] && s[depth - 2] == word_[j - 1]) {
        v = std::min(v, rows_[depth - 2][j - 2] + 1);
      }
      v = std::min(v, static_cast<int>(beyond_));
      row[j] = static_cast<uint8_t>(v);
      row_min = std::min(row_min, v);
    }
    return row_min;
  }
  int Distance(size_t depth) const { return rows_[depth][word_.size()]; }

 private:
  std::string_view word_;
  int max_edits_;
  uint8_t beyond_;
  std::vector<std::vector<uint8_t>> rows_;
};

// Extends `rows` along surface `text` from the prefix it shares with
// `prev` (rows up to `valid` are for that prefix). Calls `hit(distance)`
// when the whole surface is within `edits` and at least `min_distance`
// (1: not the word itself). Returns the depth at which the surface was
// pruned, or 0.
template <typename Hit>
size_t Consider(EditRows& rows, int edits, std::string_view text, size_t& valid,
                std::string_view prev, Hit hit, int min_distance = 1) {
  size_t common = 0;
  while (common < valid && common < text.size() && common < prev.size() && text[common] == prev[common]) {
    ++common;
  }
  for (size_t depth = common + 1; depth <= text.size(); ++depth) {
    valid = depth;
    if (rows.Extend(text, depth) > edits) return depth;
  }
  valid = text.size();
  const int d = rows.Distance(text.size());
  if (d >= min_distance && d <= edits) hit(d);
  return 0;
}

// Sorts `found` by edits (stable), and appends each term's first match to
// `out` while it holds fewer than `limit`.
void Keep(std::vector<TermMatch> found, size_t limit, std::vector<TermMatch>* out) {
  std::stable_sort(found.begin(), found.end(),
                   [](const TermMatch& a, const TermMatch& b) { return a.edits < b.edits; });
  // Several surfaces can share a term, and a surface can be found twice:
  // keep each term once.
  absl::flat_hash_map<TermId, bool> seen;
  for (const TermMatch& m : found) {
    if (out->size() >= limit) break;
    if (seen.emplace(m.term, true).second) out->push_back(m);
  }
}

}  // namespace

void TermDictionary::TypoMatches(std::string_view word, size_t limit,
                                 std::vector<TermMatch>* out) const {
  const int max_edits = AllowedEdits(CodePoints(word));
  if (max_edits == 0 || word.size() > 64) return;
  const std::string_view first = FirstCharacter(word);
  const std::string_view rest = word.substr(first.size());
  std::vector<TermMatch> found;
  // Walks sorted_[begin, end), every surface of which is at least `skip`
  // bytes long, comparing each surface's bytes from `skip` on with
  // `pattern`; calls hit(surface, distance) for those within `edits` and
  // at least `min_distance` away.
  auto walk = [&](size_t begin, size_t end, std::string_view pattern, size_t skip, int edits,
                  int min_distance, auto hit) {
    EditRows rows(pattern, edits);
    size_t valid = 0;
    std::string_view prev;
    for (size_t i = begin; i < end;) {
      const Surface& s = sorted_[i];
      const std::string_view tail = std::string_view(s.text).substr(skip);
      const size_t pruned =
          Consider(rows, edits, tail, valid, prev, [&](int d) { hit(s, d); }, min_distance);
      prev = tail;
      if (pruned == 0) {
        ++i;
        continue;
      }
      // Every surface sharing the pruned prefix fails too: skip them all.
      std::string_view dead = std::string_view(s.text).substr(0, skip + pruned);
      auto next = std::partition_point(sorted_.begin() + static_cast<ptrdiff_t>(i) + 1,
                                       sorted_.begin() + static_cast<ptrdiff_t>(end),
                                       [&](const Surface& x) { return StartsWith(x.text, dead); });
      i = static_cast<size_t>(next - sorted_.begin());
    }
  };
  // The sorted surfaces starting with `prefix`.
  auto range = [&](std::string_view prefix) {
    const auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), prefix,
                                     [](const Surface& x, std::string_view f) { return x.text < f; });
    const auto hi = std::partition_point(lo, sorted_.end(),
                                         [&](const Surface& x) { return StartsWith(x.text, prefix); });
    return std::pair<size_t, size_t>(static_cast<size_t>(lo - sorted_.begin()),
                                     static_cast<size_t>(hi - sorted_.begin()));
  };
  // The distance of one surface to the word, measured alone: pending
  // surfaces, looked-up ones, and candidates of the two-edit pass below.
  auto record = [&](TermId term, int d) { found.push_back({term, static_cast<uint8_t>(d), false}); };
  auto measure = [&](std::string_view text, int edits, TermId term) {
    EditRows rows(word, edits);
    size_t valid = 0;
    Consider(rows, edits, text, valid, {}, [&](int d) { record(term, d); });
  };
  // Surfaces sharing the first character come first: at equal edits they
  // rank first (the stable sort below keeps them ahead).
  const auto [same_begin, same_end] = range(first);
  walk(same_begin, same_end, word, 0, max_edits, 1,
       [&](const Surface& s, int d) { record(s.term, d); });
  for (const Surface& s : pending_) {
    if (StartsWith(s.text, first)) measure(s.text, max_edits, s.term);
  }
  // A surface starting with another character differs from the word at its
  // start. Within one edit, only there: the first character replaced, added
  // or removed, or the first two swapped, and the rest is then the word's
  // rest exactly. Those surfaces are looked up, two per first character in
  // use, instead of walking the other 95% of the vocabulary (sorted and
  // pending alike: surface_ids_ holds both). Each hit is measured like a
  // walked surface, in bytes: a first character of two bytes replaced by
  // one is two edits.
  auto exact = [&](std::string_view candidate) {
    auto it = surface_ids_.find(AsAbsl(candidate));
    if (it != surface_ids_.end()) measure(it->first, 1, it->second);
  };
  exact(rest);  // the first character removed
  const std::string_view second = rest.empty() ? rest : FirstCharacter(rest);
  std::string candidate;
  if (!second.empty() && second != first) {  // the first two swapped
    candidate.assign(second).append(first).append(rest.substr(second.size()));
    exact(candidate);
  }
  for (const std::string& lead : leads_) {
    if (lead == first) continue;
    candidate.assign(lead).append(rest);  // the first character replaced
    exact(candidate);
    candidate.assign(lead).append(word);  // one put before it
    exact(candidate);
  }
  if (max_edits < 2) return Keep(std::move(found), limit, out);
  // A word of 9 characters or more may also spend its second edit anywhere
  // after a first-character edit. Those surfaces are searched only when no
  // surface is within one edit of the word (the word itself included), as
  // Typesense tries more typos only while fewer found nothing: two-edit
  // variants rank below one-edit ones anyway, and searching them for every
  // rare word took the slowest queries from 0.3 to 0.5-0.8 ms
  // (docs/SEARCH.md).
  const bool near = surface_ids_.contains(AsAbsl(word)) ||
                    std::any_of(found.begin(), found.end(),
                                [](const TermMatch& m) { return m.edits <= 1; });
  if (near) return Keep(std::move(found), limit, out);
  // The first step of an alignment of the word with a surface starting
  // otherwise is one edit, and the rest then takes at most one more:
  //   replaced: the surface's rest within 1 of the word's rest;
  //   added:    the surface's rest within 1 of the word;
  //   removed:  the surface within 1 of the word's rest;
  //   swapped:  the surface starts with the first two characters swapped,
  //             and its rest after them is within 1 of the word's.
  // Each candidate is then measured against the whole word. (A part at
  // distance 0 counts: the first edit alone, beyond ASCII where a
  // character's bytes differ by more than one.)
  std::vector<const Surface*> candidates;
  auto take = [&](const Surface& s, int) { candidates.push_back(&s); };
  walk(0, same_begin, rest, 0, 1, 0, take);  // removed
  walk(same_end, sorted_.size(), rest, 0, 1, 0, take);
  for (const std::string& lead : leads_) {
    if (lead == first) continue;
    const auto [begin, end] = range(lead);
    walk(begin, end, rest, lead.size(), 1, 0, take);  // replaced
    walk(begin, end, word, lead.size(), 1, 0, take);  // added
  }
  if (!second.empty() && second != first) {
    candidate.assign(second).append(first);
    const auto [begin, end] = range(candidate);
    walk(begin, end, rest.substr(second.size()), candidate.size(), 1, 0, take);  // swapped
  }
  for (const Surface* s : candidates) measure(s->text, 2, s->term);
  for (const Surface& s : pending_) {
    if (!StartsWith(s.text, first)) measure(s.text, 2, s.term);
  }
  Keep(std::move(found), limit, out);
}

size_t TermDictionary::MemoryBytes() const {
  size_t bytes = 0;
  for (const auto& t : terms_) bytes += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  bytes += ids_.capacity() * (sizeof(std::string) + sizeof(TermId) + 1);
  bytes += surface_ids_.capacity() * (sizeof(std::string) + sizeof(TermId) + 1);
  for (const auto& s : sorted_) bytes += sizeof(Surface) + (s.text.size() > 15 ? s.text.capacity() : 0);
  bytes += pending_.capacity() * sizeof(Surface);
  bytes += leads_.capacity() * sizeof(std::string);
  return bytes;
}

}  // namespace leafloaf::search
