#include "store/sqlite/wal_syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace leafloaf::sqlite {
namespace {

TEST(WalSyncerTest, OpenNeedsAnExistingFile) {
  leafloaf::testing::TempDir dir;
  auto syncer = WalSyncer::Open(dir.File("missing-wal"));
  EXPECT_EQ(syncer.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(syncer.status().message().find("missing-wal"), std::string_view::npos);
}

TEST(WalSyncerTest, EveryCallbackRunsOnceAfterASync) {
  leafloaf::testing::TempDir dir;
  std::ofstream(dir.File("db-wal")) << "frames";
  auto syncer = WalSyncer::Open(dir.File("db-wal"));
  ASSERT_TRUE(syncer.ok()) << syncer.status();
  constexpr int kThreads = 4, kEach = 50;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        (*syncer)->AfterSync([&](absl::Status s) { (s.ok() ? ok : failed)++; });
      }
    });
  }
  for (auto& t : threads) t.join();
  syncer->reset();  // completes what is still queued
  EXPECT_EQ(ok.load(), kThreads * kEach);
  EXPECT_EQ(failed.load(), 0);
}

TEST(WalSyncerTest, OneSyncCoversWhatWasQueuedBeforeIt) {
  leafloaf::testing::TempDir dir;
  std::ofstream(dir.File("db-wal")) << "frames";
  auto syncer = WalSyncer::Open(dir.File("db-wal"));
  ASSERT_TRUE(syncer.ok()) << syncer.status();
  WalSyncer* s = syncer->get();
  // Each callback queues the next: every one needs a sync of its own.
  std::atomic<int> done{0};
  std::function<void(absl::Status)> chain = [&](absl::Status status) {
    EXPECT_TRUE(status.ok());
    if (++done < 5) s->AfterSync(chain);
  };
  s->AfterSync(chain);
  while (done.load() < 5) std::this_thread::yield();
  EXPECT_GE(s->syncs(), 5);
}

}  // namespace
}  // namespace leafloaf::sqlite
