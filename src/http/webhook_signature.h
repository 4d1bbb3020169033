// Verifying the voice client's webhook signature (POST /webhooks/elevenlabs).
//
// ElevenLabs signs each delivery with a shared secret: the header
//   ElevenLabs-Signature: t=1700000000,v0=<hex HMAC-SHA256(secret, "<t>.<body>")>
// carries the Unix time it was signed at and one or more `v0` signatures.
// A request is genuine when one v0 matches (compared in constant time) and
// its time is within `tolerance_seconds` of now (30 minutes, as ElevenLabs'
// own SDK allows), which bounds replays.
//
// Thread-safety: pure functions.
#ifndef LEAFLOAF_HTTP_WEBHOOK_SIGNATURE_H_
#define LEAFLOAF_HTTP_WEBHOOK_SIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace leafloaf::http {

// kUnauthenticated naming what is wrong: no or malformed header, stale
// time, or no matching signature. `now_seconds` is Unix time.
absl::Status VerifyWebhookSignature(std::string_view header, std::string_view body,
                                    std::string_view secret, int64_t now_seconds,
                                    int64_t tolerance_seconds = 30 * 60);

// The header value a sender would compute (tests and clients).
std::string SignWebhook(std::string_view body, std::string_view secret, int64_t at_seconds);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_WEBHOOK_SIGNATURE_H_
