// libFuzzer target: the LLM fallback's reply parser and request builder
// must accept any bytes (scripts/fuzz chat).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "conversation/chat_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)leafloaf::conversation::IntentFromChatReply(text);
  (void)leafloaf::conversation::ChatRequestBody("m", text);
  return 0;
}
