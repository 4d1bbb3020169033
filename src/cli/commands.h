// The `leafloaf` subcommands. Each Register* adds one subcommand to the
// CLI11 app and returns nothing; main() runs whichever was chosen.
#ifndef LEAFLOAF_CLI_COMMANDS_H_
#define LEAFLOAF_CLI_COMMANDS_H_

#include <functional>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "store/store.h"

namespace leafloaf::cli {

// A subcommand's action: returns the process exit code.
using Action = std::function<int()>;

// Adds subcommands; each stores its action in *action when it is selected.
void RegisterServe(CLI::App& app, Action* action);
void RegisterDemo(CLI::App& app, Action* action);
void RegisterImport(CLI::App& app, Action* action);
void RegisterKeys(CLI::App& app, Action* action);
void RegisterSearch(CLI::App& app, Action* action);
void RegisterTrain(CLI::App& app, Action* action);
void RegisterEval(CLI::App& app, Action* action);
// `eval intents`, added under the `eval` subcommand (eval_intents_command.cc).
void RegisterEvalIntents(CLI::App& eval, Action* action);

// Opens the store of a data directory (DIR/leafloaf.db).
absl::StatusOr<std::unique_ptr<Store>> OpenDataDir(const std::string& data_dir,
                                                   bool synchronous_full = true);

}  // namespace leafloaf::cli

#endif  // LEAFLOAF_CLI_COMMANDS_H_
