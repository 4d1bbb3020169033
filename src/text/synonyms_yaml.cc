// Synonyms::Parse and Synonyms::Load: the YAML side of synonyms.h. yaml-cpp
// throws; every call into it stays inside this file's try blocks.
#include <yaml-cpp/yaml.h>

#include <exception>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "text/synonyms.h"

namespace leafloaf::text {
namespace {

std::string Where(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return "synonyms: ";
  return absl::StrCat("synonyms line ", mark.line + 1, ": ");
}

absl::Status AtNode(const YAML::Node& node, const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat(Where(node.Mark()), status.message()));
}

// A phrase list is a sequence of scalars, or one scalar.
absl::StatusOr<std::vector<std::string>> Phrases(const YAML::Node& node) {
  std::vector<std::string> phrases;
  if (node.IsScalar()) {
    phrases.push_back(node.Scalar());
    return phrases;
  }
  if (!node.IsSequence()) {
    return AtNode(node, absl::InvalidArgumentError("expected a phrase or a list of phrases"));
  }
  if (node.size() > Synonyms::kMaxRulePhrases) {
    return AtNode(node,
                  absl::InvalidArgumentError(absl::StrCat("a synonym rule has more than ",
                                                          Synonyms::kMaxRulePhrases, " phrases")));
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return AtNode(item, absl::InvalidArgumentError("a synonym phrase must be plain text"));
    }
    phrases.push_back(item.Scalar());
  }
  return phrases;
}

absl::Status AddRule(const YAML::Node& rule, Synonyms& synonyms) {
  if (rule.IsSequence()) {
    auto phrases = Phrases(rule);
    if (!phrases.ok()) return phrases.status();
    absl::Status status = synonyms.AddGroup(*std::move(phrases));
    return status.ok() ? status : AtNode(rule, status);
  }
  if (rule.IsMap()) {
    YAML::Node from;
    YAML::Node to;
    bool has_from = false;
    bool has_to = false;
    for (const auto& entry : rule) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      if (key == "from") {
        from = entry.second;
        has_from = true;
      } else if (key == "to") {
        to = entry.second;
        has_to = true;
      } else {
        return AtNode(entry.first,
                      absl::InvalidArgumentError("a one-way rule has only `from` and `to`"));
      }
    }
    if (!has_from || !has_to) {
      return AtNode(rule, absl::InvalidArgumentError("a one-way rule needs `from` and `to`"));
    }
    auto from_phrases = Phrases(from);
    if (!from_phrases.ok()) return from_phrases.status();
    auto to_phrases = Phrases(to);
    if (!to_phrases.ok()) return to_phrases.status();
    absl::Status status = synonyms.AddOneWay(*std::move(from_phrases), *std::move(to_phrases));
    return status.ok() ? status : AtNode(rule, status);
  }
  return AtNode(rule, absl::InvalidArgumentError(
                          "a synonym rule is a list of phrases or {from: [...], to: [...]}"));
}

absl::StatusOr<Synonyms> FromRoot(const YAML::Node& root) {
  Synonyms synonyms;
  if (root.IsNull() || !root.IsDefined()) return synonyms;  // empty file
  if (!root.IsMap()) {
    return AtNode(root, absl::InvalidArgumentError("expected a map with a `synonyms` list"));
  }
  for (const auto& entry : root) {
    if (!entry.first.IsScalar() || entry.first.Scalar() != "synonyms") {
      return AtNode(entry.first, absl::InvalidArgumentError("unknown key; expected `synonyms`"));
    }
    const YAML::Node& rules = entry.second;
    if (rules.IsNull()) continue;
    if (!rules.IsSequence()) {
      return AtNode(rules, absl::InvalidArgumentError("`synonyms` must be a list of rules"));
    }
    for (const YAML::Node& rule : rules) {
      if (absl::Status status = AddRule(rule, synonyms); !status.ok()) return status;
    }
  }
  return synonyms;
}

}  // namespace

absl::StatusOr<Synonyms> Synonyms::Parse(std::string_view yaml) {
  if (yaml.size() > kMaxFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("synonyms: the file is larger than ", kMaxFileBytes, " bytes"));
  }
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    return FromRoot(root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(Where(e.mark), e.msg));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("synonyms: ", e.what()));
  }
}

absl::StatusOr<Synonyms> Synonyms::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open synonym file ", path));
  // Read at most one byte past the limit, so that a huge file (or a device)
  // is refused without reading it all.
  std::string text;
  char chunk[64 * 1024];
  while (text.size() <= kMaxFileBytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read synonym file ", path));
  absl::StatusOr<Synonyms> synonyms = Parse(text);
  if (!synonyms.ok()) {
    return absl::Status(synonyms.status().code(),
                        absl::StrCat(path, ": ", synonyms.status().message()));
  }
  return synonyms;
}

}  // namespace leafloaf::text
