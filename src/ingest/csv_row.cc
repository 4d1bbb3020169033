#include "ingest/csv_row.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace leafloaf {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<double> ParseDouble(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// "3/7/2019" or "03/07/2019" (month first), as exported by US spreadsheets.
std::optional<Micros> ParseUsDate(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int index = 0;
  int digits = 0;
  for (char c : text) {
    if (c == '/' && index < 2 && digits > 0) {
      ++index;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 4) {
      parts[index] = parts[index] * 10 + (c - '0');
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (index != 2 || digits != 4) return std::nullopt;
  absl::StatusOr<Micros> t = MakeUtc(parts[2], parts[0], parts[1]);
  if (!t.ok()) return std::nullopt;
  return *t;
}

}  // namespace

std::string ColumnKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) key.push_back(absl::ascii_tolower(u));
  }
  return key;
}

CsvHeader::CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {
  keys_.reserve(names_.size());
  for (const std::string& name : names_) keys_.push_back(ColumnKey(name));
}

int CsvHeader::Find(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) {
    const std::string key = ColumnKey(name);
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string_view CsvRow::Get(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= record_.fields.size()) return {};
  return Trim(record_.fields[static_cast<size_t>(column)]);
}

std::string CsvRow::Text(int column) const { return ToValidUtf8(Get(column)); }

std::string CsvRow::ColumnName(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= header_.size()) return "column";
  return header_.name(column);
}

absl::StatusOr<std::string_view> CsvRow::Required(int column) const {
  std::string_view value = Get(column);
  if (value.empty()) return absl::InvalidArgumentError("missing " + ColumnName(column));
  return value;
}

absl::StatusOr<double> CsvRow::Number(int column) const {
  std::string_view value = Get(column);
  if (value.empty()) return absl::InvalidArgumentError("missing " + ColumnName(column));
  std::optional<double> number = ParseDouble(value);
  if (!number) {
    return absl::InvalidArgumentError(
        absl::StrFormat("bad %s '%s': not a number", ColumnName(column), ToValidUtf8(value)));
  }
  return *number;
}

absl::StatusOr<double> CsvRow::OptionalNumber(int column, double fallback) const {
  if (Empty(column)) return fallback;
  return Number(column);
}

absl::StatusOr<int64_t> CsvRow::Int(int column) const {
  std::string_view value = Get(column);
  if (value.empty()) return absl::InvalidArgumentError("missing " + ColumnName(column));
  int64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec == std::errc() && end == value.data() + value.size()) return n;
  // "2.0" as written by tools that store integers as floats.
  std::optional<double> number = ParseDouble(value);
  if (number && std::abs(*number) < 9e15 && *number == std::floor(*number)) {
    return static_cast<int64_t>(*number);
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("bad %s '%s': not an integer", ColumnName(column), ToValidUtf8(value)));
}

absl::StatusOr<int64_t> CsvRow::OptionalInt(int column, int64_t fallback) const {
  if (Empty(column)) return fallback;
  return Int(column);
}

absl::StatusOr<Cents> CsvRow::Money(int column) const {
  std::string_view value = Get(column);
  if (value.empty()) return absl::InvalidArgumentError("missing " + ColumnName(column));
  absl::StatusOr<Cents> cents = ParseMoney(value);
  if (!cents.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("bad %s '%s': not an amount", ColumnName(column), ToValidUtf8(value)));
  }
  return *cents;
}

absl::StatusOr<Cents> CsvRow::OptionalMoney(int column, Cents fallback) const {
  if (Empty(column)) return fallback;
  return Money(column);
}

absl::StatusOr<Micros> CsvRow::Time(int column) const {
  std::string_view value = Get(column);
  if (value.empty()) return absl::InvalidArgumentError("missing " + ColumnName(column));
  if (absl::StatusOr<Micros> t = ParseIsoTime(value); t.ok()) return *t;
  if (std::optional<Micros> t = ParseUsDate(value)) return *t;
  return absl::InvalidArgumentError(
      absl::StrFormat("bad %s '%s': expected YYYY-MM-DD[ HH:MM:SS] or M/D/YYYY", ColumnName(column),
                      ToValidUtf8(value)));
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool valid = len > 0 && i + len <= text.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && len > 1) {
      // Reject overlong forms, surrogates and code points past U+10FFFF.
      uint32_t cp = c & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      valid = cp >= kMin[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

}  // namespace leafloaf
