#include <iostream>

#include "cli/commands.h"
#include "demo/demo_shop.h"

namespace leafloaf::cli {

void RegisterDemo(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("demo", "Write the deterministic demo grocery shop 'demo'");
  struct Args {
    std::string data;
    uint64_t seed = 42;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--seed", args->seed, "generator seed (default 42)");
  cmd->callback([args, action] {
    *action = [args]() -> int {
      auto store = OpenDataDir(args->data, /*synchronous_full=*/false);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      DemoOptions options;
      options.seed = args->seed;
      auto summary = GenerateDemoShop(**store, options);
      if (!summary.ok()) {
        std::cerr << "error: " << summary.status().message() << "\n";
        return 1;
      }
      auto counts = (*store)->CountRows(options.shop_id);
      (*store)->Close();
      if (counts.ok()) {
        std::cout << "demo shop '" << options.shop_id << "' in " << args->data << ": "
                  << counts->products << " products, " << counts->users << " shoppers, "
                  << counts->households << " households, " << counts->orders << " orders, "
                  << counts->order_lines << " order lines\n";
      }
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
