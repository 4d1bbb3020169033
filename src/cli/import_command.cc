#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "ingest/importer.h"

namespace leafloaf::cli {

void RegisterImport(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("import", "Import a dataset's CSV files into a shop");
  struct Args {
    std::string data, shop, format;
    std::vector<std::string> paths;
    bool no_progress = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--shop", args->shop, "shop id")->required();
  cmd->add_option("--format", args->format,
                  "instacart, completejourney, groceries, superstore, openfoodfacts, products, "
                  "orders, reviews or prices")
      ->required();
  cmd->add_option("paths", args->paths, "files or folders")->required();
  cmd->add_flag("--no-progress", args->no_progress, "never draw the progress bar");
  cmd->callback([args, action] {
    *action = [args]() -> int {
      // Durability per batch is not needed while importing: the import is
      // re-runnable and idempotent, so NORMAL sync is enough and faster.
      auto store = OpenDataDir(args->data, /*synchronous_full=*/false);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      ImportOptions options{.shop_id = args->shop,
                            .format = args->format,
                            .paths = args->paths,
                            .progress = !args->no_progress && isatty(STDERR_FILENO)};
      auto report = RunImport(**store, options);
      (*store)->Close();
      if (!report.ok()) {
        std::cerr << "error: " << report.status().message() << "\n";
        return 1;
      }
      PrintImportReport(*report, std::cout);
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
