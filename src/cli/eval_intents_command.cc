// `leafloaf eval intents`: scores the supervisor's language understanding
// (agents/intent_eval.h) on a labelled utterance set: the held-out set by
// default, the training set, or a file in the same format. The classifier
// is always trained on the embedded training set only; `--cv K` instead
// cross-validates on the chosen set. See docs/CONVERSATION_NLU.md.
#include <fstream>
#include <iostream>
#include <sstream>

#include "agents/demo_lexicon.h"
#include "agents/intent_eval.h"
#include "agents/supervisor.h"
#include "cli/commands.h"

namespace leafloaf::cli {

void RegisterEvalIntents(CLI::App& eval, Action* action) {
  CLI::App* cmd = eval.add_subcommand(
      "intents", "conversational NLU: intent accuracy and entity F1 on a labelled set");
  struct Args {
    std::string set = "heldout";
    int cv = 0;
    int misses = 0;
    bool no_rules = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--set", args->set, "train, heldout or a .tsv file")->capture_default_str();
  cmd->add_option("--cv", args->cv, "K-fold cross-validation on the set instead (K >= 2)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--misses", args->misses, "list this many misclassified utterances")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-rules", args->no_rules, "the fastText classifier alone (ablation)");
  cmd->callback([args, action] {
    *action = [args]() -> int {
      std::string tsv;
      if (args->set == "train") {
        tsv = std::string(agents::EmbeddedTrainingSet());
      } else if (args->set == "heldout") {
        tsv = std::string(agents::EmbeddedHeldoutSet());
      } else {
        std::ifstream in(args->set);
        if (!in) {
          std::cerr << "error: cannot read " << args->set << "\n";
          return 1;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        tsv = buffer.str();
      }
      auto set = agents::ParseUtteranceSet(tsv);
      if (!set.ok()) {
        std::cerr << "error: " << args->set << ": " << set.status().message() << "\n";
        return 1;
      }
      const agents::Lexicon lexicon = agents::DemoShopLexicon();
      agents::SupervisorOptions options;
      options.use_rules = !args->no_rules;
      agents::IntentEvalReport report;
      if (args->cv >= 2) {
        auto cv = agents::CrossValidateIntents(*set, args->cv, options, lexicon);
        if (!cv.ok()) {
          std::cerr << "error: " << cv.status().message() << "\n";
          return 1;
        }
        report = *std::move(cv);
        std::cout << args->cv << "-fold cross-validation on " << args->set << "\n";
      } else {
        auto supervisor = agents::Supervisor::Create(options);
        if (!supervisor.ok()) {
          std::cerr << "error: " << supervisor.status().message() << "\n";
          return 1;
        }
        std::cout << "trained on the embedded training set in "
                  << static_cast<int>((*supervisor)->training_seconds() * 1000) << " ms; set "
                  << args->set << "\n";
        report = agents::EvaluateIntents(**supervisor, *set, lexicon);
      }
      std::cout << agents::FormatIntentEvalReport(report, args->misses);
      return 0;
    };
  });
}

}  // namespace leafloaf::cli
