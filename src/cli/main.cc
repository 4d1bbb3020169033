// leafloaf: one binary for every role (DESIGN.md). A thin main over the
// libraries: parse the command line, run the chosen subcommand.
#include <iostream>

#include "absl/synchronization/mutex.h"
#include "cli/commands.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

int main(int argc, char** argv) {
  CLI::App app{"LeafLoaf: grocery personalization, product search and merchant analytics"};
  app.require_subcommand(1);
  leafloaf::cli::Action action;
  leafloaf::cli::RegisterServe(app, &action);
  leafloaf::cli::RegisterDemo(app, &action);
  leafloaf::cli::RegisterImport(app, &action);
  leafloaf::cli::RegisterKeys(app, &action);
  leafloaf::cli::RegisterSearch(app, &action);
  leafloaf::cli::RegisterTrain(app, &action);
  leafloaf::cli::RegisterEval(app, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
#ifdef NDEBUG
  // Debian builds Abseil with its lock-order checking on: every Mutex
  // acquisition then updates one process-wide graph under a global lock
  // (GraphCycles, 0.4% of the server's samples under tracking load), and a
  // suspected cycle aborts. Tests and debug builds keep it; a release
  // server does not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  // Logs go to stderr: stdout carries command output (keys, JSON).
  spdlog::set_default_logger(spdlog::stderr_color_mt("leafloaf"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  return action ? action() : 2;
}
