#include "store/sqlite/journal_record.h"

#include <zlib.h>

#include <cstring>

#include "absl/base/internal/endian.h"
#include "absl/strings/str_format.h"

namespace leafloaf::sqlite {
namespace {

template <typename T>
void PutFixed(T v, std::string* out) {
  char buf[sizeof(T)];
  if constexpr (sizeof(T) == 4) {
    absl::little_endian::Store32(buf, static_cast<uint32_t>(v));
  } else {
    absl::little_endian::Store64(buf, static_cast<uint64_t>(v));
  }
  out->append(buf, sizeof(T));
}

void PutDouble(double v, std::string* out) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  PutFixed(bits, out);
}

void PutString(const std::string& s, std::string* out) {
  PutFixed(static_cast<uint32_t>(s.size()), out);
  out->append(s);
}

// The checksum covers the sequence and the payload.
uint32_t Crc(std::string_view sequence, std::string_view payload) {
  uLong crc = crc32_z(0L, reinterpret_cast<const Bytef*>(sequence.data()), sequence.size());
  return static_cast<uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(payload.data()), payload.size()));
}

// Bounds-checked reads from a payload.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  bool U32(uint32_t* v) {
    if (rest_.size() < 4) return false;
    *v = absl::little_endian::Load32(rest_.data());
    rest_.remove_prefix(4);
    return true;
  }
  bool U64(uint64_t* v) {
    if (rest_.size() < 8) return false;
    *v = absl::little_endian::Load64(rest_.data());
    rest_.remove_prefix(8);
    return true;
  }
  bool I64(int64_t* v) {
    uint64_t u;
    if (!U64(&u)) return false;
    *v = static_cast<int64_t>(u);
    return true;
  }
  bool Double(double* v) {
    uint64_t u;
    if (!U64(&u)) return false;
    std::memcpy(v, &u, sizeof u);
    return true;
  }
  bool String(std::string* s) {
    uint32_t n;
    if (!U32(&n) || rest_.size() < n) return false;
    s->assign(rest_.data(), n);
    rest_.remove_prefix(n);
    return true;
  }
  bool done() const { return rest_.empty(); }
  size_t left() const { return rest_.size(); }

 private:
  std::string_view rest_;
};

// The smallest encoded event: 8 + 8 + 8 + 8 + 4 fixed bytes and 7 empty strings.
constexpr size_t kMinEventBytes = 36 + 7 * 4;

bool DecodePayload(std::string_view payload, std::vector<Event>* events, uint64_t* write_first) {
  Reader r(payload);
  uint32_t count;
  if (!r.U32(&count) || count > r.left() / kMinEventBytes) return false;
  events->resize(count);
  for (Event& e : *events) {
    uint32_t position;
    if (!r.I64(&e.id) || !r.I64(&e.at) || !r.Double(&e.strength) || !r.Double(&e.quantity) ||
        !r.U32(&position)) {
      return false;
    }
    e.position = static_cast<int32_t>(position);
    for (std::string* s : {&e.shop_id, &e.type, &e.user_external_id, &e.product_external_id,
                           &e.session_id, &e.query, &e.context}) {
      if (!r.String(s)) return false;
    }
  }
  *write_first = 0;
  if (r.left() == sizeof(uint64_t)) r.U64(write_first);
  return r.done();
}

}  // namespace

void EncodeRecord(uint64_t sequence, uint64_t write_first, const std::vector<Event>& events,
                  std::string* out) {
  const size_t header_at = out->size();
  out->append(kJournalHeaderBytes, '\0');
  const size_t payload_at = out->size();
  PutFixed(static_cast<uint32_t>(events.size()), out);
  for (const Event& e : events) {
    PutFixed(e.id, out);
    PutFixed(e.at, out);
    PutDouble(e.strength, out);
    PutDouble(e.quantity, out);
    PutFixed(static_cast<uint32_t>(e.position), out);
    for (const std::string* s : {&e.shop_id, &e.type, &e.user_external_id, &e.product_external_id,
                                 &e.session_id, &e.query, &e.context}) {
      PutString(*s, out);
    }
  }
  PutFixed(write_first, out);
  const std::string_view payload(out->data() + payload_at, out->size() - payload_at);
  char* header = out->data() + header_at;
  absl::little_endian::Store32(header, static_cast<uint32_t>(payload.size()));
  absl::little_endian::Store64(header + 8, sequence);
  absl::little_endian::Store32(header + 4, Crc(std::string_view(header + 8, 8), payload));
}

