#include "cli/app_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "yaml-cpp/yaml.h"

namespace leafloaf {
namespace {

template <typename T>
void Read(const YAML::Node& node, const char* key, T* out) {
  if (node && node[key]) *out = node[key].as<T>();
}

void ReadMs(const YAML::Node& node, const char* key, std::chrono::milliseconds* out) {
  if (node && node[key]) *out = std::chrono::milliseconds(node[key].as<int64_t>());
}

}  // namespace

absl::StatusOr<AppConfig> ParseAppConfig(const std::string& yaml_text,
                                         const std::string& base_dir) {
  AppConfig config;
  std::string synonyms_path;
  try {  // yaml-cpp throws; nothing escapes this function
    YAML::Node root = YAML::Load(yaml_text);
    if (root && !root.IsNull() && !root.IsMap()) {
      return absl::InvalidArgumentError("config: the top level must be a mapping");
    }
    YAML::Node server = root["server"];
    Read(server, "address", &config.server.address);
    int port = config.server.port;
    Read(server, "port", &port);
    if (port < 0 || port > 65535) return absl::InvalidArgumentError("config: server.port out of range");
    config.server.port = static_cast<uint16_t>(port);
    Read(server, "threads", &config.server.threads);
    if (config.server.threads < 1 || config.server.threads > 256) {
      return absl::InvalidArgumentError("config: server.threads must be 1..256");
    }
    Read(server, "body_limit_bytes", &config.server.body_limit_bytes);
    ReadMs(server, "header_timeout_ms", &config.server.header_timeout);
    ReadMs(server, "body_timeout_ms", &config.server.body_timeout);
    ReadMs(server, "shutdown_grace_ms", &config.server.shutdown_grace);
    YAML::Node store = root["store"];
    Read(store, "synchronous_full", &config.store.synchronous_full);
    Read(store, "reader_connections", &config.store.reader_connections);
    if (config.store.reader_connections < 1) {
      return absl::InvalidArgumentError("config: store.reader_connections must be at least 1");
    }
    YAML::Node search = root["search"];
    Read(search, "synonyms", &synonyms_path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrFormat("config: %s", e.what()));
  }
  if (!synonyms_path.empty()) {
    std::filesystem::path path(synonyms_path);
    if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
    auto synonyms = text::Synonyms::Load(path.string());
    if (!synonyms.ok()) return synonyms.status();
    config.synonyms = std::move(*synonyms);
  }
  return config;
}

absl::StatusOr<AppConfig> LoadAppConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot read config %s", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseAppConfig(text.str(), std::filesystem::path(path).parent_path().string());
}

}  // namespace leafloaf
