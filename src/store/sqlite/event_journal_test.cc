#include "store/sqlite/event_journal.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "store/sqlite/journal_record.h"
#include "testing/temp_dir.h"

namespace leafloaf::sqlite {
namespace {

namespace fs = std::filesystem;

Event Click(int64_t id, std::string user = "U1") {
  return Event{.id = id, .shop_id = "shop1", .type = "click_product",
               .user_external_id = std::move(user), .product_external_id = "P1", .at = 5};
}

// Appends and waits for durability; returns the record's sequence.
uint64_t AppendSync(EventJournal& journal, std::vector<Event> events) {
  std::promise<std::pair<absl::Status, uint64_t>> done;
  journal.Append(std::move(events), [&done](absl::Status s, uint64_t seq, std::vector<Event>) {
    done.set_value({s, seq});
  });
  auto [status, seq] = done.get_future().get();
  EXPECT_TRUE(status.ok()) << status;
  return seq;
}

std::vector<fs::path> Segments(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".log") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EventJournalTest, WhatWasAcknowledgedIsReadBackInOrder) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  {
    std::vector<JournalRecord> recovered;
    auto journal = EventJournal::Open({.dir = path}, &recovered);
    ASSERT_TRUE(journal.ok()) << journal.status();
    EXPECT_TRUE(recovered.empty());
    EXPECT_EQ(AppendSync(**journal, {Click(1)}), 1u);
    EXPECT_EQ(AppendSync(**journal, {Click(2), Click(3, "U2")}), 2u);
  }
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = path}, &recovered);
  ASSERT_TRUE(journal.ok()) << journal.status();
  ASSERT_EQ(recovered.size(), 2u);
  EXPECT_EQ(recovered[0].sequence, 1u);
  EXPECT_EQ(recovered[1].events.size(), 2u);
  EXPECT_EQ(recovered[1].events[1].user_external_id, "U2");
  EXPECT_EQ((*journal)->next_sequence(), 3u);  // sequences go on
}

TEST(EventJournalTest, ConcurrentAppendsShareSyncs) {
  testing::TempDir dir;
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = dir.File("j")}, &recovered);
  ASSERT_TRUE(journal.ok());
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) AppendSync(**journal, {Click(t * kEach + i + 1)});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ((*journal)->next_sequence(), kThreads * kEach + 1u);
  const int64_t syncs = (*journal)->syncs();
  EXPECT_LT(syncs, kThreads * kEach);  // some appends shared a sync
  journal->reset();
  recovered.clear();
  journal = EventJournal::Open({.dir = dir.File("j")}, &recovered);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(recovered.size(), static_cast<size_t>(kThreads * kEach));
  // Each record names the write it was in: its own sequence when it began
  // one, else the same first as the record before it; one write per sync.
  int64_t writes = 0;
  for (size_t i = 0; i < recovered.size(); ++i) {
    const JournalRecord& r = recovered[i];
    if (r.write_first == r.sequence) {
      ++writes;
    } else {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(r.write_first, recovered[i - 1].write_first) << r.sequence;
    }
  }
  EXPECT_EQ(writes, syncs);
}

// Writes records after+1 and after+2 to a journal in `path` (its store's
// watermark at `after`) and closes it; returns the segment and where its
// records end (it is allocated at its full size and reads as zeros past
// them).
std::pair<fs::path, size_t> TwoRecords(const std::string& path, uint64_t after = 0) {
  {
    std::vector<JournalRecord> recovered;
    auto journal = EventJournal::Open({.dir = path, .last_ingested = after}, &recovered);
    EXPECT_TRUE(journal.ok());
    if (!journal.ok()) return {};
    AppendSync(**journal, {Click(1)});
    AppendSync(**journal, {Click(2)});
  }
  const fs::path segment = Segments(path).back();
  std::ifstream in(segment, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t end = 0;  // (a record's last bytes can be zeros)
  for (int i = 0; i < 2; ++i) {
    auto read = ReadRecord(std::string_view(bytes).substr(end));
    EXPECT_TRUE(read.ok() && read->kind == DecodedRecord::Kind::kRecord);
    if (!read.ok()) return {};
    end += read->size;
  }
  return {segment, end};
}

// Opens the journal in `path` and expects record 1 back alone.
void ExpectOnlyTheFirstRecord(const std::string& path) {
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = path}, &recovered);
  ASSERT_TRUE(journal.ok()) << journal.status();
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered[0].events[0].id, 1);
  EXPECT_EQ(AppendSync(**journal, {Click(3)}), 2u);
}

