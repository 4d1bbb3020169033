// libFuzzer entry point for request-target parsing (run: scripts/fuzz target).
// Property: never crashes; a target that parses re-parses to the same path
// after its path is percent-encoded again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/http_types.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string target(reinterpret_cast<const char*>(data), size);
  std::string path;
  absl::flat_hash_map<std::string, std::string> query;
  if (!leafloaf::http::ParseTarget(target, &path, &query)) return 0;
  std::string encoded;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : path) {
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 15];
  }
  std::string again;
  absl::flat_hash_map<std::string, std::string> unused;
  if (!leafloaf::http::ParseTarget(encoded, &again, &unused) || again != path) std::abort();
  return 0;
}
