// CsvReader: a streaming RFC 4180 reader, written by hand.
//
// Why not a library: no CSV library that Debian keeps well fits (we need
// physical line numbers for every record, byte progress, and recovery after
// a malformed record instead of an exception or abort), and the format is
// small enough to own. The reader depends on absl status types only, so it
// can be fuzzed on its own (csv_reader_fuzzer.cc, scripts/fuzz-csv).
//
// Accepted input:
//  * fields separated by `delimiter`; records end at LF or CRLF;
//  * a field in double quotes may hold delimiters, CR, LF and doubled
//    quotes ("" -> ");
//  * a UTF-8 byte order mark at the very start is skipped;
//  * a quote inside an unquoted field is kept as data (`12" pizza`);
//  * empty physical lines are skipped (they yield no record);
//  * the last record need not end with a newline.
// Rejected, with a reason, as malformed records:
//  * a quoted field still open at end of input;
//  * anything but a delimiter, quote or line end after a closing quote;
//  * a record longer than `max_record_bytes` (usually a stray quote).
// After a malformed record the reader resumes at the physical line after
// the one the record started on, so a stray quote costs one row, not the
// rest of the file.
//
// Thread-safety: none; one reader per stream.
#ifndef LEAFLOAF_INGEST_CSV_READER_H_
#define LEAFLOAF_INGEST_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace leafloaf {

struct CsvOptions {
  char delimiter = ',';
  // Longest record accepted, in bytes of input.
  size_t max_record_bytes = size_t{1} << 20;
  // Bytes requested from the stream per read. REQUIRES: > 0.
  size_t chunk_bytes = size_t{64} << 10;
};

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // 1-based physical line where the record starts
};

class CsvReader {
 public:
  // `in` must outlive the reader.
  explicit CsvReader(std::istream& in, CsvOptions options = {});

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `record` (its storage is reused).
  //  * true: `record` holds the next record;
  //  * false: end of input;
  //  * kInvalidArgument: the record starting at `record.line` is malformed,
  //    the message says why; Next() may be called again and continues on
  //    the line after `record.line`;
  //  * kDataLoss: reading the stream failed; do not call again.
  absl::StatusOr<bool> Next(CsvRecord& record);

  // Bytes of input consumed so far (BOM included), for progress.
  int64_t bytes_consumed() const { return base_offset_ + static_cast<int64_t>(pos_); }

 private:
  // Appends a chunk to the buffer, first dropping bytes before
  // `record_start_`. False at end of input or on a read error.
  bool Refill();
  // True when a byte is available at pos_ + ahead, refilling as needed.
  bool Available(size_t ahead);
  absl::Status ParseRecord(CsvRecord& record);
  // Moves past the first line end at or after `record_start_`.
  void SkipPhysicalLine();

  std::istream& in_;
  const CsvOptions options_;

  std::string buffer_;
  size_t pos_ = 0;           // next unread byte in buffer_
  size_t record_start_ = 0;  // buffer_ keeps bytes from here on
  int64_t base_offset_ = 0;  // input offset of buffer_[0]
  int64_t line_ = 1;         // physical line of buffer_[pos_]
  bool at_start_ = true;     // BOM not checked yet
  bool eof_ = false;
  bool failed_ = false;
};

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_CSV_READER_H_
