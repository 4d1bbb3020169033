#include "personalize/edge_writer.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::personalize {
namespace {

MemoryEdge Edge(std::string user, std::string category, double weight) {
  return MemoryEdge{.shop_id = "s1", .user_external_id = std::move(user), .dst_kind = "category",
                    .dst_id = std::move(category), .relation = "prefers", .weight = weight,
                    .valid_from = 1000};
}

class EdgeWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("leafloaf.db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // "user/category=weight" rows of the stored edges, in order.
  std::vector<std::string> StoredEdges() {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    sqlite3_open_v2(dir_.File("leafloaf.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT user_external_id, dst_id, weight FROM memory_edges "
                       "ORDER BY user_external_id, dst_id",
                       -1, &stmt, nullptr);
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
      out.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) + "/" +
                    reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)) + "=" +
                    std::to_string(static_cast<int>(sqlite3_column_double(stmt, 2) * 10)));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  leafloaf::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(EdgeWriterTest, FlushWritesTheLatestVersionOfEachEdgeOnce) {
  EdgeWriter writer(store_.get(), {.interval = std::chrono::hours(1)});
  writer.Add({Edge("u1", "Dairy", 0.1), Edge("u1", "Snacks", 0.5)});
  writer.Add({Edge("u1", "Dairy", 0.3)});
  EXPECT_TRUE(StoredEdges().empty());  // nothing written before the flush
  ASSERT_TRUE(writer.Flush().ok());
  EXPECT_EQ(StoredEdges(), (std::vector<std::string>{"u1/Dairy=3", "u1/Snacks=5"}));
  EXPECT_EQ(writer.edges_written(), 2);
  EXPECT_EQ(writer.batches_written(), 1);
  ASSERT_TRUE(writer.Flush().ok());  // nothing queued: no batch
  EXPECT_EQ(writer.batches_written(), 1);
}

TEST_F(EdgeWriterTest, ForgetUserDropsOnlyThatUsersQueuedEdges) {
  EdgeWriter writer(store_.get(), {.interval = std::chrono::hours(1)});
  writer.Add({Edge("u1", "Dairy", 0.1), Edge("u2", "Dairy", 0.2)});
  writer.ForgetUser("s1", "u1");
  writer.ForgetUser("other-shop", "u2");
  ASSERT_TRUE(writer.Flush().ok());
  EXPECT_EQ(StoredEdges(), (std::vector<std::string>{"u2/Dairy=2"}));
}

TEST_F(EdgeWriterTest, WritesInTheBackgroundEveryInterval) {
  EdgeWriter writer(store_.get(), {.interval = std::chrono::milliseconds(5)});
  writer.Add({Edge("u1", "Dairy", 0.4)});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writer.batches_written() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(writer.Flush().ok());  // waits for the background batch
  EXPECT_EQ(StoredEdges(), (std::vector<std::string>{"u1/Dairy=4"}));
}

TEST_F(EdgeWriterTest, ManyPendingEdgesAreWrittenWithoutWaitingForTheInterval) {
  EdgeWriter writer(store_.get(), {.interval = std::chrono::hours(1), .max_pending = 3});
  writer.Add({Edge("u1", "A", 0.1), Edge("u1", "B", 0.1), Edge("u1", "C", 0.1)});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writer.batches_written() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(writer.batches_written(), 1);
}

TEST_F(EdgeWriterTest, ZeroIntervalSubmitsEachAdd) {
  EdgeWriter writer(store_.get(), {.interval = std::chrono::milliseconds(0)});
  writer.Add({Edge("u1", "Dairy", 0.1)});
  writer.Add({Edge("u1", "Dairy", 0.2)});
  EXPECT_EQ(writer.batches_written(), 2);
  ASSERT_TRUE(writer.Flush().ok());
  EXPECT_EQ(StoredEdges(), (std::vector<std::string>{"u1/Dairy=2"}));
}

TEST_F(EdgeWriterTest, DestructorWritesWhatIsQueued) {
  {
    EdgeWriter writer(store_.get(), {.interval = std::chrono::hours(1)});
    writer.Add({Edge("u1", "Dairy", 0.2)});
  }
  EXPECT_EQ(StoredEdges(), (std::vector<std::string>{"u1/Dairy=2"}));
}

}  // namespace
}  // namespace leafloaf::personalize
