// libFuzzer entry point for the analyzer (run: scripts/fuzz text).
// The first byte picks the options; the rest is the text, given both to
// AnalyzeField (index time) and AnalyzeQuery (the query parser).
// Properties: never crashes; every token has a non-empty term and surface,
// a byte range inside the input with begin < end, ranges that never move
// backwards, positions that grow by one; AnalyzeQuery fails exactly on
// over-long or invalid UTF-8 input, with kInvalidArgument, and otherwise
// returns a subset of the field's tokens; synonym matches stay in range;
// Fold never returns invalid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/folding.h"

namespace {

using leafloaf::text::Analyzer;
using leafloaf::text::Token;

const Analyzer& AnalyzerFor(int variant) {
  static const auto* analyzers = [] {
    auto* list = new std::vector<std::unique_ptr<Analyzer>>;
    leafloaf::text::Synonyms synonyms;
    (void)synonyms.AddGroup({"soda", "pop", "soft drink"});
    (void)synonyms.AddGroup({"ice cream", "gelato"});
    (void)synonyms.AddOneWay({"a b c"}, {"d"});
    for (int v = 0; v < 4; ++v) {
      leafloaf::text::AnalyzerOptions options;
      options.remove_stop_words = (v & 1) == 0;
      options.stem = (v & 2) == 0;
      options.max_query_bytes = v == 3 ? 16 : 1024;
      list->push_back(std::move(*Analyzer::Create(options, synonyms)));
    }
    return list;
  }();
  return *(*analyzers)[static_cast<size_t>(variant)];
}

void CheckTokens(const std::vector<Token>& tokens, size_t input_size, bool dense_positions) {
  uint32_t last_begin = 0;
  uint32_t last_end = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.term.empty() || t.surface.empty()) std::abort();
    if (t.begin >= t.end || t.end > input_size) std::abort();
    if (t.begin < last_begin || t.end < last_end) std::abort();
    if (dense_positions && t.position != i) std::abort();
    if (i > 0 && t.position <= tokens[i - 1].position) std::abort();
    if (!leafloaf::text::IsValidUtf8(t.surface) || !leafloaf::text::IsValidUtf8(t.term))
      std::abort();
    last_begin = t.begin;
    last_end = t.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Analyzer& analyzer = AnalyzerFor(data[0] & 3);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<Token> field = analyzer.AnalyzeField(text);
  CheckTokens(field, text.size(), /*dense_positions=*/true);

  auto query = analyzer.AnalyzeQuery(text);
  const bool should_fail =
      text.size() > analyzer.options().max_query_bytes || !leafloaf::text::IsValidUtf8(text);
  if (query.ok() == should_fail) std::abort();
  if (!query.ok() && query.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
  if (query.ok()) {
    CheckTokens(*query, text.size(), /*dense_positions=*/false);
    if (query->size() > field.size()) std::abort();
    for (const auto& match : analyzer.FindSynonyms(*query)) {
      if (match.count == 0 || match.first + match.count > query->size()) std::abort();
      if (match.alternatives.empty()) std::abort();
    }
  }
  if (!leafloaf::text::IsValidUtf8(Analyzer::Fold(text))) std::abort();
  return 0;
}
