#include <iostream>

#include "cli/commands.h"
#include "http/api_keys.h"
#include "store/sqlite/sqlite_store.h"

namespace leafloaf::cli {

absl::StatusOr<std::unique_ptr<Store>> OpenDataDir(const std::string& data_dir,
                                                   bool synchronous_full) {
  auto path = DatabasePathForDataDir(data_dir);
  if (!path.ok()) return path.status();
  return OpenSqliteStore({.path = *path, .synchronous_full = synchronous_full});
}

void RegisterKeys(CLI::App& app, Action* action) {
  CLI::App* keys = app.add_subcommand("keys", "Manage API keys");
  keys->require_subcommand(1);
  CLI::App* create = keys->add_subcommand("create", "Create an API key and print it once");
  struct Args {
    std::string data, shop, role, user;
  };
  auto args = std::make_shared<Args>();
  create->add_option("--data", args->data, "data directory")->required();
  create->add_option("--shop", args->shop, "shop id")->required();
  create->add_option("--role", args->role, "admin, merchant or shopper")
      ->required()
      ->check(CLI::IsMember({"admin", "merchant", "shopper"}));
  create->add_option("--user", args->user, "the shopper's user id (shopper keys)");
  create->callback([args, action] {
    *action = [args]() -> int {
      auto role = ParseRole(args->role);
      auto store = OpenDataDir(args->data);
      if (!store.ok()) {
        std::cerr << "error: " << store.status().message() << "\n";
        return 1;
      }
      auto key = http::CreateApiKey(**store, args->shop, *role, args->user);
      (*store)->Close();
      if (!key.ok()) {
        std::cerr << "error: " << key.status().message() << "\n";
        return 1;
      }
      std::cerr << "created a " << args->role << " key for shop " << args->shop
                << (args->user.empty() ? "" : " user " + args->user)
                << "; it is shown only now:\n";
      std::cout << *key << std::endl;
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
