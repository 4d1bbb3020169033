#include "text/synonyms.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "text/folding.h"
#include "text/tokenizer.h"

namespace leafloaf::text {
namespace {

absl::Status ValidatePhrases(const std::vector<std::string>& phrases) {
  if (phrases.size() > Synonyms::kMaxRulePhrases) {
    return absl::InvalidArgumentError(
        absl::StrCat("a synonym rule has more than ", Synonyms::kMaxRulePhrases, " phrases"));
  }
  for (const std::string& phrase : phrases) {
    if (absl::Status status = ValidateSynonymPhrase(phrase); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateSynonymPhrase(std::string_view phrase) {
  if (phrase.size() > Synonyms::kMaxPhraseBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("synonym phrase is longer than ", Synonyms::kMaxPhraseBytes, " bytes"));
  }
  if (!IsValidUtf8(phrase)) {
    return absl::InvalidArgumentError("synonym phrase is not valid UTF-8");
  }
  size_t words = 0;
  Tokenize(phrase, [&words](const RawToken&) { ++words; });
  if (words == 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("synonym phrase \"%s\" has no words", phrase));
  }
  if (words > Synonyms::kMaxPhraseWords) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "synonym phrase \"%s\" has more than %d words", phrase, Synonyms::kMaxPhraseWords));
  }
  return absl::OkStatus();
}

absl::Status Synonyms::AddGroup(std::vector<std::string> phrases) {
  if (phrases.size() < 2) {
    return absl::InvalidArgumentError("a synonym group needs at least two phrases");
  }
  if (absl::Status status = ValidatePhrases(phrases); !status.ok()) return status;
  if (rules_.size() >= kMaxRules) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxRules, " synonym rules"));
  }
  rules_.push_back(Rule{.from = std::move(phrases), .to = {}, .two_way = true});
  return absl::OkStatus();
}

absl::Status Synonyms::AddOneWay(std::vector<std::string> from, std::vector<std::string> to) {
  if (from.empty() || to.empty()) {
    return absl::InvalidArgumentError("a one-way synonym rule needs phrases in `from` and `to`");
  }
  if (absl::Status status = ValidatePhrases(from); !status.ok()) return status;
  if (absl::Status status = ValidatePhrases(to); !status.ok()) return status;
  if (rules_.size() >= kMaxRules) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxRules, " synonym rules"));
  }
  rules_.push_back(Rule{.from = std::move(from), .to = std::move(to), .two_way = false});
  return absl::OkStatus();
}

absl::Status Synonyms::Merge(const Synonyms& other) {
  if (rules_.size() + other.rules_.size() > kMaxRules) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxRules, " synonym rules"));
  }
  rules_.insert(rules_.end(), other.rules_.begin(), other.rules_.end());
  return absl::OkStatus();
}

}  // namespace leafloaf::text
