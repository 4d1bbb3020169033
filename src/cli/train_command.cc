// `leafloaf train embeddings`: learns a shop's product embeddings with
// fastText from its catalog and baskets (vector/fasttext_embedder.h) and
// saves them in the data directory, where `serve` and `search` load them.
//
// `leafloaf train ranker`: learns the personalized ranker's weights from
// the shop's own orders and tracked events (personalize/ranker_training.h)
// and writes the model file that `ranker.model` in the personalization
// YAML names (personalize/ranker_model.h).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "common/time.h"
#include "personalize/index_category_search.h"
#include "personalize/personalization_config.h"
#include "personalize/ranker_model.h"
#include "personalize/ranker_training.h"
#include "vector/fasttext_embedder.h"

namespace leafloaf::cli {
namespace {

void RegisterTrainRanker(CLI::App& train, Action* action) {
  CLI::App* cmd = train.add_subcommand(
      "ranker", "personalized ranker weights from the shop's own history (logistic regression)");
  struct Args {
    std::string data, shop, out, personalization;
    double later_fraction = 0.2;
    int64_t max_users = 0;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--shop", args->shop, "shop id")->required();
  cmd->add_option("--out", args->out,
                  "model file to write (default DATA/models/SHOP/ranker-model.json)");
  cmd->add_option("--personalization", args->personalization,
                  "personalization YAML: signal weights, and the ranker weights used as the "
                  "starting point and prior (default: built-in)");
  cmd->add_option("--later-fraction", args->later_fraction,
                  "last part of the history's time range whose purchases label the queries")
      ->check(CLI::Range(0.05, 0.95))
      ->capture_default_str();
  cmd->add_option("--max-users", args->max_users, "users sampled (deterministically); 0 = all")
      ->capture_default_str();
  cmd->callback([args, action] {
    *action = [args]() -> int {
      personalize::PersonalizationConfig config;
      if (!args->personalization.empty()) {
        auto loaded = personalize::LoadPersonalizationConfig(args->personalization);
        if (!loaded.ok()) {
          std::cerr << "error: " << loaded.status().message() << "\n";
          return 1;
        }
        config = *std::move(loaded);
      }
      auto store = OpenDataDir(args->data);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      auto history = personalize::LoadShopHistory(**store, args->shop);
      (*store)->Close();
      if (!history.ok()) {
        std::cerr << "error: " << history.status().message() << "\n";
        return 1;
      }
      const personalize::FeatureTable features =
          personalize::FeatureTable::Build(history->products, personalize::AttributeExtractor());
      personalize::TrainOptions options{.shop_id = args->shop,
                                        .later_fraction = args->later_fraction,
                                        .max_users = args->max_users,
                                        .signals = config.signals,
                                        .base = config.ranker};
      auto report = personalize::TrainRanker(
          history->events, features, personalize::IndexCategorySearchFactory(history->products),
          options);
      if (!report.ok()) {
        std::cerr << "error: " << report.status().message() << "\n";
        return 1;
      }
      const std::string out =
          !args->out.empty()
              ? args->out
              : (std::filesystem::path(args->data) / "models" / args->shop / "ranker-model.json")
                    .string();
      std::error_code ignored;
      if (std::filesystem::path(out).has_parent_path()) {
        std::filesystem::create_directories(std::filesystem::path(out).parent_path(), ignored);
      }
      nlohmann::json training = report->Json();
      training["shop"] = args->shop;
      {
        std::ofstream file(out);
        file << personalize::RankerModelJson(report->weights, training) << "\n";
        if (!file) {
          std::cerr << "error: cannot write " << out << "\n";
          return 1;
        }
      }
      std::cout << absl::StrFormat(
          "history: %d products, %d order lines, %d tracked events, %s .. %s, split at %s\n"
          "queries: %d of %d users (%d without earlier history), %.0f candidates each\n"
          "fit: %d pairs, %d iterations, loss %.4f -> %.4f\n"
          "NDCG@10 on the training queries: text %.4f, defaults %.4f, trained %.4f\n"
          "weights:",
          history->products.size(), history->order_lines, history->tracked_events,
          FormatIsoTime(report->first), FormatIsoTime(report->last),
          FormatIsoTime(report->cutoff), report->queries.queries, report->queries.users_scored,
          report->queries.users_without_profile, report->queries.mean_candidates,
          report->fit.pairs, report->fit.iterations, report->fit.initial_loss,
          report->fit.final_loss, report->ndcg_text, report->ndcg_base, report->ndcg_trained);
      for (int f = 0; f < personalize::kNumRankFactors; ++f) {
        const auto factor = static_cast<personalize::RankFactor>(f);
        std::cout << absl::StrFormat(" %s %.3f", std::string(personalize::RankFactorName(factor)),
                                     report->weights.*personalize::RankFactorWeight(factor));
      }
      std::cout << "\nwrote " << out << " (name it as ranker.model in the personalization YAML)\n";
      return 0;
    };
  });
}

}  // namespace

void RegisterTrain(CLI::App& app, Action* action) {
  CLI::App* train = app.add_subcommand("train", "Train a shop's models from its own data");
  train->require_subcommand(1);
  RegisterTrainRanker(*train, action);
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
