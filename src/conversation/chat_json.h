// The OpenAI-compatible chat request LlmFallback sends and the parsing of
// its reply: pure functions, apart so that they are unit-tested and fuzzed
// (scripts/fuzz chat) without the HTTP client.
#ifndef LEAFLOAF_CONVERSATION_CHAT_JSON_H_
#define LEAFLOAF_CONVERSATION_CHAT_JSON_H_

#include <optional>
#include <string>
#include <string_view>

#include "agents/intent.h"

namespace leafloaf::conversation {

// A chat completion request asking for one intent name for `utterance`.
// Invalid UTF-8 in the utterance is replaced, never thrown on.
std::string ChatRequestBody(std::string_view model, std::string_view utterance);
// The intent named by a chat completion body (its first choice's message
// content, trimmed, case-insensitive, quotes and a final period dropped);
// nullopt for anything else.
std::optional<agents::Intent> IntentFromChatReply(std::string_view body);

}  // namespace leafloaf::conversation

#endif  // LEAFLOAF_CONVERSATION_CHAT_JSON_H_
