#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "common/money.h"
#include "http/search_json.h"
#include "search/search_service.h"

namespace leafloaf::cli {

void RegisterSearch(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("search", "Search a shop's products from the command line");
  struct Args {
    std::string data, shop, query, category, brand, dietary;
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
      search::SearchService service(store->get(), analyzer->get());
      if (absl::Status s = service.LoadShop(args->shop); !s.ok()) {
        std::cerr << "error: " << s.message() << "\n";
        return 1;
      }
      search::SearchRequest request{.query = args->query, .limit = args->limit};
      request.filters.category = args->category;
      if (!args->brand.empty()) request.filters.brands = {args->brand};
      if (!args->dietary.empty()) request.filters.dietary_tags = {args->dietary};
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
        std::cout << absl::StrFormat("%8.3f  %-12s %8s  %s  [%s]\n", h.score, h.product_id,
                                     FormatMoney(h.price_cents), h.name, h.category);
      }
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
