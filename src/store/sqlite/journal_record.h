// Journal records: the on-disk form of one batch of tracked events in the
// event journal (sqlite/event_journal.h).
//
// A record is a 16-byte header followed by its payload:
//
//   u32 payload length | u32 CRC-32 (zlib) of sequence and payload | u64 sequence
//   payload: u32 event count, then per event
//     i64 id, i64 at, f64 strength, f64 quantity, i32 position,
//     7 strings (shop, type, user, product, session, query, context),
//     each u32 length + bytes
//   then u64 write_first (absent in records written before it existed)
//
// All integers are little-endian. One record holds one acknowledged batch,
// so a torn write loses the whole batch or nothing (its checksum fails), and
// a batch is never half-acknowledged. `write_first` is the sequence of the
// first record in the same write (one group commit): recovery uses it to
// tell a write torn by a crash, whose later records may have landed while
// an earlier page did not, from damage to records already acknowledged.
// Binaries from before write_first cannot read such records (their payload
// ends after the last event): see docs/STORE.md before going back to one.
//
// ReadRecord() and ReadSegmentBytes() parse untrusted bytes (a damaged
// disk): they check every length against the buffer and never read past it
// (fuzzed by journal_record_fuzzer.cc).
#ifndef LEAFLOAF_STORE_SQLITE_JOURNAL_RECORD_H_
#define LEAFLOAF_STORE_SQLITE_JOURNAL_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/records.h"

namespace leafloaf::sqlite {

inline constexpr size_t kJournalHeaderBytes = 16;
// Larger payloads are refused when read back: a damaged length field must
// not make the reader allocate gigabytes. Writers stay far below it (a
// tracking batch holds at most 1,000 events of bounded size).
inline constexpr uint32_t kMaxJournalPayloadBytes = 64u << 20;

struct JournalRecord {
  uint64_t sequence = 0;
  // The first sequence of the write this record was in; 0 when the record
  // predates the field.
  uint64_t write_first = 0;
  std::vector<Event> events;
};

// Appends the record's bytes (header and payload) to `out`.
// REQUIRES: 0 < write_first <= sequence.
void EncodeRecord(uint64_t sequence, uint64_t write_first, const std::vector<Event>& events,
                  std::string* out);

// What ReadRecord() found at the start of `bytes`.
struct DecodedRecord {
  enum class Kind {
    kRecord,     // `record` holds it; `size` bytes were consumed
    kEnd,        // no bytes left, or only zeros (never-written space)
    kTorn,       // a header or payload cut short, or a checksum mismatch
  };
  Kind kind = Kind::kEnd;
  // kRecord: its bytes. kTorn: the bytes a complete record with a bad
  // checksum claims (so the caller can tell a tear at the end of a file
  // from damage followed by more records), 0 when cut short.
  size_t size = 0;
  JournalRecord record;
};

// Reads the record at the start of `bytes`. kTorn marks where a crash cut
// the journal; a payload whose checksum matches but does not parse is an
// error (kDataLoss), since it was written so.
absl::StatusOr<DecodedRecord> ReadRecord(std::string_view bytes);

// What one journal segment holds.
struct SegmentContents {
  std::vector<JournalRecord> records;  // in order
  // Where a tear cuts the segment: the caller cuts it off there.
  std::optional<size_t> torn_at;
};

// Reads a segment's records, which are numbered `first_sequence` (its
// file name's), +1, +2, ...; another number is kDataLoss. A damaged or
// cut-short record is a tear only in the `newest` segment and only when no
// record of a later write checks out after it: a crash hit the last write,
// which was never acknowledged, and whose later pages may have landed
// before an earlier one. A record of a later write (or one without
// `write_first`) after the damage means the damaged write was
// acknowledged: kDataLoss. After a tear every offset is tried, since the
// torn record's length cannot be trusted, but a record of the torn write
// that checks out is stepped over whole.
// REQUIRES: 0 < first_sequence < 2^63.
absl::StatusOr<SegmentContents> ReadSegmentBytes(std::string_view bytes, bool newest,
                                                 uint64_t first_sequence);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_JOURNAL_RECORD_H_
