#include "common/money.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "common/strings.h"

namespace leafloaf {

absl::StatusOr<Cents> ParseMoney(std::string_view text) {
  text = AsStd(absl::StripAsciiWhitespace(AsAbsl(text)));
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (!text.empty() && text.front() == '$') text.remove_prefix(1);
  if (text.empty()) return absl::InvalidArgumentError("empty amount");
  int64_t whole = 0;
  int64_t frac = 0;  // in units of 1/1000
  int frac_digits = 0;
  bool seen_dot = false;
  bool seen_digit = false;
  bool round_up = false;
  for (char c : text) {
    if (c == ',' && !seen_dot) continue;  // thousands separator
    if (c == '.' && !seen_dot) {
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(absl::StrFormat("not an amount: '%s'", text));
    }
    seen_digit = true;
    int digit = c - '0';
    if (!seen_dot) {
      if (whole > 9'000'000'000'000LL) return absl::InvalidArgumentError("amount out of range");
      whole = whole * 10 + digit;
    } else if (frac_digits < 2) {
      frac = frac * 10 + digit;
      ++frac_digits;
    } else if (frac_digits == 2) {
      round_up = digit >= 5;
      ++frac_digits;
    }
  }
  if (!seen_digit) return absl::InvalidArgumentError(absl::StrFormat("not an amount: '%s'", text));
  while (frac_digits < 2) {
    frac *= 10;
    ++frac_digits;
  }
  Cents cents = whole * 100 + frac + (round_up ? 1 : 0);
  return negative ? -cents : cents;
}

std::string FormatMoney(Cents cents) {
  const char* sign = cents < 0 ? "-" : "";
  uint64_t abs = cents < 0 ? static_cast<uint64_t>(-(cents + 1)) + 1 : static_cast<uint64_t>(cents);
  return absl::StrFormat("%s%d.%02d", sign, abs / 100, abs % 100);
}

}  // namespace leafloaf