absl::StatusOr<DecodedRecord> ReadRecord(std::string_view bytes) {
  DecodedRecord out;
  if (bytes.empty()) return out;  // kEnd
  // A crash can leave zero-filled blocks past the last record (the size
  // grew before the data landed): zeros to the end are no record at all.
  const uint32_t length = bytes.size() >= 4 ? absl::little_endian::Load32(bytes.data()) : 0;
  if (length == 0 && bytes.find_first_not_of('\0') == std::string_view::npos) return out;
  out.kind = DecodedRecord::Kind::kTorn;
  if (bytes.size() < kJournalHeaderBytes) return out;
  const uint32_t crc = absl::little_endian::Load32(bytes.data() + 4);
  // Every payload holds at least its event count.
  if (length < 4 || length > kMaxJournalPayloadBytes ||
      bytes.size() - kJournalHeaderBytes < length) {
    return out;
  }
  const std::string_view payload = bytes.substr(kJournalHeaderBytes, length);
  if (Crc(bytes.substr(8, 8), payload) != crc) {
    out.size = kJournalHeaderBytes + length;  // complete, but damaged
    return out;
  }
  out.record.sequence = absl::little_endian::Load64(bytes.data() + 8);
  if (!DecodePayload(payload, &out.record.events, &out.record.write_first) ||
      out.record.write_first > out.record.sequence) {
    return absl::DataLossError(absl::StrFormat(
        "event journal record %d has a valid checksum but does not parse",
        out.record.sequence));
  }
  out.kind = DecodedRecord::Kind::kRecord;
  out.size = kJournalHeaderBytes + length;
  return out;
}

namespace {

// The smallest record: a header and an event count (older records had no
// write_first).
constexpr size_t kMinRecordBytes = kJournalHeaderBytes + 4;

// Whether a record that checks out starts somewhere after `from` and was
// written by a write after the one holding sequence `torn`.
bool LaterWriteFollows(std::string_view bytes, size_t from, uint64_t torn) {
  // A record starts with a non-zero length: none starts in the zeros that
  // fill the rest of a segment (most of it, after a crash).
  const size_t last = bytes.find_last_not_of('\0');
  if (last == std::string_view::npos) return false;
  for (size_t at = from + 1; at <= last && at + kJournalHeaderBytes < bytes.size(); ++at) {
    const char* p = bytes.data() + at;
    // Cheap tests first: a plausible length, and a sequence after the tear
    // that the bytes left could hold.
    const uint32_t length = absl::little_endian::Load32(p);
    const uint64_t sequence = absl::little_endian::Load64(p + 8);
    if (length < 4 || length > bytes.size() - at - kJournalHeaderBytes || sequence <= torn ||
        sequence - torn > (bytes.size() - from) / kMinRecordBytes) {
      continue;
    }
    absl::StatusOr<DecodedRecord> read = ReadRecord(bytes.substr(at));
    if (!read.ok()) return true;  // it checks out but does not parse: written so
    if (read->kind != DecodedRecord::Kind::kRecord) continue;
    if (read->record.write_first == 0 || read->record.write_first > torn) return true;
    at += read->size - 1;  // the torn write's: nothing to find inside it
  }
  return false;
}

}  // namespace

absl::StatusOr<SegmentContents> ReadSegmentBytes(std::string_view bytes, bool newest,
                                                 uint64_t first_sequence) {
  SegmentContents out;
  size_t offset = 0;
  uint64_t expected = first_sequence;
  while (true) {
    absl::StatusOr<DecodedRecord> read = ReadRecord(bytes.substr(offset));
    if (!read.ok()) return read.status();
    if (read->kind == DecodedRecord::Kind::kEnd) return out;
    if (read->kind == DecodedRecord::Kind::kTorn) {
      if (!newest) {
        return absl::DataLossError(absl::StrFormat("damaged at byte %d", offset));
      }
      if (LaterWriteFollows(bytes, offset, expected)) {
        return absl::DataLossError(
            absl::StrFormat("damaged at byte %d, before records written after it", offset));
      }
      out.torn_at = offset;
      return out;
    }
    if (read->record.sequence != expected) {
      return absl::DataLossError(absl::StrFormat("record %d where record %d belongs",
                                                 read->record.sequence, expected));
    }
    ++expected;
    offset += read->size;
    out.records.push_back(std::move(read->record));
  }
}

}  // namespace leafloaf::sqlite
