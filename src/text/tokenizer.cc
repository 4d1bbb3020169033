#include "text/tokenizer.h"

#include <string>
#include <vector>

#include "text/folding.h"

namespace leafloaf::text {
namespace {

constexpr size_t kMaxRetainedChars = size_t{1} << 16;

// Reused between calls on one thread: tokenizing allocates nothing once
// the buffers have grown to the longest text seen.
struct Scratch {
  std::vector<FoldedChar> chars;
  std::vector<char32_t> code_points;
  std::string surface;
};

bool Is(const std::vector<FoldedChar>& chars, size_t i, CharClass cls) {
  return i < chars.size() && chars[i].char_class == cls;
}

bool IsWordChar(const std::vector<FoldedChar>& chars, size_t i) {
  return Is(chars, i, CharClass::kLetter) || Is(chars, i, CharClass::kDigit);
}

// Length of the run of `cls` starting at i, counting at most `limit + 1`.
size_t RunLength(const std::vector<FoldedChar>& chars, size_t i, CharClass cls, size_t limit) {
  size_t n = 0;
  while (n <= limit && Is(chars, i + n, cls)) ++n;
  return n;
}

}  // namespace

bool Tokenize(std::string_view text, absl::FunctionRef<void(const RawToken&)> emit) {
  thread_local Scratch scratch;
  std::vector<FoldedChar>& chars = scratch.chars;
  std::vector<char32_t>& token = scratch.code_points;
  const bool valid = FoldChars(text, &chars);
  const size_t n = chars.size();
  uint32_t position = 0;
  size_t i = 0;
  while (i < n) {
    const CharClass kind = chars[i].char_class;
    if (kind != CharClass::kLetter && kind != CharClass::kDigit) {
      ++i;
      continue;
    }
    token.clear();
    const uint32_t begin = chars[i].begin;
    uint32_t end = chars[i].end;
    // Each branch either consumes chars[i] into the token or ends it.
    while (i < n && token.size() < static_cast<size_t>(kMaxTokenChars)) {
      const FoldedChar& c = chars[i];
      if (c.char_class == kind) {
        token.push_back(c.code_point);
        end = c.end;
        ++i;
        continue;
      }
      const bool room = token.size() + 1 < static_cast<size_t>(kMaxTokenChars);
      if (kind == CharClass::kLetter) {
        if (c.char_class == CharClass::kApostrophe && Is(chars, i + 1, CharClass::kLetter)) {
          if (chars[i + 1].code_point == U's' && !IsWordChar(chars, i + 2)) {
            end = chars[i + 1].end;  // possessive: dropped, but highlighted
            i += 2;
            break;
          }
          ++i;  // "o'brien" -> "obrien"
          continue;
        }
        if (c.char_class == CharClass::kAmpersand && token.size() <= 2) {
          size_t after = RunLength(chars, i + 1, CharClass::kLetter, 2);
          if (after >= 1 && after <= 2) {
            ++i;  // "m&m" -> "mm"
            continue;
          }
        }
      } else {
        if ((c.char_class == CharClass::kPeriod || c.char_class == CharClass::kSlash) && room &&
            Is(chars, i + 1, CharClass::kDigit)) {
          token.push_back(c.char_class == CharClass::kPeriod ? U'.' : U'/');
          ++i;
          continue;
        }
        if (c.char_class == CharClass::kComma &&
            RunLength(chars, i + 1, CharClass::kDigit, 3) == 3) {
          ++i;  // thousands separator
          continue;
        }
      }
      break;
    }
    scratch.surface.clear();
    AppendComposedUtf8(token, &scratch.surface);
    if (scratch.surface.empty()) continue;  // defensive: composition never empties a token
    emit(RawToken{.surface = scratch.surface,
                  .position = position++,
                  .begin = begin,
                  .end = end,
                  .numeric = kind == CharClass::kDigit});
  }
  // Do not keep a huge buffer alive on this thread after a huge field.
  if (chars.capacity() > kMaxRetainedChars) {
    chars.clear();
    chars.shrink_to_fit();
  }
  return valid;
}

}  // namespace leafloaf::text
