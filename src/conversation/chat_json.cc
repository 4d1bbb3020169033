#include "conversation/chat_json.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

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

}  // namespace leafloaf::conversation
