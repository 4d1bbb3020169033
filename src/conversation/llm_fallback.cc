#include "conversation/llm_fallback.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"
#include "vector/http_client.h"

namespace leafloaf::conversation {

std::string ChatRequestBody(std::string_view model, std::string_view utterance) {
  std::vector<std::string> names;
  for (agents::Intent i : agents::AllIntents()) names.emplace_back(agents::IntentName(i));
  const std::string system = absl::StrCat(
      "You route a grocery shopper's message. Answer with exactly one of these intent names and "
      "nothing else: ",
      absl::StrJoin(names, ", "), ".");
  nlohmann::json body = {
      {"model", model},
      {"temperature", 0},
      {"max_tokens", 8},
      {"messages",
       {{{"role", "system"}, {"content", system}},
        {{"role", "user"}, {"content", std::string(utterance)}}}},
  };
  // Invalid UTF-8 in the utterance is replaced, never thrown on.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<agents::Intent> IntentFromChatReply(std::string_view body) {
  nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object()) return std::nullopt;
  auto choices = reply.find("choices");
  if (choices == reply.end() || !choices->is_array() || choices->empty()) return std::nullopt;
  const nlohmann::json& first = (*choices)[0];
  if (!first.is_object() || !first.contains("message") || !first["message"].is_object()) {
    return std::nullopt;
  }
  const nlohmann::json& message = first["message"];
  auto content = message.find("content");
  if (content == message.end() || !content->is_string()) return std::nullopt;
  std::string text = absl::AsciiStrToLower(absl::StripAsciiWhitespace(content->get<std::string>()));
  while (!text.empty() && (text.back() == '.' || text.back() == '"')) text.pop_back();
  while (!text.empty() && text.front() == '"') text.erase(text.begin());
  return agents::ParseIntent(text);
}

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
