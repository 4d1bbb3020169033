#include "agents/internal/tokens.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "text/folding.h"

namespace leafloaf::agents::internal {
namespace {

using text::CharClass;
using text::FoldedChar;

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

// Ordinal suffixes stay glued to their digits: "1st", "3rd".
bool IsOrdinalSuffix(std::string_view s) {
  return s == "st" || s == "nd" || s == "rd" || s == "th";
}

class Builder {
 public:
  explicit Builder(std::vector<Token>* out) : out_(out) {}

  void Letter(char32_t c, bool capital) {
    if (kind_ == Token::Kind::kNumber && !text_.empty()) {
      // "2lbs" -> "2" "lbs", but "1st" stays one word: decided at Flush.
      if (digits_end_ == 0) digits_end_ = text_.size();
    }
    if (text_.empty()) {
      kind_ = Token::Kind::kWord;
      capitalized_ = capital;
    }
    AppendUtf8(c, &text_);
  }

  void Digit(char32_t c, bool capital) {
    if (text_.empty()) {
      kind_ = Token::Kind::kNumber;
      capitalized_ = capital;
    } else if (kind_ == Token::Kind::kNumber && digits_end_ != 0) {
      Flush();  // "2x3": a new number after letters
      kind_ = Token::Kind::kNumber;
    }
    text_.push_back(static_cast<char>(c));
  }

  // A '.' or '/' between digits: "2.5", "1/2".
  bool JoinsNumber(char32_t c) const {
    return kind_ == Token::Kind::kNumber && digits_end_ == 0 && !text_.empty() &&
           IsAsciiDigit(static_cast<unsigned char>(text_.back())) &&
           text_.find_first_of("./") == std::string::npos && (c == '.' || c == '/');
  }
  void Join(char32_t c) { text_.push_back(static_cast<char>(c)); }

  void Punct(std::string_view p) {
    Flush();
    if (out_->size() < kMaxTokens) out_->push_back({Token::Kind::kPunct, std::string(p), 0, false});
  }

  void Flush() {
    if (text_.empty()) return;
    if (kind_ == Token::Kind::kNumber && digits_end_ != 0) {
      std::string digits = text_.substr(0, digits_end_);
      std::string rest = text_.substr(digits_end_);
      if (IsOrdinalSuffix(rest)) {
        Emit(Token::Kind::kWord, std::move(text_));
      } else {
        Emit(Token::Kind::kNumber, std::move(digits));
        capitalized_ = false;
        Emit(Token::Kind::kWord, std::move(rest));
      }
    } else {
      // A trailing '.' or '/' is not part of the number: "2." -> "2".
      while (kind_ == Token::Kind::kNumber && !text_.empty() &&
             (text_.back() == '.' || text_.back() == '/')) {
        text_.pop_back();
      }
      Emit(kind_, std::move(text_));
    }
    text_.clear();
    digits_end_ = 0;
    kind_ = Token::Kind::kWord;
  }

 private:
  void Emit(Token::Kind kind, std::string text) {
    if (text.empty() || out_->size() >= kMaxTokens) return;
    Token token{kind, std::move(text), 0, capitalized_};
    if (kind == Token::Kind::kNumber) token.value = ParseNumber(token.text);
    out_->push_back(std::move(token));
  }

  static double ParseNumber(std::string_view s) {
    const size_t slash = s.find('/');
    if (slash != std::string_view::npos) {
      const double num = ParseNumber(s.substr(0, slash));
      const double den = ParseNumber(s.substr(slash + 1));
      return den > 0 ? num / den : num;
    }
    // Digits and at most one '.', at most a few dozen characters: exact enough.
    double value = 0, scale = 0;
    for (char c : s.substr(0, 15)) {
      if (c == '.') {
        scale = 1;
        continue;
      }
      if (scale > 0) {
        scale /= 10;
        value += (c - '0') * scale;
      } else {
        value = value * 10 + (c - '0');
      }
    }
    return value;
  }

