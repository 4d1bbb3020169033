// libFuzzer entry point for the embeddings response parser (run:
// scripts/fuzz embeddings). The first byte is the expected count (0..15),
// the rest the response body. Properties: never crashes or throws; a
// success has exactly the expected vectors, all of one non-zero length,
// all finite; the error parser never crashes either.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vector/openai_embedder_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t expected = data[0] % 16;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)leafloaf::vector::ParseEmbeddingsError(body);
  auto parsed = leafloaf::vector::ParseEmbeddingsResponse(body, expected);
  if (!parsed.ok()) return 0;
  if (parsed->size() != expected) std::abort();
  for (const auto& vector : *parsed) {
    if (vector.empty() || vector.size() != (*parsed)[0].size()) std::abort();
    for (float x : vector) {
      if (!std::isfinite(x)) std::abort();
    }
  }
  return 0;
}
