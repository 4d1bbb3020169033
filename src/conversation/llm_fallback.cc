#include "conversation/llm_fallback.h"

#include <chrono>

#include "common/status_macros.h"
#include "common/strings.h"
#include "vector/http_client.h"

namespace leafloaf::conversation {

absl::StatusOr<std::unique_ptr<LlmFallback>> LlmFallback::Create(LlmFallbackOptions options,
                                                                 const Clock* clock) {
  if (options.base_url.empty() || options.model.empty()) {
    return absl::InvalidArgumentError("the LLM fallback needs base_url and model");
  }
  std::string url = options.base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  LL_RETURN_IF_ERROR(vector::ParseHttpUrl(url + "/chat/completions").status());
  vector::HttpClientOptions http;
  http.connect_timeout = std::chrono::milliseconds(options.timeout_ms);
  http.timeout = std::chrono::milliseconds(options.timeout_ms);
  http.body_limit_bytes = 1 << 20;
  LL_ASSIGN_OR_RETURN(std::unique_ptr<vector::HttpClient> client, vector::HttpClient::Create(http));
  options.base_url = url;
  return std::unique_ptr<LlmFallback>(new LlmFallback(std::move(options), clock, std::move(client)));
}

LlmFallback::LlmFallback(LlmFallbackOptions options, const Clock* clock,
                         std::unique_ptr<vector::HttpClient> client)
    : options_(std::move(options)), clock_(clock), client_(std::move(client)) {}

LlmFallback::~LlmFallback() = default;

bool LlmFallback::open() const {
  absl::MutexLock lock(&mu_);
  return open_until_ != 0 && clock_->Now() < open_until_;
}

bool LlmFallback::MayCall() const {
  absl::MutexLock lock(&mu_);
  if (open_until_ == 0) return true;
  if (clock_->Now() < open_until_) return false;
  // Half open: this call probes; until it reports, others wait out a new period.
  open_until_ = clock_->Now() + static_cast<Micros>(options_.open_seconds) * 1'000'000;
  return true;
}

void LlmFallback::Record(bool ok) const {
  if (!ok) failures_.fetch_add(1);
  absl::MutexLock lock(&mu_);
  if (ok) {
    consecutive_failures_ = 0;
    open_until_ = 0;
    return;
  }
  if (++consecutive_failures_ >= options_.failure_threshold) {
    open_until_ = clock_->Now() + static_cast<Micros>(options_.open_seconds) * 1'000'000;
  }
}

std::optional<agents::Intent> LlmFallback::Classify(std::string_view utterance) const {
  if (!MayCall()) return std::nullopt;
  calls_.fetch_add(1);
  vector::HttpRequest request;
  request.method = "POST";
  request.url = options_.base_url + "/chat/completions";
  request.headers.emplace_back("Content-Type", "application/json");
  if (!options_.api_key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  }
  request.body = ChatRequestBody(options_.model, utterance);
  absl::StatusOr<vector::HttpResponse> response = client_->Send(request);
  std::optional<agents::Intent> intent;
  if (response.ok() && response->status == 200) intent = IntentFromChatReply(response->body);
  Record(intent.has_value());
  return intent;
}

}  // namespace leafloaf::conversation
