// Small text helpers shared by the importers: title case for category
// paths and built names, and JSON attribute objects.
#ifndef LEAFLOAF_INGEST_ROW_TEXT_H_
#define LEAFLOAF_INGEST_ROW_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/csv_row.h"
#include "nlohmann/json.hpp"

namespace leafloaf {

// "FRUIT - SHELF STABLE" -> "Fruit - Shelf Stable",
// "BREAD:ITALIAN/FRENCH" -> "Bread: Italian/French". Letters after a
// space, '-', '/', '(', '&' or ':' start a word.
std::string TitleCase(std::string_view text);

// Joins non-empty levels with " > " (catalog/product.h).
std::string CategoryPath(const std::vector<std::string>& levels);

// "22 lb", "0.5 gal": a size for a built product name.
std::string FormatSize(double amount, std::string_view unit);

// "Dairy>Milk", " Dairy >  Milk " -> "Dairy > Milk".
std::string NormalizeCategory(std::string_view path);

// The columns of `header` whose index is not in `used`, for formats that
// keep unknown columns in attributes.
std::vector<std::pair<int, std::string>> OtherColumns(const CsvHeader& header,
                                                      const std::vector<int>& used);

// A JSON object built field by field; empty texts are left out.
class Attributes {
 public:
  Attributes& Text(std::string_view key, std::string_view value);
  Attributes& Number(std::string_view key, double value);
  Attributes& Int(std::string_view key, int64_t value);
  Attributes& Json(std::string_view key, nlohmann::json value);
  bool empty() const { return json_.empty(); }
  // The object as compact JSON, or "" when it has no fields. Invalid UTF-8
  // is replaced, never thrown about.
  std::string Dump() const;

 private:
  nlohmann::json json_ = nlohmann::json::object();
};

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_ROW_TEXT_H_
