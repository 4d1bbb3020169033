// API keys: creation, hashing and the authenticator that checks them.
//
// A key is "ll_" followed by 40 random base-62 characters (~238 bits from
// libsodium's randombytes). Only its BLAKE2b-256 hash (libsodium's
// crypto_generichash) is stored. A fast hash is right here, unlike for
// passwords: the key has full entropy, so there is nothing to brute-force,
// and every request must verify it in microseconds.
#ifndef LEAFLOAF_HTTP_API_KEYS_H_
#define LEAFLOAF_HTTP_API_KEYS_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "http/router.h"
#include "store/store.h"

namespace leafloaf::http {

// A new random key. Thread-safe.
std::string GenerateApiKey();
// Lower-case hex of BLAKE2b-256(key).
std::string HashApiKey(std::string_view key);

// Creates and stores a key; returns the plaintext, which is never stored.
// A shopper key may be bound to an external user id.
absl::StatusOr<std::string> CreateApiKey(Store& store, std::string_view shop_id, Role role,
                                         std::string_view user_id);

// Authenticates `X-API-Key: KEY` or `Authorization: Bearer KEY` against the
// store, caching verified keys in memory (keys are never revoked while a
// server runs in this version). Thread-safe.
class ApiKeyAuthenticator final : public Authenticator {
 public:
  explicit ApiKeyAuthenticator(Store* store) : store_(store) {}
  absl::StatusOr<Principal> Authenticate(const HttpRequest& request) override;

 private:
  static constexpr size_t kMaxCached = 100'000;
  Store* store_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Principal> cache_ ABSL_GUARDED_BY(mu_);
};

// The credential from the request headers, or "" when none was sent.
std::string_view CredentialFrom(const HttpRequest& request);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_API_KEYS_H_
