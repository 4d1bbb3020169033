// The Xapian peer of the search benchmark.
//
// A glass database in a temporary directory (glass is Xapian 1.4's default
// backend; the in-memory backend is deprecated), searched through a
// read-only Xapian::Database after one commit. Indexing follows Xapian's
// "getting started" guide: a TermGenerator with the English Snowball
// stemmer indexes each field unprefixed, with increase_termpos() between
// fields; field weights are wdf increments 2 x kFieldWeights (6, 4, 3, 2:
// integers in the same proportions). FLAG_SPELLING records spelling data.
//
// Queries: QueryParser with the English stemmer, STEM_SOME, default
// operator OR, FLAG_DEFAULT. Typo tolerance: each query word that is not an
// indexed term is replaced by Database::get_spelling_suggestion() (edit
// distance <= 2 over the spelling data) before parsing, which is what
// QueryParser's FLAG_SPELLING_CORRECTION did up to Xapian 1.2. Xapian
// 1.4's QueryParser asks for a suggestion for every word, indexed or not;
// applied automatically, its corrected query also rewrote correctly spelled
// words and cost 0.10 nDCG@10 on this query set, so it is not used. Ranking is Xapian's default
// BM25Weight.
//
// MemoryBytes: the size of the database files (what the page cache must
// hold for queries to run from memory; all tables, including positions
// and spelling data) plus the docid -> external id table.
#ifndef LEAFLOAF_BENCH_SEARCH_XAPIAN_ENGINE_H_
#define LEAFLOAF_BENCH_SEARCH_XAPIAN_ENGINE_H_

#include <memory>

#include "bench/search/engine.h"

namespace leafloaf::searchbench {

struct XapianOptions {
  // Apply Xapian's spelling correction (see above).
  bool spelling_correction = true;
};

std::unique_ptr<SearchEngineUnderTest> MakeXapianEngine(XapianOptions options);

}  // namespace leafloaf::searchbench

#endif  // LEAFLOAF_BENCH_SEARCH_XAPIAN_ENGINE_H_
