// OpenAiEmbedder: an Embedder backed by any OpenAI-compatible embeddings
// endpoint (OpenAI, Ollama, vLLM, llama.cpp server, ...): POSTs
// {"model", "input": [texts]} to <base_url>/embeddings, batch_size texts at
// a time, and L2-normalizes the vectors it gets back. Optional: the local
// FastTextEmbedder needs no network (issue 3).
//
// Errors (absl canonical codes): kUnavailable when the server cannot be
// reached or answers 5xx; kDeadlineExceeded on a timeout; for other non-200
// answers 401 kUnauthenticated, 403 kPermissionDenied, 404 kNotFound,
// 429 kResourceExhausted, else kInvalidArgument, with the server's message
// when it sent one; kInternal for a malformed response; kFailedPrecondition
// when the vectors' length is not `dim` (or the length first learned). No
// retries: callers decide. Messages never contain the API key.
//
// Empty texts are not sent (servers reject them); they get all-zero vectors,
// which needs the dimension to be known (set `dim` or embed text first).
//
// Thread-safety: all methods may be called concurrently.
#ifndef LEAFLOAF_VECTOR_OPENAI_EMBEDDER_H_
#define LEAFLOAF_VECTOR_OPENAI_EMBEDDER_H_

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vector/embedder.h"
#include "vector/http_client.h"

namespace leafloaf::vector {

struct OpenAiEmbedderOptions {
  // Up to and including the API version: "http://127.0.0.1:11434/v1"
  // (Ollama) or "https://api.openai.com/v1". A trailing '/' is ignored.
  std::string base_url;
  std::string model;       // "text-embedding-3-small", "nomic-embed-text", ...
  std::string api_key;     // sent as "Authorization: Bearer <key>"; "" = none
  int dim = 0;             // expected vector length; 0 = learn from the first response
  int batch_size = 128;    // texts per request
  int timeout_ms = 10000;  // connecting, and separately sending + receiving one batch
};

class OpenAiEmbedder : public Embedder {
 public:
  // kInvalidArgument for a base_url that is not http(s)://, an empty model,
  // or a non-positive batch_size/timeout_ms or negative dim. Does not
  // contact the server.
  static absl::StatusOr<std::unique_ptr<OpenAiEmbedder>> Create(OpenAiEmbedderOptions options);

  // `options.dim`, or the length learned from the first response (0 before).
  int dim() const override;
  std::string name() const override;  // "openai:<model>"
  absl::StatusOr<Vector> EmbedQuery(std::string_view text) override;
  absl::StatusOr<std::vector<Vector>> EmbedProducts(std::span<const Product> products) override;
  // One normalized vector per text, in order; batch_size texts per request.
  absl::StatusOr<std::vector<Vector>> EmbedTexts(std::span<const std::string> texts);

 private:
  OpenAiEmbedder(OpenAiEmbedderOptions options, std::unique_ptr<HttpClient> client);
  absl::StatusOr<std::vector<Vector>> EmbedBatch(std::span<const std::string> texts);
  absl::Status CheckDim(int got);

  // Constant after construction.
  const OpenAiEmbedderOptions options_;
  const std::string url_;  // <base_url>/embeddings
  const std::unique_ptr<HttpClient> client_;
  // options_.dim, or 0 until the first response sets it once.
  std::atomic<int> dim_;
};

}  // namespace leafloaf::vector

#endif  // LEAFLOAF_VECTOR_OPENAI_EMBEDDER_H_
