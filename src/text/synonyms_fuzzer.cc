// libFuzzer entry point for synonym files (run: scripts/fuzz synonyms).
// Properties: Synonyms::Parse never throws or crashes, fails only with
// kInvalidArgument, and whatever it accepts compiles into an Analyzer whose
// synonym lookups work.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto synonyms = leafloaf::text::Synonyms::Parse(yaml);
  if (!synonyms.ok()) {
    if (synonyms.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  auto analyzer = leafloaf::text::Analyzer::Create({}, *synonyms);
  if (!analyzer.ok()) std::abort();
  for (const auto& rule : synonyms->rules()) {
    for (const auto& phrase : rule.from) {
      auto tokens = (*analyzer)->AnalyzeQuery(phrase);
      if (tokens.ok()) (void)(*analyzer)->FindSynonyms(*tokens);
    }
  }
  return 0;
}
