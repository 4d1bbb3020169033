// LlmFallback: the optional OpenAI-compatible chat endpoint the
// conversation asks when the supervisor is not confident (issue 6). It only
// names the intent (one word, from the supervisor's list); entities still
// come from the rules, so a wrong or absent answer can never invent a
// product or a quantity. LeafLoaf works fully without it.
//
// Each call has a timeout (`timeout_ms`, default 800). A circuit breaker
// stops calling after `failure_threshold` consecutive failures (errors,
// timeouts, non-200 answers, unparseable replies) for `open_seconds`; then
// one call is let through to probe, and a success closes it again.
//
// Thread-safety: Classify may be called from any thread.
#ifndef LEAFLOAF_CONVERSATION_LLM_FALLBACK_H_
#define LEAFLOAF_CONVERSATION_LLM_FALLBACK_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "agents/intent.h"
#include "conversation/chat_json.h"
#include "common/time.h"

namespace leafloaf::vector {
class HttpClient;
}  // namespace leafloaf::vector

namespace leafloaf::conversation {

struct LlmFallbackOptions {
  std::string base_url;     // e.g. http://127.0.0.1:11434/v1 (".../chat/completions" is added)
  std::string model;
  std::string api_key;      // sent as a Bearer token when not empty
  int timeout_ms = 800;
  int failure_threshold = 3;
  int open_seconds = 30;
};

class LlmFallback {
 public:
  // kInvalidArgument without base_url or model, or with a bad URL.
  static absl::StatusOr<std::unique_ptr<LlmFallback>> Create(LlmFallbackOptions options,
                                                             const Clock* clock);
  ~LlmFallback();

  // The intent the model names for `utterance`; nullopt when it fails, its
  // answer is not an intent name, or the breaker is open.
  std::optional<agents::Intent> Classify(std::string_view utterance) const;

  int64_t calls() const { return calls_.load(); }
  int64_t failures() const { return failures_.load(); }
  bool open() const;

 private:
  LlmFallback(LlmFallbackOptions options, const Clock* clock,
              std::unique_ptr<vector::HttpClient> client);
  // Whether a call may go out now (closed, or open long enough to probe).
  bool MayCall() const;
  void Record(bool ok) const;

  const LlmFallbackOptions options_;
  const Clock* clock_;
  std::unique_ptr<vector::HttpClient> client_;
  mutable absl::Mutex mu_;
  mutable int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
  mutable Micros open_until_ ABSL_GUARDED_BY(mu_) = 0;  // 0 = closed
  mutable std::atomic<int64_t> calls_{0};
  mutable std::atomic<int64_t> failures_{0};
};

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_LLM_FALLBACK_H_
