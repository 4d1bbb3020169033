// The Store contract's fixture, shared by the contract's test files: the
// backends every suite runs against and a few record makers. Test-only.
#ifndef LEAFLOAF_STORE_STORE_CONTRACT_FIXTURE_H_
#define LEAFLOAF_STORE_STORE_CONTRACT_FIXTURE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace leafloaf {

using StoreFactory = std::function<std::unique_ptr<Store>(const std::string& dir)>;

struct Backend {
  std::string name;
  StoreFactory open;
};

// As `leafloaf serve` opens it: the WAL is fsynced off the writer thread,
// tracked events go through the event journal.
inline std::unique_ptr<Store> OpenSqlite(const std::string& dir) {
  auto store = OpenSqliteStore({.path = dir + "/leafloaf.db"});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

// SQLite's own synchronous=FULL: each COMMIT fsyncs on the writer thread;
// and no event journal: tracked events are rows before they are acknowledged.
inline std::unique_ptr<Store> OpenSqliteSyncOnCommit(const std::string& dir) {
  auto store = OpenSqliteStore(
      {.path = dir + "/leafloaf.db", .pipelined_sync = false, .event_journal = false});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

inline Product MakeProduct(std::string shop, std::string id, std::string name, std::string category,
                    std::string brand = "Acme", Cents price = 199) {
  Product p;
  p.shop_id = std::move(shop);
  p.external_id = std::move(id);
  p.name = std::move(name);
  p.category = std::move(category);
  p.brand = std::move(brand);
  p.price_cents = price;
  p.dietary_tags = {"organic", "vegan"};
  return p;
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(dir_.path());
    ASSERT_NE(store_, nullptr);
  }
  void Reopen() {
    store_.reset();
    store_ = GetParam().open(dir_.path());
    ASSERT_NE(store_, nullptr);
  }
  WriteResult WriteOne(Mutation m) {
    WriteBatch batch;
    batch.mutations.push_back(std::move(m));
    return store_->Write(std::move(batch));
  }

  leafloaf::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

// Every backend the contract runs against.
inline std::vector<Backend> StoreBackends() {
  return {Backend{"sqlite", OpenSqlite}, Backend{"sqlite_sync_on_commit", OpenSqliteSyncOnCommit}};
}

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_STORE_CONTRACT_FIXTURE_H_
