// CsvHeader and CsvRow: a CSV record seen through its file's header, with
// typed field access whose errors name the column and the bad value, so an
// importer can return them as the row's rejection reason unchanged.
#ifndef LEAFLOAF_INGEST_CSV_ROW_H_
#define LEAFLOAF_INGEST_CSV_ROW_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/money.h"
#include "common/time.h"
#include "ingest/csv_reader.h"

namespace leafloaf {

// Column names are matched by a key that keeps only lowercase letters and
// digits: "Product ID", "product_id" and "ProductId" are the same column.
std::string ColumnKey(std::string_view name);

class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(std::vector<std::string> names);

  // Index of the first column matching any of `names`, or -1.
  int Find(std::initializer_list<std::string_view> names) const;
  bool Has(std::string_view name) const { return Find({name}) >= 0; }
  size_t size() const { return names_.size(); }
  const std::string& name(int column) const { return names_[static_cast<size_t>(column)]; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

// A view of one record; valid while the record and header live.
// Every accessor takes a column index from CsvHeader::Find; -1 (absent
// column) reads as an empty field.
class CsvRow {
 public:
  CsvRow(const CsvRecord& record, const CsvHeader& header) : record_(record), header_(header) {}

  int64_t line() const { return record_.line; }
  // The field without surrounding ASCII whitespace.
  std::string_view Get(int column) const;
  // As Get(), made valid UTF-8 (bad bytes become U+FFFD).
  std::string Text(int column) const;
  bool Empty(int column) const { return Get(column).empty(); }

  // kInvalidArgument "missing <column>" when empty.
  absl::StatusOr<std::string_view> Required(int column) const;
  // Integers, decimals, money, times: kInvalidArgument "bad <column> '<v>': ..."
  // when malformed or missing. The Optional forms return `fallback` for an
  // empty field.
  absl::StatusOr<int64_t> Int(int column) const;
  absl::StatusOr<int64_t> OptionalInt(int column, int64_t fallback) const;
  absl::StatusOr<double> Number(int column) const;
  absl::StatusOr<double> OptionalNumber(int column, double fallback) const;
  absl::StatusOr<Cents> Money(int column) const;
  absl::StatusOr<Cents> OptionalMoney(int column, Cents fallback) const;
  // ISO date or date-time, or M/D/YYYY.
  absl::StatusOr<Micros> Time(int column) const;

  std::string ColumnName(int column) const;

 private:
  const CsvRecord& record_;
  const CsvHeader& header_;
};

// Replaces invalid UTF-8 sequences with U+FFFD.
std::string ToValidUtf8(std::string_view text);

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_CSV_ROW_H_