  std::vector<Token>* out_;
  std::string text_;
  Token::Kind kind_ = Token::Kind::kWord;
  size_t digits_end_ = 0;  // kNumber followed by letters: where the digits end
  bool capitalized_ = false;
};

}  // namespace

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::vector<Token> Tokenize(std::string_view utterance) {
  if (utterance.size() > kMaxUtteranceBytes) utterance = utterance.substr(0, kMaxUtteranceBytes);
  std::vector<FoldedChar> chars;
  text::FoldChars(utterance, &chars);
  std::vector<Token> tokens;
  Builder builder(&tokens);
  for (size_t i = 0; i < chars.size() && tokens.size() < kMaxTokens; ++i) {
    const FoldedChar& fc = chars[i];
    const unsigned char first = static_cast<unsigned char>(utterance[fc.begin]);
    const bool capital = first >= 'A' && first <= 'Z';
    switch (fc.char_class) {
      case CharClass::kLetter:
        builder.Letter(fc.code_point, capital);
        break;
      case CharClass::kDigit:
        if (IsAsciiDigit(fc.code_point)) {
          builder.Digit(fc.code_point, capital);
        } else {
          builder.Letter(fc.code_point, capital);  // other scripts' digits: part of a word
        }
        break;
      case CharClass::kApostrophe:
        break;  // "what's" -> "whats"
      case CharClass::kPeriod:
      case CharClass::kSlash:
        if (builder.JoinsNumber(fc.code_point) && i + 1 < chars.size() &&
            IsAsciiDigit(chars[i + 1].code_point)) {
          builder.Join(fc.code_point == '.' ? '.' : '/');
        } else if (fc.char_class == CharClass::kPeriod) {
          builder.Punct(".");
        } else {
          builder.Flush();
        }
        break;
      case CharClass::kComma:
        builder.Punct(",");
        break;
      case CharClass::kAmpersand:
        builder.Punct("&");
        break;
      case CharClass::kSeparator:
        switch (fc.code_point) {
          case '$':
            builder.Punct("$");
            break;
          case '%':
            builder.Punct("%");
            break;
          case '#':
            builder.Punct("#");
            break;
          case '?':
          case '!':
          case ';':
          case '\n':
            builder.Punct(".");
            break;
          default:
            builder.Flush();
        }
        break;
    }
  }
  builder.Flush();
  return tokens;
}

std::string ClassifierText(std::span<const Token> tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (token.kind == Token::Kind::kPunct && !token.is("$")) continue;
    if (!out.empty()) out.push_back(' ');
    out += token.is_number() ? std::string_view("0") : std::string_view(token.text);
  }
  return out;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  if (n > 32 || m > 32) return a == b ? 0 : cap + 1;
  // Optimal string alignment over three rows.
  std::array<int, 33> prev2{}, prev{}, cur{};
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > cap) return cap + 1;
    prev2 = prev;
    prev = cur;
  }
  return std::min(prev[m], cap + 1);
}

bool FuzzyEquals(std::string_view token, std::string_view cue) {
  if (token == cue) return true;
  if (cue.size() < 4 || token.size() < 3 || token.front() != cue.front()) return false;
  const int allowed = cue.size() >= 8 ? 2 : 1;
  return EditDistance(token, cue, allowed) <= allowed;
}

std::string Singular(std::string_view w) {
  auto ends = [&](std::string_view s) { return w.size() > s.size() && w.ends_with(s); };
  if (w.size() <= 3) return std::string(w);
  if (w == "loaves") return "loaf";
  if (w == "leaves") return "leaf";
  if (w == "knives") return "knife";
  if (ends("ies") && w.size() > 4) return std::string(w.substr(0, w.size() - 3)) + "y";
  if (ends("oes") || ends("ches") || ends("shes") || ends("sses") || ends("xes")) {
    return std::string(w.substr(0, w.size() - 2));
  }
  if (ends("ss") || ends("us") || ends("is")) return std::string(w);
  if (ends("s")) return std::string(w.substr(0, w.size() - 1));
  return std::string(w);
}

std::optional<double> NumberWord(std::string_view w) {
  static constexpr std::pair<std::string_view, double> kWords[] = {
      {"one", 1},       {"two", 2},       {"three", 3},     {"four", 4},       {"five", 5},
      {"six", 6},       {"seven", 7},     {"eight", 8},     {"nine", 9},       {"ten", 10},
      {"eleven", 11},   {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14},  {"fifteen", 15},
      {"sixteen", 16},  {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
      {"thirty", 30},   {"forty", 40},    {"fifty", 50},    {"sixty", 60},     {"seventy", 70},
      {"eighty", 80},   {"ninety", 90},   {"hundred", 100}, {"dozen", 12},     {"half", 0.5},
      {"couple", 2},    {"pair", 2},      {"single", 1},
  };
  for (const auto& [word, value] : kWords) {
    if (word == w) return value;
  }
  return std::nullopt;
}

}  // namespace leafloaf::agents::internal
