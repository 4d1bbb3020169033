#include "agents/utterance_set.h"

#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"

namespace leafloaf::agents {
namespace {

absl::Status ParseEntities(std::string_view json_text, Entities* out) {
  if (json_text.empty()) return absl::OkStatus();
  const nlohmann::json json = nlohmann::json::parse(json_text);  // throws; caught by the caller
  if (!json.is_object()) return absl::InvalidArgumentError("entities must be a JSON object");
  if (json.contains("items")) {
    for (const nlohmann::json& item : json.at("items")) {
      ItemMention mention;
      mention.text = item.at("text").get<std::string>();
      if (item.contains("qty")) mention.quantity = item.at("qty").get<double>();
      if (item.contains("unit")) mention.unit = item.at("unit").get<std::string>();
      out->items.push_back(std::move(mention));
    }
  }
  if (json.contains("ref")) {
    const std::string ref = json.at("ref").get<std::string>();
    if (ref == "last_mentioned") {
      out->reference = {Reference::Kind::kLastMentioned, 0};
    } else if (ref == "ordinal:last") {
      out->reference = {Reference::Kind::kOrdinal, -1};
    } else if (ref.starts_with("ordinal:")) {
      out->reference = {Reference::Kind::kOrdinal, std::stoi(ref.substr(8))};
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown ref '", ref, "'"));
    }
  }
  if (json.contains("qty")) out->quantity = json.at("qty").get<double>();
  if (json.contains("brands")) out->brands = json.at("brands").get<std::vector<std::string>>();
  if (json.contains("dietary")) {
    out->dietary = json.at("dietary").get<std::vector<std::string>>();
  }
  if (json.contains("budget")) out->budget_cents = json.at("budget").get<int64_t>();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<LabelledUtterance>> ParseUtteranceSet(std::string_view tsv) {
  std::vector<LabelledUtterance> set;
  int line_no = 0;
  while (!tsv.empty()) {
    size_t eol = tsv.find('\n');
    std::string_view line = tsv.substr(0, eol);
    tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto error = [&](std::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_no, ": ", AsAbsl(what)));
    };
    const size_t tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) return error("expected intent<TAB>utterance");
    const size_t tab2 = line.find('\t', tab1 + 1);
    LabelledUtterance row;
    row.line = line_no;
    const std::optional<Intent> intent = ParseIntent(line.substr(0, tab1));
    if (!intent) return error(absl::StrCat("unknown intent '", AsAbsl(line.substr(0, tab1)), "'"));
    row.intent = *intent;
    row.text = std::string(line.substr(tab1 + 1, tab2 == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : tab2 - tab1 - 1));
    if (row.text.empty()) return error("empty utterance");
    if (tab2 != std::string_view::npos) {
      try {
        absl::Status status = ParseEntities(line.substr(tab2 + 1), &row.entities);
        if (!status.ok()) return error(AsStd(status.message()));
      } catch (const std::exception& e) {
        return error(absl::StrCat("bad entities: ", e.what()));
      }
    }
    set.push_back(std::move(row));
  }
  return set;
}

}  // namespace leafloaf::agents
