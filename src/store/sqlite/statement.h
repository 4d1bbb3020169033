// Thin RAII wrappers over the SQLite C API: a Database connection that
// caches prepared statements, and a Statement with typed bind/column
// helpers. Errors become absl::Status.
//
// Thread-safety: a Database and its statements belong to one thread at a
// time (the store hands connections out exclusively).
#ifndef LEAFLOAF_STORE_SQLITE_STATEMENT_H_
#define LEAFLOAF_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/strings.h"

namespace leafloaf::sqlite {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Clears bindings and resets for re-execution.
  void Reset();
  // Bind by 1-based index.
  Statement& Bind(int idx, int64_t v);
  Statement& Bind(int idx, int v) { return Bind(idx, static_cast<int64_t>(v)); }
  Statement& Bind(int idx, double v);
  Statement& Bind(int idx, std::string_view v);
  Statement& Bind(int idx, const std::string& v) { return Bind(idx, std::string_view(v)); }
  Statement& Bind(int idx, const char* v) { return Bind(idx, std::string_view(v)); }
  Statement& BindNull(int idx);
  // Binds NULL when v is empty, else the text.
  Statement& BindTextOrNull(int idx, std::string_view v);

  // Steps once: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, for statements that return no rows.
  absl::Status Run();

  int64_t ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
  double ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (and creates, unless read_only) the file.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& path, bool read_only,
                                                        int busy_timeout_ms);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements with no bound parameters.
  absl::Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`, reset and ready to bind.
  absl::StatusOr<Statement*> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  absl::flat_hash_map<std::string, std::unique_ptr<Statement>> cache_;
};

// Maps a SQLite result code and message to a Status.
absl::Status SqliteError(int rc, std::string_view what, sqlite3* db);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_STATEMENT_H_
