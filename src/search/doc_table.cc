#include "search/doc_table.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "catalog/dietary.h"
#include "common/strings.h"

namespace leafloaf::search {

DocTable::DocTable() : by_external_id_(0, IdHash{this}, IdEq{this}) {
  brands_.emplace_back();      // id 0: no brand
  categories_.emplace_back();  // id 0: no category
  name_term_start_.push_back(0);
}

DocTable::TextRef DocTable::AddText(std::string_view s) {
  TextRef r{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size())};
  text_.append(s);
  return r;
}

uint32_t DocTable::Intern(std::vector<std::string>& names,
                          absl::flat_hash_map<std::string, uint32_t>& ids,
                          const std::string& value) {
  if (value.empty()) return 0;
  auto [it, inserted] = ids.emplace(value, static_cast<uint32_t>(names.size()));
  if (inserted) names.push_back(value);
  return it->second;
}

uint32_t DocTable::Add(const Product& p, float popularity,
                       const std::array<uint16_t, kNumFields>& lengths,
                       std::vector<TermId> name_terms) {
  Remove(p.external_id);
  uint32_t doc = size();
  DocInfo info;
  info.price_cents = static_cast<int32_t>(std::clamp<int64_t>(p.price_cents, -2'000'000'000, 2'000'000'000));
  info.brand = Intern(brands_, brand_ids_, p.brand);
  info.category = Intern(categories_, category_ids_, p.category);
  for (const std::string& tag : p.dietary_tags) info.tags |= TagMask({tag}).value_or(0);
  info.in_stock = p.in_stock();
  docs_.push_back(info);
  stats_.push_back({.length = lengths, .popularity = popularity});
  if ((doc & 63) == 0) live_bits_.push_back(0);
  live_bits_[doc >> 6] |= uint64_t{1} << (doc & 63);
  ids_.push_back(AddText(p.external_id));
  names_.push_back(AddText(p.name));
  name_terms_.insert(name_terms_.end(), name_terms.begin(), name_terms.end());
  name_term_start_.push_back(static_cast<uint32_t>(name_terms_.size()));
  by_external_id_.insert(doc);
  for (int f = 0; f < kNumFields; ++f) length_sum_[f] += lengths[f];
  ++live_;
  return doc;
}

bool DocTable::SetInStock(std::string_view external_id, bool in_stock) {
  auto it = by_external_id_.find(external_id);
  if (it == by_external_id_.end()) return false;
  docs_[*it].in_stock = in_stock;
  return true;
}

bool DocTable::Remove(std::string_view external_id) {
  auto it = by_external_id_.find(external_id);
  if (it == by_external_id_.end()) return false;
  const uint32_t doc = *it;
  live_bits_[doc >> 6] &= ~(uint64_t{1} << (doc & 63));
  for (int f = 0; f < kNumFields; ++f) length_sum_[f] -= stats_[doc].length[f];
  --live_;
  by_external_id_.erase(it);
  return true;
}

std::optional<uint32_t> DocTable::Find(std::string_view external_id) const {
  auto it = by_external_id_.find(external_id);
  if (it == by_external_id_.end()) return std::nullopt;
  return *it;
}

double DocTable::avg_length(int field) const {
  return live_ == 0 ? 1.0 : std::max(1.0, length_sum_[field] / live_);
}

std::vector<bool> DocTable::MatchBrands(const std::vector<std::string>& brands) const {
  std::vector<bool> match(brands_.size(), false);
  for (size_t id = 1; id < brands_.size(); ++id) {
    for (const std::string& b : brands) {
      if (absl::EqualsIgnoreCase(brands_[id], b)) match[id] = true;
    }
  }
  return match;
}

std::vector<bool> DocTable::MatchCategories(std::string_view category) const {
  std::vector<bool> match(categories_.size(), false);
  std::string prefix = std::string(category) + kCategorySeparator;
  for (size_t id = 1; id < categories_.size(); ++id) {
    const std::string& c = categories_[id];
    match[id] = absl::EqualsIgnoreCase(c, AsAbsl(category)) || absl::StartsWithIgnoreCase(c, prefix);
  }
  return match;
}

std::optional<uint32_t> DocTable::TagMask(const std::vector<std::string>& tags) {
  auto known = KnownDietaryTags();
  uint32_t mask = 0;
  for (const std::string& tag : tags) {
    auto canonical = CanonicalDietaryTag(tag);
    if (!canonical) return std::nullopt;
    bool found = false;
    for (size_t i = 0; i < known.size() && i < 32; ++i) {
      if (known[i] == *canonical) {
        mask |= 1u << i;
        found = true;
      }
    }
    if (!found) return std::nullopt;
  }
  return mask;
}

void DocTable::ShrinkToFit() {
  docs_.shrink_to_fit();
  stats_.shrink_to_fit();
  live_bits_.shrink_to_fit();
  text_.shrink_to_fit();
  ids_.shrink_to_fit();
  names_.shrink_to_fit();
  name_terms_.shrink_to_fit();
  name_term_start_.shrink_to_fit();
}

size_t DocTable::MemoryBytes() const {
  size_t bytes = docs_.capacity() * sizeof(DocInfo) + stats_.capacity() * sizeof(DocStats) +
                 live_bits_.capacity() * sizeof(uint64_t);
  auto strings = [](const std::vector<std::string>& v) {
    size_t b = v.capacity() * sizeof(std::string);
    for (const auto& s : v) b += s.size() > 15 ? s.capacity() + 1 : 0;
    return b;
  };
  bytes += text_.capacity() + (ids_.capacity() + names_.capacity()) * sizeof(TextRef);
  bytes += strings(brands_) + strings(categories_);
  bytes += name_terms_.capacity() * sizeof(TermId) + name_term_start_.capacity() * sizeof(uint32_t);
  bytes += by_external_id_.capacity() * (sizeof(uint32_t) + 1);
  bytes += brand_ids_.capacity() * (sizeof(std::string) + sizeof(uint32_t) + 1);
  bytes += category_ids_.capacity() * (sizeof(std::string) + sizeof(uint32_t) + 1);
  return bytes;
}

}  // namespace leafloaf::search