TEST(EventJournalTest, ATornTailIsCutOffAndAppendsContinue) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  const auto [segment, end] = TwoRecords(path);
  EXPECT_EQ(fs::file_size(segment), uint64_t{32} << 20);  // EventJournalOptions::segment_bytes
  // A crash mid-write: the last record loses its final bytes, which read as
  // zeros (the file is as long as before).
  {
    std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
    const std::string zeros(12, '\0');  // its last event's end and write_first
    f.seekp(static_cast<std::streamoff>(end - zeros.size()));
    f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  ExpectOnlyTheFirstRecord(path);
}

// A segment cut inside its last record (a file system that could not
// allocate it up front, or a copy) is torn there too.
TEST(EventJournalTest, ASegmentCutInsideItsLastRecordIsTornThere) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  const auto [segment, end] = TwoRecords(path);
  fs::resize_file(segment, end - 3);
  ExpectOnlyTheFirstRecord(path);
}

// Writes records 1 and 2, damages one byte of segment `which` (0: the
// oldest, -1: the newest) at `offset`, and reopens.
absl::Status DamageAndReopen(int64_t segment_bytes, int which, std::streamoff offset) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  {
    std::vector<JournalRecord> recovered;
    auto journal = EventJournal::Open({.dir = path, .segment_bytes = segment_bytes}, &recovered);
    if (!journal.ok()) return journal.status();
    AppendSync(**journal, {Click(1)});
    AppendSync(**journal, {Click(2)});
  }
  const std::vector<fs::path> segments = Segments(path);
  {
    std::fstream f(which < 0 ? segments.back() : segments.front(),
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(offset);
    f.put('\x7f');
  }
  std::vector<JournalRecord> recovered;
  return EventJournal::Open({.dir = path}, &recovered).status();
}

TEST(EventJournalTest, DamageFollowedByRecordsIsAnErrorNotATear) {
  // Inside the first record's payload, the second record after it.
  EXPECT_EQ(DamageAndReopen(32 << 20, -1, 30).code(), absl::StatusCode::kDataLoss);
}

TEST(EventJournalTest, DamageBeforeTheNewestSegmentIsAnError) {
  // Each record fills a segment; the oldest one is damaged.
  EXPECT_EQ(DamageAndReopen(1, 0, 20).code(), absl::StatusCode::kDataLoss);
}

// After records 1 and 2, a crash in the middle of the write of records 3
// and 4 (both `write_first`: 3 when they were one write): record 3's
// bytes from `damage_from` on, up to its end, did not land; record 4 did.
// All numbered `after` higher, with the store's watermark at `after`.
absl::StatusOr<std::vector<JournalRecord>> TearTheWriteOf3And4(uint64_t after,
                                                               uint64_t write_first_of_4,
                                                               size_t damage_from) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  const auto [segment, end] = TwoRecords(path, after);
  std::string write;
  EncodeRecord(after + 3, after + 3, {Click(3)}, &write);
  const size_t third = write.size();
  EncodeRecord(after + 4, after + write_first_of_4, {Click(4)}, &write);
  std::fill(write.begin() + static_cast<std::ptrdiff_t>(damage_from),
            write.begin() + static_cast<std::ptrdiff_t>(third), '\0');
  {
    std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(end));
    f.write(write.data(), static_cast<std::streamsize>(write.size()));
  }
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = path, .last_ingested = after}, &recovered);
  if (!journal.ok()) return journal.status();
  EXPECT_EQ((*journal)->next_sequence(), after + 3);  // 3 and 4 are gone for good
  return recovered;
}

