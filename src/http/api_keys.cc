#include "http/api_keys.h"

#include <sodium.h>

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/strings.h"

namespace leafloaf::http {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kKeyChars = 40;

void InitSodium() {
  static const int ok = sodium_init();  // thread-safe, idempotent
  (void)ok;
}

}  // namespace

std::string GenerateApiKey() {
  InitSodium();
  std::string key = "ll_";
  for (int i = 0; i < kKeyChars; ++i) {
    key.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return key;
}

std::string HashApiKey(std::string_view key) {
  InitSodium();
  std::array<unsigned char, 32> digest;
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), nullptr, 0);
  std::array<char, 65> hex;
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), 64);
}

absl::StatusOr<std::string> CreateApiKey(Store& store, std::string_view shop_id, Role role,
                                         std::string_view user_id) {
  if (shop_id.empty()) return absl::InvalidArgumentError("a key needs a shop");
  std::string key = GenerateApiKey();
  WriteBatch batch;
  batch.Add(ApiKey{.shop_id = std::string(shop_id),
                   .key_hash = HashApiKey(key),
                   .role = role,
                   .user_external_id = std::string(user_id)});
  batch.Add(AuditEntry{.shop_id = std::string(shop_id),
                       .actor = "cli",
                       .action = "api_key.create",
                       .subject = std::string(RoleName(role))});
  batch.atomic = true;
  WriteResult result = store.Write(std::move(batch));
  if (!result.status.ok()) return result.status;
  for (const absl::Status& s : result.results) {
    if (!s.ok()) return s;
  }
  return key;
}

std::string_view CredentialFrom(const HttpRequest& request) {
  std::string_view key = request.Header("x-api-key");
  if (!key.empty()) return AsStd(absl::StripAsciiWhitespace(AsAbsl(key)));
  absl::string_view auth = absl::StripAsciiWhitespace(AsAbsl(request.Header("authorization")));
  if (auth.size() > 7 && absl::StartsWithIgnoreCase(auth, "bearer ")) {
    return AsStd(absl::StripAsciiWhitespace(auth.substr(7)));
  }
  return {};
}

absl::StatusOr<Principal> ApiKeyAuthenticator::Authenticate(const HttpRequest& request) {
  std::string_view key = CredentialFrom(request);
  if (key.empty()) {
    return absl::UnauthenticatedError("send an API key in X-API-Key or Authorization: Bearer");
  }
  if (key.size() > 256) return absl::UnauthenticatedError("invalid API key");
  std::string hash = HashApiKey(key);
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) return it->second;
  }
  absl::StatusOr<ApiKey> stored = store_->FindApiKey(hash);
  if (!stored.ok()) {
    if (stored.status().code() == absl::StatusCode::kNotFound) {
      return absl::UnauthenticatedError("invalid API key");
    }
    return stored.status();
  }
  Principal p{stored->shop_id, stored->role, stored->user_external_id, stored->id};
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_.emplace(std::move(hash), p);
  return p;
}

}  // namespace leafloaf::http
