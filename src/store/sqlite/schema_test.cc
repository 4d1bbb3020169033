#include "store/sqlite/schema.h"

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::sqlite {
namespace {

TEST(SchemaTest, EdgesWrittenBeforeVersion3SurviveItsMigration) {
  leafloaf::testing::TempDir dir;
  const std::string path = dir.File("leafloaf.db");
  {
    auto db = Database::Open(path, /*read_only=*/false, 1000);
    ASSERT_TRUE(db.ok()) << db.status();
    for (const Migration& m : Migrations()) {
      if (m.version > 2) break;
      ASSERT_TRUE((*db)->Exec(m.sql).ok()) << m.version;
    }
    ASSERT_TRUE((*db)->Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (1, 'a', 0), (2, 'b', 0);"
        "INSERT INTO memory_edges (shop_id, user_external_id, dst_kind, dst_id, relation, weight, "
        "valid_from, valid_to) VALUES ('s1', 'U1', 'brand', 'Oatly', 'prefers', 0.75, 10, 0)").ok());
  }
  auto store = OpenSqliteStore({.path = path});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->Stats().schema_version, 3);
  // The edge is there and upserts by its key.
  WriteBatch batch;
  batch.Add(MemoryEdge{.shop_id = "s1", .user_external_id = "U1", .dst_kind = "brand",
                       .dst_id = "Oatly", .relation = "prefers", .weight = 0.5, .valid_from = 10,
                       .valid_to = 20});
  ASSERT_EQ((*store)->Write(std::move(batch)).accepted(), 1u);
  (*store)->Close();
  auto db = Database::Open(path, /*read_only=*/true, 1000);
  ASSERT_TRUE(db.ok());
  auto s = (*db)->Prepare("SELECT COUNT(*), MAX(weight), MAX(valid_to) FROM memory_edges");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(*(*s)->Step());
  EXPECT_EQ((*s)->ColumnInt(0), 1);
  EXPECT_EQ((*s)->ColumnDouble(1), 0.5);
  EXPECT_EQ((*s)->ColumnInt(2), 20);
}

}  // namespace
}  // namespace leafloaf::sqlite
