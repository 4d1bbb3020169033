// libFuzzer target: the ElevenLabs-Signature header parser must accept any
// header and body (scripts/fuzz webhook). The first byte splits the input
// into header and body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/webhook_signature.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t split = data[0] < text.size() ? data[0] : text.size();
  (void)leafloaf::http::VerifyWebhookSignature(text.substr(0, split), text.substr(split), "secret",
                                               1'764'000'000);
  return 0;
}
