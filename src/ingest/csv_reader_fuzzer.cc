// libFuzzer entry point for CsvReader (run it with scripts/fuzz-csv).
//
// The first input byte picks the chunk size, record limit and delimiter;
// the rest is the CSV text. Checked properties:
//  * every call to Next() either ends the input or consumes bytes, and
//    record start lines never go backwards;
//  * at the end every byte was consumed;
//  * when nothing was malformed, writing the records back with full quoting
//    and reading them again gives the same records.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/csv_reader.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

struct Outcome {
  std::vector<std::vector<std::string>> records;
  int errors = 0;
};

Outcome ReadAll(const std::string& text, leafloaf::CsvOptions options) {
  std::istringstream in(text);
  leafloaf::CsvReader reader(in, options);
  leafloaf::CsvRecord record;
  Outcome outcome;
  int64_t last_line = 0;
  int64_t last_bytes = 0;
  while (true) {
    absl::StatusOr<bool> next = reader.Next(record);
    if (next.ok() && !*next) break;
    Check(next.ok() || next.status().code() == absl::StatusCode::kInvalidArgument);
    Check(reader.bytes_consumed() > last_bytes);
    Check(record.line > last_line);
    last_line = record.line;
    last_bytes = reader.bytes_consumed();
    if (next.ok()) {
      Check(!record.fields.empty());
      outcome.records.push_back(record.fields);
    } else {
      ++outcome.errors;
    }
  }
  Check(reader.bytes_consumed() == static_cast<int64_t>(text.size()));
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t knobs = data[0];
  leafloaf::CsvOptions options;
  options.chunk_bytes = 1 + (knobs & 0x0f);
  options.max_record_bytes = (knobs & 0x10) ? 64 : size_t{1} << 20;
  options.delimiter = (knobs & 0x20) ? '\t' : ',';
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome first = ReadAll(text, options);
  if (first.errors > 0) return 0;

  std::string written;
  for (const auto& fields : first.records) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) written += options.delimiter;
      written += '"';
      for (char c : fields[i]) written += c == '"' ? std::string("\"\"") : std::string(1, c);
      written += '"';
    }
    written += "\r\n";
  }
  options.max_record_bytes = size_t{1} << 22;
  Outcome second = ReadAll(written, options);
  Check(second.errors == 0);
  Check(second.records == first.records);
  return 0;
}
