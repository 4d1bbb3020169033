// `leafloaf eval intents`: scores the supervisor's language understanding
// (agents/intent_eval.h) on a labelled utterance set: the held-out set by
// default, the training set, or a file in the same format. The classifier
// is always trained on the embedded training set only; `--cv K` instead
// cross-validates on the chosen set. See docs/CONVERSATION_NLU.md.
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "agents/demo_lexicon.h"
#include "agents/intent_eval.h"
#include "agents/supervisor.h"
#include "cli/commands.h"
#include "nlohmann/json.hpp"
#include "vector/http_client.h"

namespace leafloaf::cli {
namespace {

// What a /graph/invoke reply says it understood (http/graph_routes.cc's
// `intent`, `confidence`, `needs_clarification` and `entities`).
agents::Understanding UnderstandingFromReply(const nlohmann::json& reply) {
  agents::Understanding u;
  if (!reply.is_object()) return u;
  if (auto intent = agents::ParseIntent(reply.value("intent", ""))) u.intent = *intent;
  u.confidence = reply.value("confidence", 0.0);
  u.needs_clarification = reply.value("needs_clarification", false);
  const nlohmann::json entities = reply.value("entities", nlohmann::json::object());
  for (const nlohmann::json& item : entities.value("items", nlohmann::json::array())) {
    agents::ItemMention m;
    m.text = item.value("text", "");
    if (item.contains("quantity") && item["quantity"].is_number()) m.quantity = item["quantity"];
    if (item.contains("unit") && item["unit"].is_string()) m.unit = item["unit"];
    u.items.push_back(std::move(m));
  }
  const nlohmann::json ref = entities.value("reference", nlohmann::json());
  if (ref.is_object()) {
    if (ref.value("kind", "") == "ordinal") {
      u.reference = {agents::Reference::Kind::kOrdinal, ref.value("index", 0)};
    } else if (ref.value("kind", "") == "last_mentioned") {
      u.reference = {agents::Reference::Kind::kLastMentioned, 0};
    }
  }
  if (entities.contains("quantity") && entities["quantity"].is_number()) u.quantity = entities["quantity"];
  u.brands = entities.value("brands", std::vector<std::string>{});
  u.dietary = entities.value("dietary", std::vector<std::string>{});
  if (entities.contains("budget") && entities["budget"].is_number()) {
    u.budget_cents = std::llround(entities["budget"].get<double>() * 100);
  }
  return u;
}

}  // namespace

void RegisterEvalIntents(CLI::App& eval, Action* action) {
  CLI::App* cmd = eval.add_subcommand(
      "intents", "conversational NLU: intent accuracy and entity F1 on a labelled set");
  struct Args {
    std::string set = "heldout";
    int cv = 0;
    int misses = 0;
    bool no_rules = false;
    std::string server;  // score a running server's /graph/invoke instead
    std::string key;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--set", args->set, "train, heldout or a .tsv file")->capture_default_str();
  cmd->add_option("--cv", args->cv, "K-fold cross-validation on the set instead (K >= 2)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--misses", args->misses, "list this many misclassified utterances")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-rules", args->no_rules, "the fastText classifier alone (ablation)");
  cmd->add_option("--server", args->server,
                  "score POST /graph/invoke of this server (http://host:port) instead; each "
                  "utterance is a new session of its own user (eval-LINE), so run it against a "
                  "scratch copy of the shop");
  cmd->add_option("--key", args->key, "API key for --server (a staff key of the shop)");
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
      if (!args->server.empty()) {
        auto client = vector::HttpClient::Create();
        if (!client.ok()) {
          std::cerr << "error: " << client.status().message() << "\n";
          return 1;
        }
        int failures = 0;
        report = agents::EvaluateUnderstandings(*set, [&](const agents::LabelledUtterance& row) {
          vector::HttpRequest request;
          request.method = "POST";
          request.url = args->server + "/graph/invoke";
          request.headers = {{"Content-Type", "application/json"}, {"X-API-Key", args->key}};
          request.body = nlohmann::json{{"user_id", absl::StrCat("eval-", row.line)},
                                        {"query", row.text}}
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          auto response = (*client)->Send(request);
          if (!response.ok() || response->status != 200) {
            if (++failures <= 3) {
              std::cerr << "line " << row.line << ": "
                        << (response.ok() ? absl::StrCat("HTTP ", response->status, " ", response->body)
                                          : std::string(response.status().message()))
                        << "\n";
            }
            return agents::Understanding{};
          }
          return UnderstandingFromReply(
              nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false));
        });
        std::cout << "scored through " << args->server << "/graph/invoke; set " << args->set
                  << (failures > 0 ? absl::StrCat("; ", failures, " requests failed") : "") << "\n";
      } else if (args->cv >= 2) {
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
