#include "store/sqlite/journal_record.h"

#include <zlib.h>

#include <string>

#include "absl/base/internal/endian.h"

#include "gtest/gtest.h"

namespace leafloaf::sqlite {
namespace {

Event Sample(int64_t id) {
  return Event{.id = id, .shop_id = "shop1", .type = "click_product", .user_external_id = "U1",
               .product_external_id = "P\xc3\xa9", .session_id = "s", .strength = 0.5,
               .quantity = 2, .query = "oat milk", .position = -1,
               .context = R"({"page":"search"})", .at = 1700000000000000};
}

TEST(JournalRecordTest, RoundTripsEveryField) {
  std::string bytes;
  EncodeRecord(7, 5, {Sample(1), Sample(2)}, &bytes);
  auto read = ReadRecord(bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->kind, DecodedRecord::Kind::kRecord);
  EXPECT_EQ(read->size, bytes.size());
  EXPECT_EQ(read->record.sequence, 7u);
  EXPECT_EQ(read->record.write_first, 5u);
  ASSERT_EQ(read->record.events.size(), 2u);
  const Event& e = read->record.events[1];
  const Event want = Sample(2);
  EXPECT_EQ(e.id, 2);
  EXPECT_EQ(e.shop_id, want.shop_id);
  EXPECT_EQ(e.type, want.type);
  EXPECT_EQ(e.user_external_id, want.user_external_id);
  EXPECT_EQ(e.product_external_id, want.product_external_id);
  EXPECT_EQ(e.session_id, want.session_id);
  EXPECT_EQ(e.strength, want.strength);
  EXPECT_EQ(e.quantity, want.quantity);
  EXPECT_EQ(e.query, want.query);
  EXPECT_EQ(e.position, -1);
  EXPECT_EQ(e.context, want.context);
  EXPECT_EQ(e.at, want.at);
}

TEST(JournalRecordTest, ReadsRecordsOneAfterAnother) {
  std::string bytes;
  EncodeRecord(1, 1, {Sample(1)}, &bytes);
  const size_t first = bytes.size();
  EncodeRecord(2, 1, {Sample(2), Sample(3)}, &bytes);
  auto one = ReadRecord(bytes);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size, first);
  auto two = ReadRecord(std::string_view(bytes).substr(first));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->record.sequence, 2u);
  EXPECT_EQ(two->record.events.size(), 2u);
  auto end = ReadRecord(std::string_view(bytes).substr(first + two->size));
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->kind, DecodedRecord::Kind::kEnd);
}

TEST(JournalRecordTest, EveryCutIsTornNeverARecord) {
  std::string bytes;
  EncodeRecord(3, 3, {Sample(1)}, &bytes);
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    auto read = ReadRecord(std::string_view(bytes).substr(0, cut));
    ASSERT_TRUE(read.ok()) << cut;
    EXPECT_EQ(read->kind, DecodedRecord::Kind::kTorn) << cut;
  }
}

TEST(JournalRecordTest, AFlippedBitFailsTheChecksum) {
  for (size_t at : {size_t{9}, kJournalHeaderBytes + 10}) {  // in the sequence, in the payload
    std::string bytes;
    EncodeRecord(3, 3, {Sample(1)}, &bytes);
    bytes[at] ^= 0x04;
    auto read = ReadRecord(bytes);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->kind, DecodedRecord::Kind::kTorn) << at;
    EXPECT_EQ(read->size, bytes.size()) << at;  // complete, but damaged
  }
}

// Records written before write_first existed end with their last event.
TEST(JournalRecordTest, ARecordWithoutItsWriteReadsAsWriteZero) {
  std::string bytes;
  EncodeRecord(4, 4, {Sample(1)}, &bytes);
  bytes.resize(bytes.size() - 8);  // drop write_first; fix the length and checksum
  const uint32_t length = static_cast<uint32_t>(bytes.size() - kJournalHeaderBytes);
  absl::little_endian::Store32(bytes.data(), length);
  uLong crc = crc32_z(0L, reinterpret_cast<const Bytef*>(bytes.data() + 8), 8);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data() + kJournalHeaderBytes), length);
  absl::little_endian::Store32(bytes.data() + 4, static_cast<uint32_t>(crc));
  auto read = ReadRecord(bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->kind, DecodedRecord::Kind::kRecord);
  EXPECT_EQ(read->record.sequence, 4u);
  EXPECT_EQ(read->record.write_first, 0u);
  EXPECT_EQ(read->record.events.size(), 1u);
}

