#include "ingest/row_text.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace leafloaf {

std::string TitleCase(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  bool word_start = true;
  for (char raw : text) {
    unsigned char c = static_cast<unsigned char>(raw);
    if (absl::ascii_isalpha(c)) {
      out.push_back(word_start ? absl::ascii_toupper(c) : absl::ascii_tolower(c));
      word_start = false;
      continue;
    }
    out.push_back(raw);
    if (raw == ':') out.push_back(' ');
    word_start = raw == ' ' || raw == '-' || raw == '/' || raw == '(' || raw == '&' || raw == ':';
    if (absl::ascii_isdigit(c) || raw == '\'') word_start = false;
  }
  // "A: B" from "A:B", but not "A:  B" from "A: B".
  std::string squeezed;
  squeezed.reserve(out.size());
  for (char c : out) {
    if (c == ' ' && !squeezed.empty() && squeezed.back() == ' ') continue;
    squeezed.push_back(c);
  }
  while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
  return squeezed;
}

std::string CategoryPath(const std::vector<std::string>& levels) {
  std::string path;
  for (const std::string& level : levels) {
    if (level.empty()) continue;
    if (!path.empty()) path += " > ";
    path += level;
  }
  return path;
}

std::string NormalizeCategory(std::string_view path) {
  std::vector<std::string> levels;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('>', start), path.size());
    std::string_view level = path.substr(start, end - start);
    while (!level.empty() && absl::ascii_isspace(static_cast<unsigned char>(level.front()))) {
      level.remove_prefix(1);
    }
    while (!level.empty() && absl::ascii_isspace(static_cast<unsigned char>(level.back()))) {
      level.remove_suffix(1);
    }
    levels.emplace_back(level);
    start = end + 1;
  }
  return CategoryPath(levels);
}

std::vector<std::pair<int, std::string>> OtherColumns(const CsvHeader& header,
                                                      const std::vector<int>& used) {
  std::vector<std::pair<int, std::string>> other;
  for (int column = 0; column < static_cast<int>(header.size()); ++column) {
    if (std::find(used.begin(), used.end(), column) == used.end() && !header.name(column).empty()) {
      other.emplace_back(column, header.name(column));
    }
  }
  return other;
}

std::string FormatSize(double amount, std::string_view unit) {
  return absl::StrFormat("%g %s", amount, unit);
}

Attributes& Attributes::Text(std::string_view key, std::string_view value) {
  if (!value.empty()) json_[std::string(key)] = std::string(value);
  return *this;
}

Attributes& Attributes::Number(std::string_view key, double value) {
  json_[std::string(key)] = value;
  return *this;
}

Attributes& Attributes::Int(std::string_view key, int64_t value) {
  json_[std::string(key)] = value;
  return *this;
}

Attributes& Attributes::Json(std::string_view key, nlohmann::json value) {
  json_[std::string(key)] = std::move(value);
  return *this;
}

std::string Attributes::Dump() const {
  if (json_.empty()) return "";
  return json_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace leafloaf
