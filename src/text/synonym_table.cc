#include "text/synonym_table.h"

#include <algorithm>

#include "common/strings.h"

namespace leafloaf::text {

void SynonymTable::Add(const std::string& key, const std::string& alternative) {
  if (key.empty() || alternative.empty() || key == alternative) return;
  std::vector<std::string>& list = alternatives_[key];
  if (std::find(list.begin(), list.end(), alternative) == list.end()) {
    list.push_back(alternative);
  }
  size_t words = 1 + static_cast<size_t>(std::count(key.begin(), key.end(), ' '));
  max_key_words_ = std::max(max_key_words_, words);
}

std::span<const std::string> SynonymTable::Find(std::string_view key) const {
  auto it = alternatives_.find(AsAbsl(key));
  if (it == alternatives_.end()) return {};
  return it->second;
}

}  // namespace leafloaf::text
