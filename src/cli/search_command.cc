#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "common/money.h"
#include "http/search_json.h"
#include "search/hybrid.h"
#include "search/search_service.h"
#include "vector/fasttext_embedder.h"
#include "vector/vector_index.h"

namespace leafloaf::cli {

void RegisterSearch(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("search", "Search a shop's products from the command line");
  struct Args {
    std::string data, shop, query, category, brand, dietary;
    std::string hybrid;
    std::string vector_index = "ivf-pq";
    float vector_weight = -1;
    int limit = 10;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--shop", args->shop, "shop id")->required();
  cmd->add_option("query", args->query, "query text");
  cmd->add_option("--limit", args->limit, "results (1..100, default 10)");
  cmd->add_option("--category", args->category, "category path or prefix");
  cmd->add_option("--brand", args->brand, "brand");
  cmd->add_option("--dietary", args->dietary, "comma-separated dietary tags");
  cmd->add_flag("--json", args->json, "print the API's JSON response");
  cmd->add_option("--hybrid", args->hybrid, "fusion with vectors: relative, rrf or off (default relative "
                                            "when the shop has trained embeddings)");
  cmd->add_option("--vector-weight", args->vector_weight, "the vector ranking's share, 0..1");
  cmd->add_option("--vector-index", args->vector_index, "ivf-pq (default) or hnsw (hnswlib)");
  cmd->callback([args, action] {
    *action = [args]() -> int {
      auto store = OpenDataDir(args->data);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      auto analyzer = text::Analyzer::Create({});
      if (!analyzer.ok()) {
        std::cerr << "error: " << analyzer.status().message() << "\n";
        return 1;
      }
      search::IndexOptions index_options;
      auto structure = vector::ParseVectorStructure(args->vector_index);
      if (!structure.ok()) {
        std::cerr << "error: " << structure.status().message() << "\n";
        return 1;
      }
      index_options.vectors.structure = *structure;
      search::SearchService service(store->get(), analyzer->get(), index_options);
      auto embedder = vector::FastTextEmbedder::Load(vector::FastTextModelPath(args->data, args->shop));
      if (embedder.ok()) service.SetEmbedder(args->shop, std::move(*embedder));
      if (absl::Status s = service.LoadShop(args->shop); !s.ok()) {
        std::cerr << "error: " << s.message() << "\n";
        return 1;
      }
      search::SearchRequest request{.query = args->query, .limit = args->limit};
      request.filters.category = args->category;
      if (!args->brand.empty()) request.filters.brands = {args->brand};
      if (!args->dietary.empty()) request.filters.dietary_tags = {args->dietary};
      request.hybrid = service.hybrid_options();
      if (!args->hybrid.empty()) {
        auto mode = search::ParseHybridMode(args->hybrid);
        if (!mode.ok()) {
          std::cerr << "error: " << mode.status().message() << "\n";
          return 1;
        }
        request.hybrid.mode = *mode;
      }
      if (args->vector_weight >= 0) request.hybrid.weight = args->vector_weight;
      auto response = service.Search(args->shop, request);
      (*store)->Close();
      if (!response.ok()) {
        std::cerr << "error: " << response.status().message() << "\n";
        return 1;
      }
      if (args->json) {
        std::cout << http::SearchResponseJson(request, *response, false).dump(2) << "\n";
        return 0;
      }
      std::cout << absl::StrFormat("%d results in %.3f ms\n", response->total, response->took_ms);
      for (const auto& h : response->hits) {
        std::cout << absl::StrFormat("%8.3f  %-12s %8s  %s  [%s]", h.score, h.product_id,
                                     FormatMoney(h.price_cents), h.name, h.category);
        if (h.vector_similarity) std::cout << absl::StrFormat("  cos %.2f", *h.vector_similarity);
        std::cout << "\n";
      }
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
