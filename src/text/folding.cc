#include "text/folding.h"

#include <utf8proc.h>

#include <array>
#include <cstddef>

namespace leafloaf::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Per code point: compatibility decomposition, case folding, marks and
// default-ignorables dropped. Composition happens later, per token.
constexpr auto kFoldOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                   UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

// The longest full decomposition in Unicode is 18 code points (U+FDFA).
constexpr utf8proc_ssize_t kMaxDecomposition = 32;

struct AsciiFold {
  std::array<char, 128> lower{};
  std::array<CharClass, 128> char_class{};
  constexpr AsciiFold() {
    for (int c = 0; c < 128; ++c) {
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      CharClass cls = CharClass::kSeparator;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) cls = CharClass::kLetter;
      if (c >= '0' && c <= '9') cls = CharClass::kDigit;
      if (c == '\'') cls = CharClass::kApostrophe;
      if (c == '&') cls = CharClass::kAmpersand;
      if (c == '.') cls = CharClass::kPeriod;
      if (c == ',') cls = CharClass::kComma;
      if (c == '/') cls = CharClass::kSlash;
      char_class[c] = cls;
    }
  }
};
constexpr AsciiFold kAscii;

CharClass Classify(char32_t cp) {
  if (cp < 128) return kAscii.char_class[cp];
  switch (cp) {
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark, the usual typographic apostrophe
    case 0x02BC:  // modifier letter apostrophe
      return CharClass::kApostrophe;
    case 0x2044:  // fraction slash, from NFKC of "½"
    case 0x2215:  // division slash
      return CharClass::kSlash;
    default:
      break;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharClass::kDigit;
    default:
      return CharClass::kSeparator;
  }
}

// Decodes one code point at text[pos]; returns its length, or 0 for an
// invalid byte.
size_t Decode(std::string_view text, size_t pos, char32_t* cp) {
  utf8proc_int32_t value = -1;
  utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &value);
  if (n <= 0 || value < 0) return 0;
  *cp = static_cast<char32_t>(value);
  return static_cast<size_t>(n);
}

}  // namespace

bool FoldChars(std::string_view text, std::vector<FoldedChar>* out) {
  out->clear();
  bool valid = true;
  std::array<utf8proc_int32_t, kMaxDecomposition> buffer;
  size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    auto begin = static_cast<uint32_t>(pos);
    if (byte < 0x80) {  // ASCII fast path: no utf8proc call
      out->push_back(
          {static_cast<char32_t>(kAscii.lower[byte]), begin, begin + 1, kAscii.char_class[byte]});
      ++pos;
      continue;
    }
    char32_t cp = 0;
    size_t length = Decode(text, pos, &cp);
    if (length == 0) {
      valid = false;
      out->push_back({kReplacement, begin, begin + 1, CharClass::kSeparator});
      ++pos;
      continue;
    }
    pos += length;
    auto end = static_cast<uint32_t>(pos);
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buffer.data(),
                                                 kMaxDecomposition, kFoldOptions, &boundclass);
    if (n < 0 || n > kMaxDecomposition) {  // cannot happen with Unicode 15; be safe
      out->push_back({kReplacement, begin, end, CharClass::kSeparator});
      continue;
    }
    if (n == 0) {  // a mark or ignorable: belongs to the previous character
      if (!out->empty() && out->back().end == begin) out->back().end = end;
      continue;
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
      auto folded = static_cast<char32_t>(buffer[i]);
      out->push_back({folded, begin, end, Classify(folded)});
    }
  }
  return valid;
}

std::string FoldText(std::string_view text) {
  std::vector<FoldedChar> chars;
  FoldChars(text, &chars);
  std::vector<char32_t> code_points;
  code_points.reserve(chars.size());
  for (const FoldedChar& c : chars) code_points.push_back(c.code_point);
  std::string out;
  out.reserve(text.size());
  AppendComposedUtf8(code_points, &out);
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp = 0;
    size_t length = Decode(text, pos, &cp);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

void AppendComposedUtf8(std::vector<char32_t>& code_points, std::string* out) {
  bool ascii = true;
  for (char32_t cp : code_points) ascii = ascii && cp < 0x80;
  if (ascii) {
    for (char32_t cp : code_points) out->push_back(static_cast<char>(cp));
    return;
  }
  static_assert(sizeof(char32_t) == sizeof(utf8proc_int32_t));
  auto* data = reinterpret_cast<utf8proc_int32_t*>(code_points.data());
  utf8proc_ssize_t n =
      utf8proc_normalize_utf32(data, static_cast<utf8proc_ssize_t>(code_points.size()),
                               static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
  if (n < 0) n = static_cast<utf8proc_ssize_t>(code_points.size());  // keep decomposed
  std::array<utf8proc_uint8_t, 4> bytes;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    utf8proc_ssize_t len = utf8proc_encode_char(data[i], bytes.data());
    out->append(reinterpret_cast<const char*>(bytes.data()), static_cast<size_t>(len));
  }
}

}  // namespace leafloaf::text