TEST(JournalRecordTest, AWriteThatBeginsAfterItsRecordDoesNotParse) {
  std::string bytes;
  EncodeRecord(4, 5, {Sample(1)}, &bytes);
  EXPECT_EQ(ReadRecord(bytes).status().code(), absl::StatusCode::kDataLoss);
}

// Records 5, 6, 7 as `writes` says (each record's write_first), the
// middle one's payload damaged.
std::string ThreeRecordsTheSecondDamaged(uint64_t first_of_6, uint64_t first_of_7) {
  std::string bytes;
  EncodeRecord(5, 5, {Sample(1)}, &bytes);
  const size_t second = bytes.size();
  EncodeRecord(6, first_of_6, {Sample(2)}, &bytes);
  EncodeRecord(7, first_of_7, {Sample(3)}, &bytes);
  bytes[second + kJournalHeaderBytes + 6] ^= 0x10;
  return bytes + std::string(100, '\0');
}

TEST(JournalRecordTest, ASegmentTornInItsLastWriteIsCutThere) {
  const std::string bytes = ThreeRecordsTheSecondDamaged(6, 6);  // 6 and 7: one write
  auto read = ReadSegmentBytes(bytes, /*newest=*/true, 5);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->records.size(), 1u);
  EXPECT_EQ(read->records[0].sequence, 5u);
  ASSERT_TRUE(read->torn_at.has_value());
  auto first = ReadRecord(bytes);
  EXPECT_EQ(*read->torn_at, first->size);
}

TEST(JournalRecordTest, DamageIsAnErrorWhereItCannotBeATear) {
  // A later write after the damage; an older segment; a record without
  // write_first after the damage (read as a later write).
  EXPECT_EQ(ReadSegmentBytes(ThreeRecordsTheSecondDamaged(6, 7), true, 5).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadSegmentBytes(ThreeRecordsTheSecondDamaged(6, 6), false, 5).status().code(),
            absl::StatusCode::kDataLoss);
  std::string old = ThreeRecordsTheSecondDamaged(6, 6);
  auto first = ReadRecord(old);
  auto second = ReadRecord(std::string_view(old).substr(first->size));  // torn: its claimed size
  const size_t third_at = first->size + second->size;
  std::string third = old.substr(third_at, ReadRecord(old.substr(third_at))->size);
  // Rewrite the third record in the old format: no write_first.
  third.resize(third.size() - 8);
  const uint32_t length = static_cast<uint32_t>(third.size() - kJournalHeaderBytes);
  absl::little_endian::Store32(third.data(), length);
  uLong crc = crc32_z(0L, reinterpret_cast<const Bytef*>(third.data() + 8), 8);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(third.data() + kJournalHeaderBytes), length);
  absl::little_endian::Store32(third.data() + 4, static_cast<uint32_t>(crc));
  old = old.substr(0, third_at) + third + std::string(100, '\0');
  EXPECT_EQ(ReadSegmentBytes(old, true, 5).status().code(), absl::StatusCode::kDataLoss);
}

TEST(JournalRecordTest, ASegmentsRecordsAreNumberedFromItsFirstOnByOne) {
  std::string bytes;
  EncodeRecord(5, 5, {Sample(1)}, &bytes);
  EncodeRecord(7, 7, {Sample(2)}, &bytes);  // 6 is missing
  EXPECT_EQ(ReadSegmentBytes(bytes, true, 5).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadSegmentBytes(bytes, true, 4).status().code(), absl::StatusCode::kDataLoss);
  bytes.resize(ReadRecord(bytes)->size);
  auto read = ReadSegmentBytes(bytes, true, 5);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->records.size(), 1u);
  EXPECT_FALSE(read->torn_at.has_value());
}

TEST(JournalRecordTest, ZerosAreTheEnd) {
  auto read = ReadRecord(std::string(4096, '\0'));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->kind, DecodedRecord::Kind::kEnd);
  std::string zeros_then_junk(64, '\0');
  zeros_then_junk[40] = 'x';
  read = ReadRecord(zeros_then_junk);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->kind, DecodedRecord::Kind::kTorn);
}

TEST(JournalRecordTest, ALengthOverTheLimitIsTornEvenWhenTheBytesAreThere) {
  std::string bytes(kJournalHeaderBytes + kMaxJournalPayloadBytes + 1, 'a');
  bytes[0] = 0x01;  // length kMaxJournalPayloadBytes + 1, little-endian
  bytes[1] = 0x00;
  bytes[2] = 0x00;
  bytes[3] = 0x04;
  auto read = ReadRecord(bytes);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->kind, DecodedRecord::Kind::kTorn);
}

}  // namespace
}  // namespace leafloaf::sqlite
