#include "ingest/csv_reader.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace leafloaf {
namespace {

// The next field of `record`, reusing storage left from earlier records.
std::string* StartField(CsvRecord& record, size_t& count) {
  if (count < record.fields.size()) {
    record.fields[count].clear();
  } else {
    record.fields.emplace_back();
  }
  return &record.fields[count++];
}

std::string Printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  return absl::StrFormat("\\x%02x", u);
}

}  // namespace

CsvReader::CsvReader(std::istream& in, CsvOptions options) : in_(in), options_(options) {}

bool CsvReader::Refill() {
  if (eof_ || failed_) return false;
  if (record_start_ > 0) {
    buffer_.erase(0, record_start_);
    base_offset_ += static_cast<int64_t>(record_start_);
    pos_ -= record_start_;
    record_start_ = 0;
  }
  const size_t old_size = buffer_.size();
  buffer_.resize(old_size + options_.chunk_bytes);
  in_.read(buffer_.data() + old_size, static_cast<std::streamsize>(options_.chunk_bytes));
  const size_t got = static_cast<size_t>(in_.gcount());
  buffer_.resize(old_size + got);
  if (in_.bad()) failed_ = true;
  if (got == 0) eof_ = true;
  return got > 0;
}

bool CsvReader::Available(size_t ahead) {
  while (pos_ + ahead >= buffer_.size()) {
    if (!Refill()) return false;
  }
  return true;
}

absl::StatusOr<bool> CsvReader::Next(CsvRecord& record) {
  if (failed_) return absl::DataLossError("reading the input failed");
  record_start_ = pos_;
  if (at_start_) {
    at_start_ = false;
    if (Available(2) && buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
  }
  while (true) {  // skip empty lines
    record_start_ = pos_;
    record.line = line_;
    if (!Available(0)) {
      if (failed_) return absl::DataLossError("reading the input failed");
      record.fields.clear();
      return false;
    }
    if (buffer_[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (buffer_[pos_] == '\r' && Available(1) && buffer_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  absl::Status status = ParseRecord(record);
  if (failed_) return absl::DataLossError("reading the input failed");
  if (!status.ok()) {
    pos_ = record_start_;
    line_ = record.line;
    SkipPhysicalLine();
    record.fields.clear();
    return status;
  }
  return true;
}

absl::Status CsvReader::ParseRecord(CsvRecord& record) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  const char delimiter = options_.delimiter;
  size_t count = 0;
  std::string* field = StartField(record, count);
  State state = State::kFieldStart;
  int64_t quote_line = 0;
  while (true) {
    if (!Available(0)) {
      if (state == State::kQuoted) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "unterminated quoted field %d (quote opened on line %d)", count, quote_line));
      }
      break;  // end of input ends the record
    }
    if (pos_ - record_start_ > options_.max_record_bytes) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "record longer than %d bytes (unbalanced quote?)", options_.max_record_bytes));
    }
    const char c = buffer_[pos_];
    switch (state) {
      case State::kFieldStart:
        if (c == '"') {
          ++pos_;
          state = State::kQuoted;
          quote_line = line_;
          continue;
        }
        state = State::kUnquoted;
        continue;
      case State::kUnquoted: {
        if (c == delimiter) {
          ++pos_;
          field = StartField(record, count);
          state = State::kFieldStart;
          continue;
        }
        if (c == '\n') {
          ++pos_;
          ++line_;
          record.fields.resize(count);
          return absl::OkStatus();
        }
        if (c == '\r') {
          if (!Available(1)) {  // CR at end of input ends the record
            ++pos_;
            record.fields.resize(count);
            return absl::OkStatus();
          }
          if (buffer_[pos_ + 1] == '\n') {
            pos_ += 2;
            ++line_;
            record.fields.resize(count);
            return absl::OkStatus();
          }
          field->push_back(c);  // a lone CR is data
          ++pos_;
          continue;
        }
        size_t end = pos_ + 1;
        while (end < buffer_.size() && buffer_[end] != delimiter && buffer_[end] != '\n' &&
               buffer_[end] != '\r') {
          ++end;
        }
        field->append(buffer_, pos_, end - pos_);
        pos_ = end;
        continue;
      }
      case State::kQuoted: {
        if (c == '"') {
          ++pos_;
          state = State::kAfterQuote;
          continue;
        }
        size_t end = pos_;
        while (end < buffer_.size() && buffer_[end] != '"') {
          if (buffer_[end] == '\n') ++line_;
          ++end;
        }
        field->append(buffer_, pos_, end - pos_);
        pos_ = end;
        continue;
      }
      case State::kAfterQuote:
        if (c == '"') {
          field->push_back('"');
          ++pos_;
          state = State::kQuoted;
          continue;
        }
        if (c == delimiter) {
          ++pos_;
          field = StartField(record, count);
          state = State::kFieldStart;
          continue;
        }
        if (c == '\n' || (c == '\r' && (!Available(1) || buffer_[pos_ + 1] == '\n'))) {
          state = State::kUnquoted;  // the line end is handled there
          continue;
        }
        return absl::InvalidArgumentError(
            absl::StrFormat("field %d: unexpected '%s' after closing quote on line %d", count,
                            Printable(c), line_));
    }
  }
  record.fields.resize(count);
  return absl::OkStatus();
}

void CsvReader::SkipPhysicalLine() {
  while (true) {
    record_start_ = pos_;
    if (!Available(0)) return;
    size_t newline = buffer_.find('\n', pos_);
    if (newline == std::string::npos) {
      pos_ = buffer_.size();
      continue;
    }
    pos_ = newline + 1;
    ++line_;
    record_start_ = pos_;
    return;
  }
}

}  // namespace leafloaf
