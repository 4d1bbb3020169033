// `leafloaf eval next-basket`: offline evaluation of next-basket prediction
// on a shop's own orders (purchase/next_basket_eval.h): each user's last
// basket is hidden and predicted from the earlier ones by LeafLoaf's model,
// TIFU-KNN, P-TopFreq and G-TopFreq; prints Recall@k, NDCG@k, F1@k and the
// time per user prediction of each. See docs/PURCHASE.md.
#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "purchase/next_basket_eval.h"
#include "purchase/purchase_history.h"

namespace leafloaf::cli {

void RegisterEval(CLI::App& app, Action* action) {
  CLI::App* eval = app.add_subcommand("eval", "Evaluate a shop's models offline on its own data");
  eval->require_subcommand(1);
  RegisterEvalIntents(*eval, action);
  CLI::App* cmd = eval->add_subcommand(
      "next-basket", "next-basket prediction: last basket of each user hidden, models side by side");
  struct Args {
    std::string data, shop;
    int k = 10;
    int64_t max_users = 0;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--data", args->data, "data directory")->required();
  cmd->add_option("--shop", args->shop, "shop id")->required();
  cmd->add_option("--k", args->k, "products predicted per user")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--max-users", args->max_users,
                  "users evaluated (deterministic sample by hash of id); 0 = all")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->callback([args, action] {
    *action = [args]() -> int {
      auto store = OpenDataDir(args->data);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      auto history = purchase::PurchaseHistory::Load(**store, args->shop);
      (*store)->Close();
      if (!history.ok()) {
        std::cerr << "error: " << history.status().message() << "\n";
        return 1;
      }
      if (history->num_users() == 0) {
        std::cerr << "error: shop '" << args->shop << "' has no orders\n";
        return 1;
      }
      const purchase::NextBasketReport report = purchase::RunNextBasketEvaluation(
          *history, {.k = args->k, .max_users = args->max_users});
      std::cout << purchase::FormatNextBasketReport(report);
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
