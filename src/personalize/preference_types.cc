#include "personalize/preference_types.h"

#include <algorithm>
#include <cmath>

#include "common/strings.h"

namespace leafloaf::personalize {

std::string_view FeatureKindName(FeatureKind kind) {
  switch (kind) {
    case FeatureKind::kCategory:
      return "category";
    case FeatureKind::kDepartment:
      return "department";
    case FeatureKind::kBrand:
      return "brand";
    case FeatureKind::kAttribute:
      return "attribute";
  }
  return "?";
}

std::string_view EdgeDestinationKind(FeatureKind kind) {
  return kind == FeatureKind::kDepartment ? "category" : FeatureKindName(kind);
}

std::string_view RelationName(Relation relation) {
  switch (relation) {
    case Relation::kPurchased:
      return "purchased";
    case Relation::kClicked:
      return "clicked";
    case Relation::kPrefers:
      return "prefers";
    case Relation::kAvoids:
      return "avoids";
  }
  return "?";
}

Cents PriceBand::typical_price_cents() const {
  return static_cast<Cents>(std::llround(std::exp(mean_log_price)));
}

double UserProfile::Affinity(FeatureKind kind, std::string_view key) const {
  const auto& map = affinity[static_cast<int>(kind)];
  auto it = map.find(AsAbsl(key));
  return it == map.end() ? 0 : it->second;
}

const ProductHistory* UserProfile::History(std::string_view product_id) const {
  auto it = products.find(AsAbsl(product_id));
  return it == products.end() ? nullptr : &it->second;
}

PreferenceSnapshot SnapshotOf(const UserProfile& profile, int top_n,
                              std::vector<MemoryEdge> open_edges) {
  PreferenceSnapshot s;
  s.shop_id = profile.shop_id;
  s.user_id = profile.user_id;
  s.as_of = profile.as_of;
  s.events_applied = profile.events_applied;
  const size_t n = static_cast<size_t>(std::max(top_n, 0));
  for (int kind = 0; kind < kNumFeatureKinds; ++kind) {
    std::vector<AffinityEntry> all;
    for (const auto& [key, value] : profile.affinity[kind]) all.push_back({key, value});
    // Ties by key, so the snapshot is deterministic.
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.value != b.value ? a.value > b.value : a.key < b.key;
    });
    for (const AffinityEntry& e : all) {
      if (e.value > 0 && s.likes[kind].size() < n) s.likes[kind].push_back(e);
    }
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      if (it->value < 0 && s.dislikes[kind].size() < n) s.dislikes[kind].push_back(*it);
    }
  }
  for (const auto& [category, band] : profile.price_bands)
    s.price_bands.push_back({category, band});
  std::sort(s.price_bands.begin(), s.price_bands.end(), [](const auto& a, const auto& b) {
    return a.band.weight != b.band.weight ? a.band.weight > b.band.weight : a.category < b.category;
  });
  if (s.price_bands.size() > n) s.price_bands.resize(n);
  s.price_position = profile.price_position;
  s.price_sensitivity = profile.price_sensitivity;
  for (const auto& [id, history] : profile.products) s.products.push_back({id, history});
  std::sort(s.products.begin(), s.products.end(), [](const auto& a, const auto& b) {
    if (a.history.purchases != b.history.purchases)
      return a.history.purchases > b.history.purchases;
    if (a.history.clicks != b.history.clicks) return a.history.clicks > b.history.clicks;
    return a.product_id < b.product_id;
  });
  s.open_edges = std::move(open_edges);
  return s;
}

nlohmann::json SnapshotJson(const PreferenceSnapshot& s) {
  nlohmann::json json;
  json["user_id"] = s.user_id;
  json["as_of"] = FormatIsoTime(s.as_of);
  json["events_applied"] = s.events_applied;
  nlohmann::json& affinities = json["affinities"];
  affinities = nlohmann::json::object();
  for (int kind = 0; kind < kNumFeatureKinds; ++kind) {
    nlohmann::json entry = {{"likes", nlohmann::json::array()},
                            {"dislikes", nlohmann::json::array()}};
    for (const auto& e : s.likes[kind])
      entry["likes"].push_back({{"key", e.key}, {"value", e.value}});
    for (const auto& e : s.dislikes[kind]) {
      entry["dislikes"].push_back({{"key", e.key}, {"value", e.value}});
    }
    affinities[std::string(FeatureKindName(static_cast<FeatureKind>(kind)))] = std::move(entry);
  }
  nlohmann::json bands = nlohmann::json::array();
  for (const auto& b : s.price_bands) {
    bands.push_back({{"category", b.category},
                     {"typical_price_cents", b.band.typical_price_cents()},
                     {"spread_log_price", b.band.spread_log_price},
                     {"weight", b.band.weight}});
  }
  json["price_bands"] = std::move(bands);
  json["price_position"] = s.price_position;
  json["price_sensitivity"] = s.price_sensitivity;
  nlohmann::json products = nlohmann::json::array();
  for (const auto& p : s.products) {
    nlohmann::json entry = {{"product_id", p.product_id},
                            {"purchases", p.history.purchases},
                            {"clicks", p.history.clicks}};
    if (p.history.last_purchase_at) {
      entry["last_purchase_at"] = FormatIsoTime(p.history.last_purchase_at);
    }
    if (p.history.suggested_quantity > 0) {
      entry["suggested_quantity"] = p.history.suggested_quantity;
    }
    products.push_back(std::move(entry));
  }
  json["products"] = std::move(products);
  nlohmann::json edges = nlohmann::json::array();
  for (const MemoryEdge& e : s.open_edges) {
    edges.push_back({{"dst_kind", e.dst_kind},
                     {"dst_id", e.dst_id},
                     {"relation", e.relation},
                     {"weight", e.weight},
                     {"valid_from", FormatIsoTime(e.valid_from)}});
  }
  json["edges"] = std::move(edges);
  return json;
}

}  // namespace leafloaf::personalize
