// leafloaf: one binary for every role (DESIGN.md). A thin main over the
// libraries: parse the command line, run the chosen subcommand.
#include <iostream>

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
  // Logs go to stderr: stdout carries command output (keys, JSON).
  spdlog::set_default_logger(spdlog::stderr_color_mt("leafloaf"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  return action ? action() : 2;
}
