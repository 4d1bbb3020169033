// The SQLite store with its event journal (store/sqlite/sqlite_store.h):
// tracked events are acknowledged from the journal, read back at once,
// ingested with their ids, and recovered after a crash.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "store/sqlite/event_journal.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_contract_fixture.h"
#include "testing/temp_dir.h"

namespace leafloaf {
namespace {

Event Click(std::string user, std::string product = "P1") {
  return Event{.shop_id = "s1", .type = "click_product", .user_external_id = std::move(user),
               .product_external_id = std::move(product)};
}

class StoreJournalTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(SqliteStoreOptions options = {}) {
    store_.reset();
    options.path = dir_.File("leafloaf.db");
    auto store = OpenSqliteStore(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  WriteResult Track(std::vector<Event> events) {
    WriteBatch batch;
    batch.atomic = events.size() > 1;
    for (Event& e : events) batch.Add(std::move(e));
    return store_->Write(std::move(batch));
  }
  std::vector<Event> Events() {
    std::vector<Event> out;
    EXPECT_TRUE(store_->ScanEvents("s1", 0, [&](const Event& e) {
      out.push_back(e);
      return absl::OkStatus();
    }).ok());
    return out;
  }
  void AddProduct(std::string id) {
    WriteBatch batch;
    batch.Add(MakeProduct("s1", std::move(id), "Oat milk", "Dairy"));
    ASSERT_EQ(store_->Write(std::move(batch)).accepted(), 1u);
  }

  // Appends `e` to the store's journal directly, as if acknowledged just
  // before a crash (the store must be closed).
  void AppendToJournal(const Event& e, uint64_t last_ingested = 0) {
    std::vector<sqlite::JournalRecord> recovered;
    auto journal = sqlite::EventJournal::Open(
        {.dir = dir_.File("leafloaf.db.events"), .last_ingested = last_ingested}, &recovered);
    ASSERT_TRUE(journal.ok()) << journal.status();
    std::promise<absl::Status> done;
    (*journal)->Append({e}, [&](absl::Status s, uint64_t, std::vector<Event>) {
      done.set_value(s);
    });
    ASSERT_TRUE(done.get_future().get().ok());
  }

  leafloaf::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreJournalTest, AnAcknowledgedEventIsReadBackWithItsIdAndUser) {
  AddProduct("P1");
  WriteResult r = Track({Click("U1")});
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.accepted(), 1u);
  EXPECT_GT(r.ids[0], 0);
  // Read-your-writes: the scan waits for the ingester.
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, r.ids[0]);
  EXPECT_EQ(events[0].user_external_id, "U1");
  EXPECT_GT(events[0].at, 0);
  EXPECT_TRUE(store_->GetUser("s1", "U1").ok());  // created on first use
  EXPECT_EQ(store_->CountRows("s1")->events, 1);
  EXPECT_GE(store_->Stats().journal_syncs, 1);
}

TEST_F(StoreJournalTest, UnknownProductsAndMissingFieldsAreRefusedBeforeTheJournal) {
  AddProduct("P1");
  WriteResult one = Track({Click("U1", "nope")});
  ASSERT_TRUE(one.status.ok());
  EXPECT_EQ(one.results[0].code(), absl::StatusCode::kNotFound);
  WriteResult batch = Track({Click("U1"), Click("", "P1")});
  EXPECT_EQ(batch.results[0].code(), absl::StatusCode::kAborted);
  EXPECT_EQ(batch.results[1].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(store_->Stats().journal_syncs, 0);
}

TEST_F(StoreJournalTest, ADeletedProductIsUnknownToTrackingAtOnce) {
  AddProduct("P1");
  ASSERT_EQ(Track({Click("U1")}).accepted(), 1u);  // now remembered as live
  WriteBatch del;
  del.Add(DeleteProduct{.shop_id = "s1", .external_id = "P1"});
  ASSERT_EQ(store_->Write(std::move(del)).accepted(), 1u);
  EXPECT_EQ(Track({Click("U1")}).results[0].code(), absl::StatusCode::kNotFound);
  AddProduct("P1");  // back
  EXPECT_EQ(Track({Click("U1")}).accepted(), 1u);
}

// Deletes racing tracking: once a delete has returned, no event for its
// product started afterwards is acknowledged (the live-product cache is
// cleared before the delete is applied and again after it commits, and a
// lookup that raced a delete is not cached).
TEST_F(StoreJournalTest, NoEventIsAcknowledgedForAProductDeletedBeforeItWasTracked) {
  constexpr int kProducts = 200;
  for (int p = 0; p < kProducts; ++p) AddProduct("P" + std::to_string(p));
  // One clock for both sides: a delete's stamp is taken after it returned,
  // a track's before it starts.
  std::atomic<int64_t> clock{0};
  std::vector<std::atomic<int64_t>> deleted_at(kProducts);
  for (auto& d : deleted_at) d = std::numeric_limits<int64_t>::max();
  std::atomic<bool> done{false};
  std::atomic<int> violations{0}, acknowledged{0}, refused{0};
  std::vector<std::thread> trackers;
  for (int t = 0; t < 4; ++t) {
    trackers.emplace_back([&, t] {
      for (int i = 0; !done.load(); ++i) {
        const int p = (i * 7 + t * 13) % kProducts;
        const int64_t started = clock.fetch_add(1);
        WriteResult r = Track({Click("U" + std::to_string(t), "P" + std::to_string(p))});
        if (r.accepted() == 1) {
          ++acknowledged;
          if (started > deleted_at[p].load()) ++violations;
        } else if (r.results.size() == 1 && absl::IsNotFound(r.results[0])) {
          ++refused;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the cache fills
  for (int p = 0; p < kProducts; ++p) {
    WriteBatch del;
    del.Add(DeleteProduct{.shop_id = "s1", .external_id = "P" + std::to_string(p)});
    const bool deleted = store_->Write(std::move(del)).accepted() == 1;
    EXPECT_TRUE(deleted) << "P" << p;  // not ASSERT: the trackers must be joined
    if (!deleted) break;
    deleted_at[p] = clock.fetch_add(1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // tracks of deleted products
  done = true;
  for (std::thread& t : trackers) t.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GT(acknowledged.load(), 0);
  EXPECT_GT(refused.load(), 0);
  EXPECT_EQ(static_cast<int>(Events().size()), acknowledged.load());
}

TEST_F(StoreJournalTest, IdsOfJournaledAndDirectEventsNeverCollide) {
  AddProduct("P1");
  WriteResult tracked = Track({Click("U1"), Click("U2")});
  ASSERT_EQ(tracked.accepted(), 2u);
  // A cart change writes its event directly, possibly before the ingester
  // has written the tracked ones.
  WriteBatch cart;
  cart.Add(CartUpdate{.shop_id = "s1", .user_external_id = "U1", .product_external_id = "P1",
                      .quantity = 1});
  cart.Add(Event{.shop_id = "s1", .type = "add_to_cart", .user_external_id = "U1",
                 .product_external_id = "P1", .quantity = 1});
  WriteResult direct = store_->Write(std::move(cart));
  ASSERT_EQ(direct.accepted(), 2u) << direct.results[0] << direct.results[1];
  EXPECT_GT(direct.ids[1], tracked.ids[1]);
  EXPECT_EQ(Events().size(), 3u);
}

TEST_F(StoreJournalTest, EventsLeftInTheJournalByACrashAreIngestedOnOpen) {
  AddProduct("P1");
  ASSERT_EQ(Track({Click("U1")}).accepted(), 1u);
  store_.reset();
  // What a crash between the journal's sync and the ingester leaves: a
  // record the database does not have.
  Event lost = Click("U7");
  lost.id = 500;
  lost.at = 1234;
  AppendToJournal(lost, /*last_ingested=*/1);
  Open();
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].id, 500);
  EXPECT_EQ(events[1].user_external_id, "U7");
  EXPECT_EQ(events[1].at, 1234);
  EXPECT_TRUE(store_->GetUser("s1", "U7").ok());
  // Ingested once: a second open adds nothing, and ids go on above it.
  Open();
  EXPECT_EQ(Events().size(), 2u);
  WriteResult next = Track({Click("U1")});
  ASSERT_EQ(next.accepted(), 1u);
  EXPECT_GT(next.ids[0], 500);
}

TEST_F(StoreJournalTest, AnErasedUsersEventsStayErasedAfterReopen) {
  AddProduct("P1");
  ASSERT_EQ(Track({Click("U1"), Click("U2")}).accepted(), 2u);
  WriteBatch erase;
  erase.Add(EraseUserActivity{.shop_id = "s1", .user_external_id = "U1"});
  ASSERT_EQ(store_->Write(std::move(erase)).accepted(), 1u);
  ASSERT_EQ(Events().size(), 1u);
  Open();
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].user_external_id, "U2");
}

TEST_F(StoreJournalTest, WithTheJournalOffALeftoverJournalIsStillIngested) {
  AddProduct("P1");
  store_.reset();
  Event lost = Click("U3");
  lost.id = 9;
  AppendToJournal(lost);
  Open({.event_journal = false});
  ASSERT_EQ(Events().size(), 1u);
  WriteResult direct = Track({Click("U1")});
  ASSERT_EQ(direct.accepted(), 1u);
  EXPECT_GT(direct.ids[0], 9);
  EXPECT_EQ(store_->Stats().journal_syncs, 0);  // written as a row
}

TEST_F(StoreJournalTest, ASecondProcessOpensTheStoreWithoutTheJournal) {
  AddProduct("P1");
  // The flock is per open file description, so a second open in this
  // process stands in for a CLI command beside a running server.
  auto second = OpenSqliteStore({.path = dir_.File("leafloaf.db")});
  ASSERT_TRUE(second.ok()) << second.status();
  WriteBatch batch;
  batch.Add(Click("U5"));
  WriteResult direct = (*second)->Write(std::move(batch));
  ASSERT_EQ(direct.accepted(), 1u);
  EXPECT_EQ((*second)->Stats().journal_syncs, 0);  // a row, not a journal record
  ASSERT_EQ(Track({Click("U1")}).accepted(), 1u);
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(StoreJournalTest, AJournaledEventWhoseIdWasTakenKeepsItsRowUnderAnotherId) {
  AddProduct("P1");
  Open({.event_journal = false});
  WriteResult row = Track({Click("U1")});
  ASSERT_EQ(row.accepted(), 1u);
  store_.reset();
  Event clash = Click("U9");
  clash.id = row.ids[0];
  AppendToJournal(clash);
  Open();
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].user_external_id, "U1");
  EXPECT_EQ(events[1].user_external_id, "U9");
  EXPECT_NE(events[1].id, row.ids[0]);
}

// Ingestion that fails (another connection holds the write lock) keeps the
// events queued and journaled: reads that must see them say kUnavailable
// instead of answering without them, and once the lock is gone the retry
// lands each event exactly once.
TEST_F(StoreJournalTest, FailedIngestionIsRetriedAndReadsSayUnavailableMeanwhile) {
  Open({.busy_timeout_ms = 20, .journal_ingest_interval_ms = 5});
  AddProduct("P1");
  sqlite3* blocker = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("leafloaf.db").c_str(), &blocker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(blocker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

  ASSERT_EQ(Track({Click("U1")}).accepted(), 1u);  // acknowledged from the journal
  absl::Status scan = store_->ScanEvents("s1", 0, [](const Event&) { return absl::OkStatus(); });
  EXPECT_EQ(scan.code(), absl::StatusCode::kUnavailable) << scan;
  EXPECT_EQ(store_->Stats().journal_backlog, 1);

  ASSERT_EQ(sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(blocker);
  // The ingester retries every 200 ms.
  absl::Status read = absl::UnavailableError("not yet");
  std::vector<Event> events;
  for (int i = 0; i < 100 && !read.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    events.clear();
    read = store_->ScanEvents("s1", 0, [&](const Event& e) {
      events.push_back(e);
      return absl::OkStatus();
    });
  }
  ASSERT_TRUE(read.ok()) << read;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].user_external_id, "U1");
  Open();  // nothing left in the journal to ingest twice
  EXPECT_EQ(Events().size(), 1u);
}

// While ingestion fails, a full backlog refuses new events with
// kUnavailable (nothing acknowledged that memory cannot hold), and takes
// them again once ingestion catches up.
TEST_F(StoreJournalTest, WhileIngestionFailsAFullBacklogRefusesNewEvents) {
  Open({.busy_timeout_ms = 20, .journal_ingest_interval_ms = 5, .journal_max_backlog_events = 2});
  AddProduct("P1");
  sqlite3* blocker = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("leafloaf.db").c_str(), &blocker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(blocker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(Track({Click("U1"), Click("U2")}).accepted(), 2u);
  // Wait for the first failed attempt, then the backlog is full.
  absl::Status scan = store_->ScanEvents("s1", 0, [](const Event&) { return absl::OkStatus(); });
  ASSERT_EQ(scan.code(), absl::StatusCode::kUnavailable) << scan;
  WriteResult refused = Track({Click("U3")});
  EXPECT_EQ(refused.accepted(), 0u);
  EXPECT_EQ(refused.status.code(), absl::StatusCode::kUnavailable) << refused.status;

  ASSERT_EQ(sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(blocker);
  WriteResult later;
  for (int i = 0; i < 100 && later.accepted() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    later = Track({Click("U4")});
  }
  ASSERT_EQ(later.accepted(), 1u) << later.status;
  std::vector<std::string> users;
  for (const Event& e : Events()) users.push_back(e.user_external_id);
  EXPECT_EQ(users, (std::vector<std::string>{"U1", "U2", "U4"}));
}

// A full backlog while ingestion is slow (here: waiting for another
// connection's lock) parks a tracking batch instead of blocking the caller,
// which may be an io thread (SubmitThen returns at once), and acknowledges
// it once the ingester has made room.
TEST_F(StoreJournalTest, AFullBacklogParksTrackingInsteadOfBlockingTheCaller) {
  Open({.busy_timeout_ms = 60000, .journal_ingest_interval_ms = 5,
        .journal_max_backlog_events = 2});
  AddProduct("P1");
  sqlite3* blocker = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("leafloaf.db").c_str(), &blocker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(blocker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(Track({Click("U1"), Click("U2")}).accepted(), 2u);  // the backlog is full

  std::promise<WriteResult> answered;
  std::future<WriteResult> answer = answered.get_future();
  WriteBatch batch;
  batch.Add(Click("U3"));
  store_->SubmitThen(std::move(batch), [&](WriteResult r) { answered.set_value(std::move(r)); });
  // Returned without an answer: the ingester cannot make room while the
  // lock is held, so nothing could have acknowledged it.
  EXPECT_EQ(answer.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

  ASSERT_EQ(sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(blocker);
  WriteResult r = answer.get();
  EXPECT_EQ(r.accepted(), 1u) << r.status;
  std::vector<std::string> users;
  for (const Event& e : Events()) users.push_back(e.user_external_id);
  EXPECT_EQ(users, (std::vector<std::string>{"U1", "U2", "U3"}));
}

}  // namespace
}  // namespace leafloaf
