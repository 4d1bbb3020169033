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
//   search:
//     synonyms: synonyms.yaml          # every shop; relative to the config file
//     shops:
//       demo:
//         synonyms: demo-synonyms.yaml # this shop's rules, added to the above
//     hybrid:                          # text + vector fusion (search/hybrid.h)
//       mode: relative                 # relative | rrf | off
//       vector_weight: 0.3             # the vector ranking's share, 0..1
//       neighbours: 32                 # nearest neighbours fetched per query
//       min_similarity: 0.35           # cosine a vector-only hit needs
//       text_confident_hits: 0         # > 0: skip vectors when that many hits name every word
//     vector_index: ivf-pq             # ivf-pq | hnsw (hnswlib's graph: more memory)
//     embeddings:
//       provider: fasttext             # fasttext | openai | none
//       base_url: http://127.0.0.1:11434/v1   # openai only
//       model: nomic-embed-text               # openai only
//       api_key_env: OPENAI_API_KEY           # openai only: env var with the key
//       dim: 0                                # openai only: 0 = from the first answer
//   personalization:
//     config: personalization.yaml     # signal weights, decay, ranker weights;
//                                      # reloaded when it changes (no restart)
//   conversation:
//     llm:                             # optional fallback for what the rules can't parse
//       base_url: http://127.0.0.1:11434/v1   # OpenAI-compatible chat endpoint
//       model: llama3.2
//       api_key_env: OPENAI_API_KEY    # env var with the key ("" = none)
//       timeout_ms: 800
//     elevenlabs:                      # POST /webhooks/elevenlabs
//       shop: demo                     # the shop the voice client serves
//       secret_env: ELEVENLABS_WEBHOOK_SECRET   # env var with the signing secret
//
// Command-line flags override the file.
#ifndef LEAFLOAF_CLI_APP_CONFIG_H_
#define LEAFLOAF_CLI_APP_CONFIG_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "http/server.h"
#include "search/search_types.h"
#include "store/sqlite/sqlite_store.h"
#include "text/synonyms.h"
#include "vector/vector_index.h"

namespace leafloaf {

struct EmbeddingsConfig {
  // "fasttext": each shop's model trained by `leafloaf train embeddings`,
  // when there is one; "openai": an OpenAI-compatible endpoint for every
  // shop; "none": text search only.
  std::string provider = "fasttext";
  std::string base_url;
  std::string model;
  std::string api_key_env;
  int dim = 0;
};

struct ConversationConfig {
  std::string llm_base_url;  // "" = no LLM fallback
  std::string llm_model;
  std::string llm_api_key_env;
  int llm_timeout_ms = 800;
  std::string voice_shop;        // "" = the voice webhook answers 503
  std::string voice_secret_env;  // the environment variable holding the secret
};

struct AppConfig {
  http::ServerOptions server;
  SqliteStoreOptions store;
  text::Synonyms synonyms;  // empty unless search.synonyms names a file
  // Shops with their own synonym file: the shared rules plus theirs.
  std::map<std::string, text::Synonyms> shop_synonyms;
  search::HybridOptions hybrid;
  // search.vector_index: the structure product embeddings are indexed in.
  vector::VectorStructure vector_index = vector::VectorStructure::kIvfPq;
  EmbeddingsConfig embeddings;
  // The personalization YAML (resolved), or "" for built-in defaults.
  std::string personalization_config;
  // personalization.edge_flush_ms: how often memory-graph edges are written
  // (personalize/edge_writer.h); 0 = with each tracking request.
  int edge_flush_ms = 0;
  ConversationConfig conversation;
};

// Parses YAML text. kInvalidArgument with the key and reason on bad input.
// `base_dir` resolves relative file names in the config.
absl::StatusOr<AppConfig> ParseAppConfig(const std::string& yaml_text,
                                         const std::string& base_dir = ".");
absl::StatusOr<AppConfig> LoadAppConfig(const std::string& path);

}  // namespace leafloaf

#endif  // LEAFLOAF_CLI_APP_CONFIG_H_
