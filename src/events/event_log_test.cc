#include "events/event_log.h"


#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::events {
namespace {

using ::testing::HasSubstr;

class FixedClock final : public Clock {
 public:
  Micros Now() const override { return 1'700'000'000'000'000; }
};

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("leafloaf.db"), .synchronous_full = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    WriteBatch products;
    for (const char* id : {"P1", "P2"}) {
      Product p;
      p.shop_id = "shop1";
      p.external_id = id;
      p.name = "Oat Milk";
      products.Add(std::move(p));
    }
    ASSERT_EQ(store_->Write(std::move(products)).accepted(), 2u);
  }

  static Event Click(std::string user, std::string product) {
    return Event{.shop_id = "shop1", .type = "click_product", .user_external_id = std::move(user),
                 .product_external_id = std::move(product)};
  }
  int64_t EventCount() { return store_->CountRows("shop1")->events; }

  leafloaf::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  FixedClock clock_;
};

TEST_F(EventLogTest, AppendReturnsIdsOnceWritten) {
  EventLog log(store_.get(), &clock_);
  auto ids = log.Append({Click("U1", "P1"), Click("U1", "P2")});
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_GT((*ids)[0], 0);
  EXPECT_GT((*ids)[1], (*ids)[0]);
  EXPECT_EQ(EventCount(), 2);
}

TEST_F(EventLogTest, UnknownUserIsCreatedOnFirstEvent) {
  EventLog log(store_.get(), &clock_);
  ASSERT_EQ(store_->GetUser("shop1", "brand-new").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(log.Append({Click("brand-new", "P1")}).ok());
  auto user = store_->GetUser("shop1", "brand-new");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->created_at, clock_.Now());
  // A second event does not create it twice.
  ASSERT_TRUE(log.Append({Click("brand-new", "P2")}).ok());
  EXPECT_EQ(store_->CountRows("shop1")->users, 1);
}

TEST_F(EventLogTest, UnknownProductFailsTheWholeBatch) {
  EventLog log(store_.get(), &clock_);
  auto single = log.Append({Click("U1", "P404")});
  EXPECT_EQ(single.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(single.status().message(), HasSubstr("unknown product 'P404'"));

  auto batch = log.Append({Click("U2", "P1"), Click("U2", "P2"), Click("U2", "P404")});
  EXPECT_EQ(batch.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(batch.status().message(), HasSubstr("event 2: unknown product 'P404'"));
  EXPECT_EQ(EventCount(), 0);
  EXPECT_EQ(store_->GetUser("shop1", "U2").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EventLogTest, DeletedProductIsUnknown) {
  WriteBatch del;
  del.Add(DeleteProduct{"shop1", "P2"});
  ASSERT_TRUE(store_->Write(std::move(del)).results[0].ok());
  EventLog log(store_.get(), &clock_);
  EXPECT_EQ(log.Append({Click("U1", "P2")}).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EventLogTest, EventsGetTheClockTimeUnlessSet) {
  EventLog log(store_.get(), &clock_);
  Event stamped = Click("U1", "P1");
  stamped.at = 42;
  ASSERT_TRUE(log.Append({Click("U1", "P1"), stamped}).ok());
  // Read back through the store, which waits for its event journal.
  std::vector<int64_t> times;
  ASSERT_TRUE(store_->ScanEvents("shop1", 0, [&](const Event& e) {
    times.push_back(e.at);
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(times, (std::vector<int64_t>{clock_.Now(), 42}));
}

TEST_F(EventLogTest, ClosedStoreIsUnavailable) {
  EventLog log(store_.get(), &clock_);
  store_->Close();
  EXPECT_EQ(log.Append({Click("U1", "P1")}).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(EventLogTest, ConcurrentAppendsAreAllWritten) {
  EventLog log(store_.get(), &clock_);
  constexpr int kThreads = 8, kPerThread = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE(log.Append({Click("U" + std::to_string(t), i % 2 ? "P1" : "P2")}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(EventCount(), kThreads * kPerThread);
  EXPECT_EQ(store_->CountRows("shop1")->users, kThreads);
}

// The callback form: nothing waits on the caller's thread; each `done` runs
// once its event is durable (on the store's thread) or at once when refused.
TEST_F(EventLogTest, StartWithACallbackAnswersEachEventOnceDurable) {
  EventLog log(store_.get(), &clock_);
  constexpr int kEvents = 200;
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  std::vector<int64_t> ids;
  std::vector<absl::StatusCode> refusals;
  bool answered_elsewhere = false;
  const std::thread::id caller = std::this_thread::get_id();
  auto done = [&](WriteResult result) {
    auto appended = EventLog::Finish(std::move(result));
    std::lock_guard<std::mutex> lock(mu);
    if (appended.ok()) {
      ids.push_back((*appended)[0]);
      answered_elsewhere |= std::this_thread::get_id() != caller;
    } else {
      refusals.push_back(appended.status().code());
    }
    ++answered;
    cv.notify_all();
  };
  for (int i = 0; i < kEvents; ++i) log.Start({Click("U" + std::to_string(i % 7), "P1")}, done);
  log.Start({Click("U1", "no-such-product")}, done);
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return answered == kEvents + 1; });
  }
  EXPECT_TRUE(answered_elsewhere);
  EXPECT_THAT(refusals, ::testing::ElementsAre(absl::StatusCode::kNotFound));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
  ASSERT_EQ(ids.size(), size_t{kEvents});
  EXPECT_EQ(EventCount(), kEvents);  // reads wait for the journal's backlog

  store_->Close();
  absl::StatusCode closed = absl::StatusCode::kOk;
  log.Start({Click("U1", "P1")}, [&](WriteResult result) { closed = result.status.code(); });
  EXPECT_EQ(closed, absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace leafloaf::events
