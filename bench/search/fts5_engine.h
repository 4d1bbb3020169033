// The SQLite FTS5 peer of the search benchmark.
//
// One in-memory database (":memory:") with a contentless FTS5 table
// fts5(name, brand, category, description, content='',
// tokenize='porter unicode61 remove_diacritics 2'): the Porter stemmer
// over Unicode word breaking, as the FTS5 docs suggest for English text.
// Rows are inserted in one transaction with rowid = catalog position + 1,
// then merged with the 'optimize' command (recommended after a bulk load).
// Ranking is bm25() with kFieldWeights as column weights, configured as the
// table's `rank` so that `ORDER BY rank LIMIT k` is FTS5's own sort.
//
// Queries: the query's words (runs of letters and digits, lower-cased),
// each quoted as an FTS5 string, joined with OR (Mode::kOr: any word
// matches; shopper phrasings and category names need it) or with FTS5's
// implicit AND (Mode::kAnd: every word must match).
//
// MemoryBytes: the connection's page cache (for ":memory:" this holds the
// whole database), schema and prepared statements
// (sqlite3_db_status CACHE_USED + SCHEMA_USED + STMT_USED), plus the
// rowid -> external id table.
#ifndef LEAFLOAF_BENCH_SEARCH_FTS5_ENGINE_H_
#define LEAFLOAF_BENCH_SEARCH_FTS5_ENGINE_H_

#include <memory>

#include "bench/search/engine.h"

namespace leafloaf::searchbench {

struct Fts5Options {
  enum class Mode { kOr, kAnd };
  Mode mode = Mode::kOr;
};

std::unique_ptr<SearchEngineUnderTest> MakeFts5Engine(Fts5Options options);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_FTS5_ENGINE_H_
