// The SQLite schema, as an ordered list of migrations versioned in code.
// Migration N is applied once, in a transaction, and recorded in
// schema_migrations; a database newer than this binary is refused.
#ifndef LEAFLOAF_STORE_SQLITE_SCHEMA_H_
#define LEAFLOAF_STORE_SQLITE_SCHEMA_H_

#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "store/sqlite/statement.h"

namespace leafloaf::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

// Brings `db` to the newest version. Returns the resulting version.
absl::StatusOr<int> Migrate(Database& db);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_SCHEMA_H_
