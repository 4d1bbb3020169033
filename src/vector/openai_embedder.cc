#include "vector/openai_embedder.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "vector/openai_embedder_json.h"

namespace leafloaf::vector {
namespace {

// Long error pages (proxies, HTML) are cut to this many bytes in messages.
constexpr size_t kMaxQuotedBody = 200;

absl::Status HttpStatusError(int status, std::string_view body, const std::string& url) {
  std::string detail = ParseEmbeddingsError(body);
  if (detail.empty()) {
    detail = std::string(body.substr(0, kMaxQuotedBody));
    if (body.size() > kMaxQuotedBody) detail += "...";
  }
  std::string message = absl::StrCat("embeddings: POST ", url, ": HTTP ", status);
  if (!detail.empty()) absl::StrAppend(&message, ": ", detail);
  if (status == 401) return absl::UnauthenticatedError(message);
  if (status == 403) return absl::PermissionDeniedError(message);
  if (status == 404) return absl::NotFoundError(message);
  if (status == 429) return absl::ResourceExhaustedError(message);
  if (status >= 500) return absl::UnavailableError(message);
  return absl::InvalidArgumentError(message);
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return absl::ascii_isspace(c); });
}

}  // namespace

absl::StatusOr<std::unique_ptr<OpenAiEmbedder>> OpenAiEmbedder::Create(
    OpenAiEmbedderOptions options) {
  auto invalid = [](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("openai embedder: ", AsAbsl(why)));
  };
  absl::string_view base = AsAbsl(options.base_url);
  while (absl::ConsumeSuffix(&base, "/")) {
  }
  options.base_url = std::string(base);
  if (auto url = ParseHttpUrl(options.base_url); !url.ok())
    return invalid(AsStd(url.status().message()));
  if (options.model.empty()) return invalid("model is empty");
  if (options.dim < 0) return invalid("dim is negative");
  if (options.batch_size <= 0) return invalid("batch_size must be positive");
  if (options.timeout_ms <= 0) return invalid("timeout_ms must be positive");
  HttpClientOptions http;
  http.connect_timeout = std::chrono::milliseconds(options.timeout_ms);
  http.timeout = std::chrono::milliseconds(options.timeout_ms);
  LL_ASSIGN_OR_RETURN(std::unique_ptr<HttpClient> client, HttpClient::Create(std::move(http)));
  return std::unique_ptr<OpenAiEmbedder>(new OpenAiEmbedder(std::move(options), std::move(client)));
}

OpenAiEmbedder::OpenAiEmbedder(OpenAiEmbedderOptions options, std::unique_ptr<HttpClient> client)
    : options_(std::move(options)),
      url_(options_.base_url + "/embeddings"),
      client_(std::move(client)),
      dim_(options_.dim) {}

int OpenAiEmbedder::dim() const { return dim_.load(std::memory_order_acquire); }

std::string OpenAiEmbedder::name() const { return "openai:" + options_.model; }

absl::StatusOr<Vector> OpenAiEmbedder::EmbedQuery(std::string_view text) {
  const std::string texts[] = {std::string(text)};
  LL_ASSIGN_OR_RETURN(std::vector<Vector> vectors, EmbedTexts(texts));
  return std::move(vectors[0]);
}

absl::StatusOr<std::vector<Vector>> OpenAiEmbedder::EmbedProducts(
    std::span<const Product> products) {
  std::vector<std::string> texts;
  texts.reserve(products.size());
  for (const Product& product : products) texts.push_back(ProductEmbeddingText(product));
  return EmbedTexts(texts);
}

absl::StatusOr<std::vector<Vector>> OpenAiEmbedder::EmbedTexts(std::span<const std::string> texts) {
  std::vector<Vector> vectors;
  vectors.reserve(texts.size());
  const size_t batch_size = static_cast<size_t>(options_.batch_size);
  for (size_t begin = 0; begin < texts.size(); begin += batch_size) {
    const size_t count = std::min(batch_size, texts.size() - begin);
    LL_ASSIGN_OR_RETURN(std::vector<Vector> batch, EmbedBatch(texts.subspan(begin, count)));
    for (Vector& vector : batch) vectors.push_back(std::move(vector));
  }
  return vectors;
}

absl::StatusOr<std::vector<Vector>> OpenAiEmbedder::EmbedBatch(std::span<const std::string> texts) {
  // Blank texts are left out of the request and get zero vectors.
  std::vector<std::string> sent;
  std::vector<size_t> sent_positions;
  for (size_t position = 0; position < texts.size(); ++position) {
    if (IsBlank(texts[position])) continue;
    sent.push_back(texts[position]);
    sent_positions.push_back(position);
  }
  std::vector<Vector> received;
  if (!sent.empty()) {
    HttpRequest request;
    request.method = "POST";
    request.url = url_;
    request.headers.emplace_back("Content-Type", "application/json");
    if (!options_.api_key.empty()) {
      request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
    }
    request.body = BuildEmbeddingsRequest(options_.model, sent);
    absl::StatusOr<HttpResponse> response = client_->Send(request);
    if (!response.ok()) {
      return absl::Status(response.status().code(),
                          absl::StrCat("embeddings: ", response.status().message()));
    }
    if (response->status != 200) return HttpStatusError(response->status, response->body, url_);
    absl::StatusOr<std::vector<Vector>> parsed =
        ParseEmbeddingsResponse(response->body, sent.size());
    if (!parsed.ok()) {
      return absl::Status(parsed.status().code(),
                          absl::StrCat("embeddings: POST ", url_, ": ", parsed.status().message()));
    }
    received = *std::move(parsed);
    LL_RETURN_IF_ERROR(CheckDim(static_cast<int>(received[0].size())));
  }
  const int dim = dim_.load(std::memory_order_acquire);
  if (dim == 0) {
    return absl::FailedPreconditionError(
        "embeddings: the vector length is not known yet to embed blank text; set dim");
  }
  std::vector<Vector> vectors(texts.size(), Vector(static_cast<size_t>(dim), 0.0f));
  for (size_t sent_idx = 0; sent_idx < received.size(); ++sent_idx) {
    Normalize(received[sent_idx]);
    vectors[sent_positions[sent_idx]] = std::move(received[sent_idx]);
  }
  return vectors;
}

absl::Status OpenAiEmbedder::CheckDim(int got) {
  int expected = 0;
  // The first response fixes the length when options_.dim is 0.
  if (dim_.compare_exchange_strong(expected, got, std::memory_order_acq_rel) || expected == got) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "embeddings: model ", options_.model, " returned ", got, "-dimensional vectors, expected ",
      expected, options_.dim > 0 ? " (search.embeddings.dim)" : " (as in its first response)"));
}

}  // namespace leafloaf::vector
