#include "store/sqlite/statement.h"

#include "absl/strings/str_format.h"

namespace leafloaf::sqlite {

absl::Status SqliteError(int rc, std::string_view what, sqlite3* db) {
  std::string msg = absl::StrFormat("%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(msg);
    case SQLITE_NOTFOUND:
      return absl::NotFoundError(msg);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(msg);
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return absl::InvalidArgumentError(msg);
    default:
      return absl::InternalError(msg);
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int idx, int64_t v) {
  sqlite3_bind_int64(stmt_, idx, v);
  return *this;
}
Statement& Statement::Bind(int idx, double v) {
  sqlite3_bind_double(stmt_, idx, v);
  return *this;
}
Statement& Statement::Bind(int idx, std::string_view v) {
  sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int idx) {
  sqlite3_bind_null(stmt_, idx);
  return *this;
}
Statement& Statement::BindTextOrNull(int idx, std::string_view v) {
  return v.empty() ? BindNull(idx) : Bind(idx, v);
}

absl::StatusOr<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  absl::Status status = SqliteError(rc, "step", db);
  sqlite3_reset(stmt_);
  return status;
}

absl::Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only,
                                                         int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(rc, absl::StrFormat("open %s", path), db);
    sqlite3_close(db);
    return status;
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

absl::Status Database::Exec(std::string_view sql) {
  std::string copy(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return SqliteError(rc, msg, nullptr);
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement*> Database::Prepare(std::string_view sql) {
  auto it = cache_.find(AsAbsl(sql));
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, "prepare", db_);
  auto owned = std::make_unique<Statement>(stmt);
  Statement* raw = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return raw;
}

}  // namespace leafloaf::sqlite
