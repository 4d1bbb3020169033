// The JSON of the OpenAI embeddings API (POST <base_url>/embeddings), as
// pure functions so that they can be unit-tested and fuzzed
// (scripts/fuzz embeddings) without a server.
//
//   request:  {"model": "...", "input": ["text", ...]}
//   response: {"data": [{"index": 0, "embedding": [0.1, ...]}, ...], ...}
//   error:    {"error": {"message": "..."}}, or {"error": "..."} (Ollama),
//             {"detail": "..."} (vLLM), {"message": "..."}
#ifndef LEAFLOAF_VECTOR_OPENAI_EMBEDDER_JSON_H_
#define LEAFLOAF_VECTOR_OPENAI_EMBEDDER_JSON_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vector/embedder.h"

namespace leafloaf::vector {

// Invalid UTF-8 in `texts` is replaced by U+FFFD rather than failing.
std::string BuildEmbeddingsRequest(std::string_view model, std::span<const std::string> texts);

// The vectors of a successful response, in input order (by each item's
// `index`; by position when items carry none), as sent: not normalized.
// kInternal unless the body is a JSON object whose `data` holds exactly
// `expected` items, with indexes 0..expected-1 once each, and embeddings
// that are non-empty arrays of finite float-range numbers, all of one length.
absl::StatusOr<std::vector<Vector>> ParseEmbeddingsResponse(std::string_view body, size_t expected);

// The server's explanation in an error body, or "" when there is none.
std::string ParseEmbeddingsError(std::string_view body);

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_OPENAI_EMBEDDER_JSON_H_