// Watermarks: none, a segment that starts after released ones, and one
// past the sequences a segment's bytes could count.
constexpr uint64_t kWatermarks[] = {0, 100, uint64_t{1} << 40};

TEST(EventJournalTest, AWriteTornBeforeItsLaterRecordsLandedIsCutWhole) {
  for (uint64_t after : kWatermarks) {
    // A page inside record 3's payload, then its header too.
    for (size_t damage_from : {kJournalHeaderBytes + 8, size_t{0}}) {
      auto recovered = TearTheWriteOf3And4(after, 3, damage_from);
      ASSERT_TRUE(recovered.ok()) << recovered.status() << " " << after;
      ASSERT_EQ(recovered->size(), 2u) << damage_from;
      EXPECT_EQ(recovered->back().sequence, after + 2);
    }
  }
}

TEST(EventJournalTest, DamageBeforeALaterWriteIsAnError) {
  for (uint64_t after : kWatermarks) {
    // Record 4 names a write of its own: record 3's write was acknowledged.
    for (size_t damage_from : {kJournalHeaderBytes + 8, size_t{0}}) {
      EXPECT_EQ(TearTheWriteOf3And4(after, 4, damage_from).status().code(),
                absl::StatusCode::kDataLoss)
          << damage_from << " " << after;
    }
  }
}

TEST(EventJournalTest, ReleaseDeletesOnlyWhollyIngestedSegments) {
  testing::TempDir dir;
  const std::string path = dir.File("j");
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = path, .segment_bytes = 1}, &recovered);
  ASSERT_TRUE(journal.ok());
  AppendSync(**journal, {Click(1)});
  AppendSync(**journal, {Click(2)});
  AppendSync(**journal, {Click(3)});
  EXPECT_EQ((*journal)->segments(), 4);  // three full ones and the current
  (*journal)->Release(2);
  EXPECT_EQ((*journal)->segments(), 2);
  EXPECT_EQ(Segments(path).size(), 2u);
  journal->reset();
  recovered.clear();
  journal = EventJournal::Open({.dir = path}, &recovered);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered[0].sequence, 3u);
}

TEST(EventJournalTest, SequencesStayAboveTheWatermarkWhenNoFileIsLeft) {
  testing::TempDir dir;
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = dir.File("j"), .last_ingested = 41}, &recovered);
  ASSERT_TRUE(journal.ok());
  EXPECT_EQ(AppendSync(**journal, {Click(1)}), 42u);
}

TEST(EventJournalTest, OneProcessAtATime) {
  testing::TempDir dir;
  std::vector<JournalRecord> recovered;
  auto first = EventJournal::Open({.dir = dir.File("j")}, &recovered);
  ASSERT_TRUE(first.ok());
  auto second = EventJournal::Open({.dir = dir.File("j")}, &recovered);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  first->reset();
  EXPECT_TRUE(EventJournal::Open({.dir = dir.File("j")}, &recovered).ok());
}

TEST(EventJournalTest, AppendAfterCloseIsRefused) {
  testing::TempDir dir;
  std::vector<JournalRecord> recovered;
  auto journal = EventJournal::Open({.dir = dir.File("j")}, &recovered);
  ASSERT_TRUE(journal.ok());
  (*journal)->Close();
  absl::Status got;
  std::vector<Event> back;
  (*journal)->Append({Click(1)}, [&](absl::Status s, uint64_t, std::vector<Event> events) {
    got = s;
    back = std::move(events);
  });
  EXPECT_EQ(got.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(back.size(), 1u);
}

}  // namespace
}  // namespace leafloaf::sqlite
