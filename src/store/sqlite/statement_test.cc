#include "store/sqlite/statement.h"

#include "gtest/gtest.h"
#include "store/sqlite/schema.h"
#include "testing/temp_dir.h"

namespace leafloaf::sqlite {
namespace {

TEST(StatementTest, BindsAndReadsTypedColumns) {
  auto db = Database::Open(":memory:", false, 1000);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (a INTEGER, b REAL, c TEXT)").ok());
  auto ins = (*db)->Prepare("INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(ins.ok());
  ASSERT_TRUE((*ins)->Bind(1, int64_t{7}).Bind(2, 2.5).Bind(3, std::string("x\0y", 3)).Run().ok());
  auto sel = (*db)->Prepare("SELECT a, b, c FROM t");
  ASSERT_TRUE(sel.ok());
  ASSERT_TRUE(*(*sel)->Step());
  EXPECT_EQ((*sel)->ColumnInt(0), 7);
  EXPECT_DOUBLE_EQ((*sel)->ColumnDouble(1), 2.5);
  EXPECT_EQ((*sel)->ColumnText(2), std::string("x\0y", 3));
}

TEST(StatementTest, ReportsSyntaxErrorsAsStatus) {
  auto db = Database::Open(":memory:", false, 1000);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Prepare("SELEC nonsense").ok());
  EXPECT_FALSE((*db)->Exec("CREATE TABLE").ok());
}

TEST(SchemaTest, MigrateIsIdempotentAndRefusesNewerDatabases) {
  leafloaf::testing::TempDir dir;
  auto db = Database::Open(dir.File("x.db"), false, 1000);
  ASSERT_TRUE(db.ok());
  auto v1 = Migrate(**db);
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(*v1, Migrations().back().version);
  EXPECT_EQ(*Migrate(**db), *v1);
  ASSERT_TRUE((*db)->Exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)").ok());
  EXPECT_EQ(Migrate(**db).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leafloaf::sqlite
