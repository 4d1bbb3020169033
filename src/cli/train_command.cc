// `leafloaf train embeddings`: learns a shop's product embeddings with
// fastText from its catalog and baskets (vector/fasttext_embedder.h) and
// saves them in the data directory, where `serve` and `search` load them.
#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "vector/fasttext_embedder.h"

namespace leafloaf::cli {

void RegisterTrain(CLI::App& app, Action* action) {
  CLI::App* train = app.add_subcommand("train", "Train a shop's models from its own data");
  train->require_subcommand(1);
  CLI::App* cmd = train->add_subcommand(
      "embeddings", "fastText product embeddings from the catalog and baskets, for hybrid search");
  struct Args {
    std::string data, shop;
    vector::FastTextOptions options;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--shop", args->shop, "shop id")->required();
  cmd->add_option("--dim", args->options.dim, "vector dimensions")->capture_default_str();
  cmd->add_option("--epochs", args->options.epochs, "passes over the corpus")->capture_default_str();
  cmd->add_option("--threads", args->options.threads, "training threads (0 = all cores; 1 is deterministic)")
      ->capture_default_str();
  cmd->add_option("--max-baskets", args->options.max_baskets, "latest orders used as sentences")
      ->capture_default_str();
  cmd->callback([args, action] {
    *action = [args]() -> int {
      auto store = OpenDataDir(args->data);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      const std::string path = vector::FastTextModelPath(args->data, args->shop);
      auto report = vector::TrainFastText(**store, args->shop, path, args->options);
      (*store)->Close();
      if (!report.ok()) {
        std::cerr << "error: " << report.status().message() << "\n";
        return 1;
      }
      std::cout << absl::StrFormat(
          "trained %d-dimension embeddings for shop '%s' in %.1f s: %d products, %d baskets, "
          "%d words and tokens in %d corpus tokens -> %s\n",
          args->options.dim, args->shop, report->seconds, report->corpus.products,
          report->corpus.baskets, report->vocabulary, report->corpus.tokens, path);
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
