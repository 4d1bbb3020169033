// Tokenizer: splits folded text into words and numbers, keeping the byte
// range of each token in the ORIGINAL text.
//
// Rules (docs/SEARCH_TEXT.md has the rationale and more examples):
//  * A token is a run of letters or a run of digits (Unicode categories
//    L* and N*, after folding). Everything else separates tokens:
//    "gluten-free" -> gluten, free; "2%" -> 2; "Mac & Cheese" -> mac, cheese.
//  * Letters and digits split into separate tokens where they meet, so
//    sizes match however they are written: "12oz" and "12 oz" -> 12, oz;
//    "V8" -> v, 8.
//  * Inside numbers, "." and "/" between digits are kept: "1.5" -> 1.5,
//    "1/2" and "½" -> 1/2; "," before exactly three digits is a thousands
//    separator and dropped: "1,000" -> 1000 (but "1,5" -> 1, 5).
//  * Apostrophes between letters are dropped, joining the word:
//    "O'Brien" -> obrien; a final possessive "'s" is dropped:
//    "Annie's" -> annie, "M&M's" -> mm (the token's range still covers it).
//  * "&" between two short runs of letters (at most two each) joins them,
//    for brand abbreviations: "M&M" -> mm, "AT&T" -> att, "PB&J" -> pbj;
//    "Ben&Jerry" -> ben, jerry.
//  * A token is at most kMaxTokenChars code points; longer runs are cut
//    into several tokens.
//  * Scripts without spaces (CJK) are not segmented: a run is one token
//    (up to the length cap).
// Positions count every token, 0-based.
//
// Thread-safety: Tokenize() is thread-safe (scratch buffers are per thread).
#ifndef LEAFLOAF_TEXT_TOKENIZER_H_
#define LEAFLOAF_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string_view>

#include "absl/functional/function_ref.h"

namespace leafloaf::text {

inline constexpr int kMaxTokenChars = 64;

struct RawToken {
  std::string_view surface;  // folded, NFC; valid only during the callback
  uint32_t position = 0;
  uint32_t begin = 0;  // byte range in the original text
  uint32_t end = 0;
  bool numeric = false;  // a run of digits (maybe with "." or "/")
};

// Calls `emit` for every token of `text` in order. Returns false when `text`
// held invalid UTF-8 (the bad bytes were treated as separators).
// REQUIRES: text.size() <= UINT32_MAX; `emit` does not call Tokenize()
// (the surface it sees lives in this thread's scratch buffer).
bool Tokenize(std::string_view text, absl::FunctionRef<void(const RawToken&)> emit);

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_TOKENIZER_H_
