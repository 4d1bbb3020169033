#include "http/webhook_signature.h"

#include <sodium.h>

#include <array>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/strings.h"

namespace leafloaf::http {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac Hmac(std::string_view secret, std::string_view timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(timestamp.data()),
                                timestamp.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>("."), 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  Mac mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

}  // namespace

std::string SignWebhook(std::string_view body, std::string_view secret, int64_t at_seconds) {
  if (sodium_init() < 0) return "";
  const std::string t = absl::StrCat(at_seconds);
  Mac mac = Hmac(secret, t, body);
  std::string hex(2 * mac.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return absl::StrCat("t=", t, ",v0=", hex);
}

absl::Status VerifyWebhookSignature(std::string_view header, std::string_view body,
                                    std::string_view secret, int64_t now_seconds,
                                    int64_t tolerance_seconds) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to start");
  if (header.empty()) return absl::UnauthenticatedError("missing ElevenLabs-Signature header");
  std::string_view timestamp;
  std::vector<std::string_view> signatures;
  for (absl::string_view part : absl::StrSplit(AsAbsl(header), ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, "t=")) {
      timestamp = AsStd(part);
    } else if (absl::ConsumePrefix(&part, "v0=")) {
      signatures.push_back(AsStd(part));
    }
  }
  int64_t at = 0;
  if (timestamp.empty() || !absl::SimpleAtoi(AsAbsl(timestamp), &at) || signatures.empty()) {
    return absl::UnauthenticatedError("malformed ElevenLabs-Signature header (want t=...,v0=...)");
  }
  // Compared without subtracting: `at` is the sender's, any int64.
  if (at < now_seconds - tolerance_seconds || at > now_seconds + tolerance_seconds) {
    return absl::UnauthenticatedError("the webhook signature is too old or from the future");
  }
  const Mac expected = Hmac(secret, timestamp, body);
  for (std::string_view hex : signatures) {
    Mac got{};
    size_t len = 0;
    if (hex.size() != 2 * got.size() ||
        sodium_hex2bin(got.data(), got.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
        len != got.size()) {
      continue;
    }
    if (sodium_memcmp(got.data(), expected.data(), got.size()) == 0) return absl::OkStatus();
  }
  return absl::UnauthenticatedError("the webhook signature does not match");
}

}  // namespace leafloaf::http
