// AppConfig: the optional YAML file of `leafloaf serve --config FILE`.
// Every key is optional; defaults are the Options structs' defaults.
//
//   server:
//     address: 127.0.0.1
//     port: 8080
//     threads: 8
//     body_limit_bytes: 1048576
//     header_timeout_ms: 30000
//     body_timeout_ms: 30000
//     shutdown_grace_ms: 10000
//   store:
//     synchronous_full: true
//     reader_connections: 8
//
// Command-line flags override the file.
#ifndef LEAFLOAF_CLI_APP_CONFIG_H_
#define LEAFLOAF_CLI_APP_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "http/server.h"
#include "store/sqlite/sqlite_store.h"

namespace leafloaf {

struct AppConfig {
  http::ServerOptions server;
  SqliteStoreOptions store;
};

// Parses YAML text. kInvalidArgument with the key and reason on bad input.
absl::StatusOr<AppConfig> ParseAppConfig(const std::string& yaml_text);
absl::StatusOr<AppConfig> LoadAppConfig(const std::string& path);

}  // namespace leafloaf

#endif  // LEAFLOAF_CLI_APP_CONFIG_H_
