#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <iostream>

#include "agents/supervisor.h"
#include "cart/cart_service.h"
#include "cli/app_config.h"
#include "cli/commands.h"
#include "conversation/conversation_service.h"
#include "conversation/llm_fallback.h"
#include "http/api_keys.h"
#include "http/routes.h"
#include "http/server.h"
#include "personalize/personalization_service.h"
#include "purchase/inference/insights_service.h"
#include "purchase/purchase_service.h"
#include "search/search_service.h"
#include "vector/fasttext_embedder.h"
#include "vector/openai_embedder.h"
#include "spdlog/spdlog.h"
#include "store/sqlite/sqlite_store.h"

namespace leafloaf::cli {
namespace {

struct ServeArgs {
  std::string data;
  std::string config;
  std::string address;
  int port = -1;
  int threads = 0;
  bool warm_up = true;
  std::string web_root;  // "" = auto-detect web/dist; "none" = no web app
};

// web/dist under the current directory, else beside or above the binary's
// directory (build/leafloaf -> web/dist); "" when none has an index.html.
std::string FindWebRoot() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path bin = fs::read_symlink("/proc/self/exe", ec).parent_path();
  for (const fs::path& dir : {fs::current_path(ec) / "web/dist", bin / "web/dist",
                              bin.parent_path() / "web/dist"}) {
    if (fs::is_regular_file(dir / "index.html", ec)) return dir.string();
  }
  return "";
}

// Gives the search service its embedders: every shop's trained fastText
// model, or one OpenAI-compatible endpoint for all shops.
absl::Status SetUpEmbedders(const EmbeddingsConfig& config, const std::string& data_dir,
                            Store* store, search::SearchService& search) {
  if (config.provider == "openai") {
    vector::OpenAiEmbedderOptions options{.base_url = config.base_url, .model = config.model,
                                          .dim = config.dim};
    if (!config.api_key_env.empty()) {
      const char* key = std::getenv(config.api_key_env.c_str());
      if (key == nullptr || *key == '\0') {
        return absl::InvalidArgumentError("search.embeddings.api_key_env names " +
                                          config.api_key_env + ", which is not set");
      }
      options.api_key = key;
    }
    auto embedder = vector::OpenAiEmbedder::Create(std::move(options));
    if (!embedder.ok()) return embedder.status();
    spdlog::info("search: embeddings from {} at {}", (*embedder)->name(), config.base_url);
    search.SetEmbedder("", std::shared_ptr<vector::Embedder>(std::move(*embedder)));
    return absl::OkStatus();
  }
  if (config.provider != "fasttext") return absl::OkStatus();
  auto shops = store->ListShops();
  if (!shops.ok()) return shops.status();
  for (const std::string& shop : *shops) {
    const std::string path = vector::FastTextModelPath(data_dir, shop);
    auto embedder = vector::FastTextEmbedder::Load(path);
    if (embedder.ok()) {
      search.SetEmbedder(shop, std::shared_ptr<vector::Embedder>(std::move(*embedder)));
    } else if (embedder.status().code() == absl::StatusCode::kNotFound) {
      spdlog::info("search: shop {} has no trained embeddings (leafloaf train embeddings); "
                   "text search only", shop);
    } else {
      return embedder.status();
    }
  }
  return absl::OkStatus();
}

int Serve(const ServeArgs& args) {
  AppConfig config;
  if (!args.config.empty()) {
    auto loaded = LoadAppConfig(args.config);
    if (!loaded.ok()) {
      std::cerr << "error: " << loaded.status().message() << "\n";
      return 1;
    }
    config = std::move(*loaded);
  }
  if (args.port >= 0) config.server.port = static_cast<uint16_t>(args.port);
  if (!args.address.empty()) config.server.address = args.address;
  if (args.threads > 0) config.server.threads = args.threads;
  auto path = DatabasePathForDataDir(args.data);
  if (!path.ok()) {
    std::cerr << "error: " << path.status().message() << "\n";
    return 1;
  }
  config.store.path = *path;
  auto store = OpenSqliteStore(config.store);
  if (!store.ok()) {
    std::cerr << "error: " << store.status().message() << "\n";
    return 1;
  }
  auto analyzer = text::Analyzer::Create({}, config.synonyms);
  if (!analyzer.ok()) {
    std::cerr << "error: " << analyzer.status().message() << "\n";
    return 1;
  }
  search::IndexOptions index_options;
  index_options.vectors.structure = config.vector_index;
  search::SearchService search(store->get(), analyzer->get(), index_options);
  std::vector<std::unique_ptr<text::Analyzer>> shop_analyzers;
  for (const auto& [shop, synonyms] : config.shop_synonyms) {
    auto shop_analyzer = text::Analyzer::Create({}, synonyms);
    if (!shop_analyzer.ok()) {
      std::cerr << "error: synonyms of shop " << shop << ": " << shop_analyzer.status().message() << "\n";
      return 1;
    }
    search.SetShopAnalyzer(shop, shop_analyzer->get());
    shop_analyzers.push_back(std::move(*shop_analyzer));
  }
  search.SetHybridOptions(config.hybrid);
  if (absl::Status s = SetUpEmbedders(config.embeddings, args.data, store->get(), search); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 1;
  }
  auto load_start = std::chrono::steady_clock::now();
  if (absl::Status loaded = search.LoadAll(); !loaded.ok()) {
    std::cerr << "error: building the search index: " << loaded.message() << "\n";
    return 1;
  }
  spdlog::info("search index built in {:.2f} s",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());
  SystemClock clock;
  std::unique_ptr<personalize::ConfigSource> personalization_config;
  if (config.personalization_config.empty()) {
    personalization_config = std::make_unique<personalize::StaticConfigSource>();
  } else {
    auto watcher = personalize::ConfigWatcher::Open({.path = config.personalization_config});
    if (!watcher.ok()) {
      std::cerr << "error: " << watcher.status().message() << "\n";
      return 1;
    }
    personalization_config = std::move(*watcher);
  }
  personalize::PersonalizationService personalization(
      store->get(), personalization_config.get(), &clock,
      {.interval = std::chrono::milliseconds(config.edge_flush_ms)});
  load_start = std::chrono::steady_clock::now();
  if (absl::Status loaded = personalization.LoadAll(); !loaded.ok()) {
    std::cerr << "error: loading preferences: " << loaded.message() << "\n";
    return 1;
  }
  spdlog::info("preferences rebuilt from the event log in {:.2f} s",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());
  // Each shop's purchase models are built on its first purchase request.
  purchase::PurchaseService purchases(store->get());
  purchase::InsightsService insights(store->get(), &purchases);
  const cart::CartService carts({.store = store->get(),
                                 .clock = &clock,
                                 .personalization = &personalization,
                                 .purchases = &purchases,
                                 .search = &search});
  auto supervisor_start = std::chrono::steady_clock::now();
  auto supervisor = agents::Supervisor::Create();
  if (!supervisor.ok()) {
    std::cerr << "error: training the conversation's intent classifier: "
              << supervisor.status().message() << "\n";
    return 1;
  }
  spdlog::info("conversation intent classifier trained in {:.2f} s",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - supervisor_start)
                   .count());
  std::unique_ptr<conversation::LlmFallback> llm;
  const ConversationConfig& talk = config.conversation;
  if (!talk.llm_base_url.empty()) {
    const char* key = talk.llm_api_key_env.empty() ? nullptr : std::getenv(talk.llm_api_key_env.c_str());
    auto created = conversation::LlmFallback::Create({.base_url = talk.llm_base_url,
                                                      .model = talk.llm_model,
                                                      .api_key = key ? key : "",
                                                      .timeout_ms = talk.llm_timeout_ms},
                                                     &clock);
    if (!created.ok()) {
      std::cerr << "error: conversation.llm: " << created.status().message() << "\n";
      return 1;
    }
    llm = std::move(*created);
  }
  std::string voice_secret;
  if (!talk.voice_shop.empty()) {
    const char* secret = std::getenv(talk.voice_secret_env.c_str());
    if (secret == nullptr || *secret == '\0') {
      spdlog::warn("conversation.elevenlabs: {} is not set; the voice webhook answers 503",
                   talk.voice_secret_env);
    } else {
      voice_secret = secret;
    }
  }
  conversation::ConversationService conversations({.store = store->get(),
                                                   .clock = &clock,
                                                   .supervisor = supervisor->get(),
                                                   .search = &search,
                                                   .personalization = &personalization,
                                                   .purchases = &purchases,
                                                   .carts = &carts,
                                                   .llm = llm.get()});
  http::Metrics metrics;
  http::ApiKeyAuthenticator auth(store->get());
  http::Router router(&auth, &metrics);
  http::AppContext app{.store = store->get(),
                       .search = &search,
                       .personalization = &personalization,
                       .purchases = &purchases,
                       .insights = &insights,
                       .carts = &carts,
                       .conversation = &conversations,
                       .voice_shop = talk.voice_shop,
                       .voice_secret = voice_secret,
                       .metrics = &metrics,
                       .clock = &clock,
                       .version = LEAFLOAF_VERSION,
                       .store_backend = "sqlite",
                       .started_at = clock.Now(),
                       .web_root = args.web_root == "none" ? ""
                                   : args.web_root.empty() ? FindWebRoot()
                                                           : args.web_root};
  http::AddAllRoutes(router, app);
  http::HttpServer server(config.server, &router);
  if (absl::Status listening = server.Listen(); !listening.ok()) {
    std::cerr << "error: " << listening.message() << "\n";
    return 1;
  }
  spdlog::info("leafloaf {} serving {} on http://{}:{}", LEAFLOAF_VERSION, args.data,
               config.server.address, server.bound_port());
  // Warm up in the background: each shop's purchase models and insights
  // (about 1 s each for the demo shop) and conversation vocabulary, so
  // first requests are fast.
  std::thread warm_up;
  std::atomic<bool> stopped{false};
  if (args.warm_up) {
    warm_up = std::thread([&] {
      auto shops = (*store)->ListShops();
      if (!shops.ok()) return;
      for (const std::string& shop : *shops) {
        if (stopped.load()) return;
        conversations.WarmUp(shop);
        purchases.Shop(shop);
        if (stopped.load()) return;
        insights.Shop(shop);
      }
    });
  }
  server.Run();
  stopped = true;
  if (warm_up.joinable()) warm_up.join();  // at most the shop being built
  if (absl::Status s = personalization.FlushEdges(); !s.ok()) {
    spdlog::warn("memory-graph edges not written at shutdown: {}", s.ToString());
  }
  (*store)->Close();  // drains acknowledged writes
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void RegisterServe(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API");
  auto args = std::make_shared<ServeArgs>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--port", args->port, "TCP port (default 8080, 0 = any free port)");
  cmd->add_option("--address", args->address, "address to bind (default 127.0.0.1)");
  cmd->add_option("--threads", args->threads, "io threads (default 8)");
  cmd->add_option("--config", args->config, "YAML config file");
  cmd->add_flag("!--no-warm-up", args->warm_up,
                "do not build purchase models and conversation vocabularies in the background "
                "after start (they are then built on each shop's first request)");
  cmd->add_option("--web-root", args->web_root,
                  "the web app's build to serve at / (default: web/dist here or beside the "
                  "binary, if present; none = no web app)");
  cmd->callback([args, action] { *action = [args] { return Serve(*args); }; });
}

}  // namespace leafloaf::cli
