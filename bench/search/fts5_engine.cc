#include "bench/search/fts5_engine.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/strings.h"

namespace leafloaf::searchbench {
namespace {

// Words of a query, lower-cased: runs of ASCII letters and digits and of
// non-ASCII bytes (left for unicode61 to fold).
std::vector<std::string> QueryWords(std::string_view query) {
  std::vector<std::string> words;
  std::string word;
  for (char c : query) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      word.push_back(absl::ascii_tolower(u));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

class Fts5Engine : public SearchEngineUnderTest {
 public:
  explicit Fts5Engine(Fts5Options options) : options_(options) {}
  ~Fts5Engine() override {
    sqlite3_finalize(search_);
    sqlite3_close(db_);
  }

  std::string name() const override {
    return options_.mode == Fts5Options::Mode::kOr ? "fts5-or" : "fts5-and";
  }

  std::string Describe() const override {
    return absl::StrFormat(
        "SQLite %s FTS5, :memory:, contentless, porter unicode61 remove_diacritics 2, "
        "bm25(%.1f, %.1f, %.1f, %.1f), words joined with %s",
        sqlite3_libversion(), kFieldWeights.name, kFieldWeights.brand, kFieldWeights.category,
        kFieldWeights.description, options_.mode == Fts5Options::Mode::kOr ? "OR" : "AND");
  }

  absl::Status Build(const std::vector<Product>& catalog) override {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) return Error("open");
    const std::string schema = absl::StrFormat(
        "CREATE VIRTUAL TABLE docs USING fts5(name, brand, category, description, content='', "
        "tokenize='porter unicode61 remove_diacritics 2');"
        "INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(%f, %f, %f, %f)');",
        kFieldWeights.name, kFieldWeights.brand, kFieldWeights.category,
        kFieldWeights.description);
    if (sqlite3_exec(db_, schema.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Error("schema");
    }
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) return Error("begin");
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "INSERT INTO docs(rowid, name, brand, category, description) "
                           "VALUES(?, ?, ?, ?, ?)",
                           -1, &insert, nullptr) != SQLITE_OK) {
      return Error("prepare insert");
    }
    ids_.reserve(catalog.size());
    for (const Product& p : catalog) {
      ids_.push_back(p.external_id);
      sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(ids_.size()));
      sqlite3_bind_text(insert, 2, p.name.data(), static_cast<int>(p.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, p.brand.data(), static_cast<int>(p.brand.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, p.category.data(), static_cast<int>(p.category.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, p.description.data(), static_cast<int>(p.description.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        sqlite3_finalize(insert);
        return Error("insert");
      }
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    if (sqlite3_exec(db_, "COMMIT; INSERT INTO docs(docs) VALUES('optimize');", nullptr, nullptr,
                     nullptr) != SQLITE_OK) {
      return Error("commit/optimize");
    }
    if (sqlite3_prepare_v2(db_, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
                           -1, &search_, nullptr) != SQLITE_OK) {
      return Error("prepare search");
    }
    return absl::OkStatus();
  }

  std::vector<std::string> Search(std::string_view query, int k) override {
    std::vector<std::string> results;
    const std::vector<std::string> words = QueryWords(query);
    if (words.empty()) return results;
    std::string match;
    for (const std::string& word : words) {
      if (!match.empty()) match += options_.mode == Fts5Options::Mode::kOr ? " OR " : " ";
      absl::StrAppend(&match, "\"", word, "\"");
    }
    sqlite3_bind_text(search_, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    sqlite3_bind_int(search_, 2, k);
    results.reserve(k);
    while (sqlite3_step(search_) == SQLITE_ROW) {
      const sqlite3_int64 rowid = sqlite3_column_int64(search_, 0);
      if (rowid >= 1 && rowid <= static_cast<sqlite3_int64>(ids_.size())) {
        results.push_back(ids_[rowid - 1]);
      }
    }
    sqlite3_reset(search_);
    sqlite3_clear_bindings(search_);
    return results;
  }

  size_t MemoryBytes() const override {
    size_t bytes = 0;
    for (int op : {SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_SCHEMA_USED,
                   SQLITE_DBSTATUS_STMT_USED}) {
      int current = 0, high = 0;
      if (sqlite3_db_status(db_, op, &current, &high, 0) == SQLITE_OK) bytes += current;
    }
    bytes += ids_.capacity() * sizeof(std::string);
    for (const std::string& id : ids_) {
      if (id.capacity() > 15) bytes += id.capacity() + 1;  // beyond libstdc++'s SSO buffer
    }
    return bytes;
  }

 private:
  absl::Status Error(std::string_view what) {
    return absl::InternalError(
        absl::StrCat("fts5 ", AsAbsl(what), ": ", db_ ? sqlite3_errmsg(db_) : "no database"));
  }

  const Fts5Options options_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* search_ = nullptr;
  std::vector<std::string> ids_;  // rowid - 1 -> external id
};

}  // namespace

std::unique_ptr<SearchEngineUnderTest> MakeFts5Engine(Fts5Options options) {
  return std::make_unique<Fts5Engine>(options);
}

}  // namespace leafloaf::searchbench
