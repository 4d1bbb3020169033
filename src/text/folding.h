// Folding: the character layer under the tokenizer. Decodes UTF-8, applies
// Unicode compatibility decomposition (NFKD), case folding and mark
// stripping one code point at a time (utf8proc), and classifies every
// folded code point for the tokenizer, while remembering which bytes of the
// ORIGINAL text each folded code point came from (for highlights).
//
// Folding is per code point, so the output is NFKD-with-marks-removed;
// FoldText() and the tokenizer recompose (NFC) what is left, which only
// matters for Hangul once marks are gone. Together that is NFKC + case fold
// + accent strip: "Crème Brûlée" -> "creme brulee", "ﬁ" -> "fi",
// "ß" -> "ss", "½" -> "1⁄2", fullwidth "ＡＢ" -> "ab".
//
// Invalid UTF-8 (bad bytes, overlong forms, surrogates, truncated
// sequences) decodes as U+FFFD, one per bad byte, which is a separator.
// Default-ignorable code points (soft hyphen, zero-width joiner) and marks
// are dropped; their bytes are attached to the preceding folded code point
// so that a highlight of "café" (with a combining accent) covers the accent.
//
// Thread-safety: all functions are pure and thread-safe.
#ifndef LEAFLOAF_TEXT_FOLDING_H_
#define LEAFLOAF_TEXT_FOLDING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leafloaf::text {

// What the tokenizer needs to know about a folded code point.
enum class CharClass : uint8_t {
  kSeparator,   // spaces, punctuation, symbols, U+FFFD: ends a token
  kLetter,      // Unicode L* (after folding)
  kDigit,       // Unicode N* (after folding)
  kApostrophe,  // ' ’ ‘ ʼ
  kAmpersand,   // &
  kPeriod,      // .
  kComma,       // ,
  kSlash,       // / ⁄ ∕
};

struct FoldedChar {
  char32_t code_point = 0;  // folded
  uint32_t begin = 0;       // byte range of the source code point(s) in the original text
  uint32_t end = 0;
  CharClass char_class = CharClass::kSeparator;
};

// Replaces `out` with the folded code points of `text`. Returns false when
// `text` holds invalid UTF-8 (which was replaced by U+FFFD).
// REQUIRES: text.size() <= UINT32_MAX (offsets are 32-bit).
bool FoldChars(std::string_view text, std::vector<FoldedChar>* out);

// NFKC + case fold + accent strip of the whole text, separators kept:
// "Crème  Brûlée!" -> "creme  brulee!". Invalid UTF-8 becomes U+FFFD.
std::string FoldText(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// Appends the UTF-8 encoding of the code points, recomposed to NFC.
// REQUIRES: every element is a valid Unicode scalar value. `code_points`
// is used as scratch and left unspecified.
void AppendComposedUtf8(std::vector<char32_t>& code_points, std::string* out);

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_FOLDING_H_
