#include "personalize/internal/memory_graph.h"

#include <algorithm>
#include <cmath>

namespace leafloaf::personalize::internal {
namespace {

MemoryEdge MakeEdge(const EdgeOwner& owner, FeatureKind kind, const std::string& key,
                    const OpenEdge& open) {
  MemoryEdge e;
  e.shop_id = std::string(owner.shop_id);
  e.user_external_id = std::string(owner.user_id);
  e.dst_kind = std::string(EdgeDestinationKind(kind));
  e.dst_id = key;
  e.relation = std::string(RelationName(open.relation));
  e.weight = open.weight;
  e.valid_from = open.valid_from;
  return e;
}

double Threshold(const SignalConfig& config, Relation relation) {
  return relation == Relation::kPrefers ? config.prefers_threshold : config.avoids_threshold;
}

// With a tolerance, so that two -0.05 scrolls a microsecond apart reach -0.1.
bool Holds(double value, double threshold, Relation relation) {
  constexpr double kTolerance = 1e-9;
  return relation == Relation::kPrefers ? value >= threshold - kTolerance
                                        : value <= threshold + kTolerance;
}

// When `value` (as of `at`) decays to the threshold. REQUIRES: it holds at
// `at`.
Micros CrossingTime(const Decayed& value, double threshold, double half_life) {
  return value.at + static_cast<Micros>(half_life * std::log2(value.value / threshold));
}

}  // namespace

void UpdateFeatureEdge(UserState& user, FeatureKind kind, const std::string& key,
                       const Decayed& before, const Decayed& after, Micros now,
                       const SignalConfig& config, const EdgeOwner& owner,
                       std::vector<MemoryEdge>* out) {
  auto& edges = user.open_edges[static_cast<int>(kind)];
  const double half_life = config.half_life_micros();
  auto it = edges.find(key);
  if (it != edges.end()) {
    OpenEdge& open = it->second;
    const double threshold = Threshold(config, open.relation);
    Micros closed_at = 0;
    if (!Holds(before.At(now, half_life), threshold, open.relation)) {
      // Decay alone ended it before this event.
      closed_at = Holds(before.value, threshold, open.relation)
                      ? std::max(open.valid_from, CrossingTime(before, threshold, half_life))
                      : std::max(open.valid_from, before.at);
    } else if (!Holds(after.value, threshold, open.relation)) {
      closed_at = now;
    }
    if (closed_at != 0) {
      MemoryEdge e = MakeEdge(owner, kind, key, open);
      e.valid_to = std::max(closed_at, open.valid_from + 1);
      out->push_back(std::move(e));
      edges.erase(it);
    } else {
      if (std::abs(after.value - open.weight) >= config.edge_weight_step * std::abs(open.weight)) {
        open.weight = after.value;
        out->push_back(MakeEdge(owner, kind, key, open));
      }
      return;
    }
  }
  for (Relation relation : {Relation::kPrefers, Relation::kAvoids}) {
    if (Holds(after.value, Threshold(config, relation), relation)) {
      OpenEdge open{.relation = relation, .valid_from = now, .weight = after.value};
      out->push_back(MakeEdge(owner, kind, key, open));
      edges.emplace(key, open);
    }
  }
}

void CloseFeatureEdge(UserState& user, FeatureKind kind, const std::string& key, Micros now,
                      const EdgeOwner& owner, std::vector<MemoryEdge>* out) {
  auto& edges = user.open_edges[static_cast<int>(kind)];
  auto it = edges.find(key);
  if (it == edges.end()) return;
  MemoryEdge e = MakeEdge(owner, kind, key, it->second);
  e.valid_to = std::max(now, it->second.valid_from + 1);
  out->push_back(std::move(e));
  edges.erase(it);
}

void ExpireFeatureEdges(UserState& user, Micros now, const SignalConfig& config,
                        const EdgeOwner& owner, std::vector<MemoryEdge>* out) {
  const double half_life = config.half_life_micros();
  for (int kind = 0; kind < kNumFeatureKinds; ++kind) {
    auto& edges = user.open_edges[kind];
    const auto& affinity = user.affinity[kind];
    for (auto it = edges.begin(); it != edges.end();) {
      const OpenEdge& open = it->second;
      const double threshold = Threshold(config, open.relation);
      auto value = affinity.find(it->first);
      Decayed current = value == affinity.end() ? Decayed{} : value->second;
      if (Holds(current.At(now, half_life), threshold, open.relation)) {
        ++it;
        continue;
      }
      MemoryEdge e = MakeEdge(owner, static_cast<FeatureKind>(kind), it->first, open);
      const Micros crossed = Holds(current.value, threshold, open.relation)
                                 ? CrossingTime(current, threshold, half_life)
                                 : current.at;
      e.valid_to = std::max(crossed, open.valid_from + 1);
      out->push_back(std::move(e));
      edges.erase(it++);
    }
  }
}

std::vector<MemoryEdge> OpenFeatureEdges(const UserState& user, Micros now,
                                         const SignalConfig& config, const EdgeOwner& owner) {
  std::vector<MemoryEdge> out;
  const double half_life = config.half_life_micros();
  for (int kind = 0; kind < kNumFeatureKinds; ++kind) {
    for (const auto& [key, open] : user.open_edges[kind]) {
      auto value = user.affinity[kind].find(key);
      if (value == user.affinity[kind].end()) continue;
      const double weight = value->second.At(now, half_life);
      if (!Holds(weight, Threshold(config, open.relation), open.relation)) continue;
      MemoryEdge e = MakeEdge(owner, static_cast<FeatureKind>(kind), key, open);
      e.weight = weight;
      out.push_back(std::move(e));
    }
  }
  std::sort(out.begin(), out.end(), [](const MemoryEdge& a, const MemoryEdge& b) {
    return std::abs(a.weight) != std::abs(b.weight) ? std::abs(a.weight) > std::abs(b.weight)
                                                    : a.dst_id < b.dst_id;
  });
  return out;
}

MemoryEdge ProductEdge(const ProductMemory& memory, std::string_view product_id, Relation relation,
                       const EdgeOwner& owner) {
  MemoryEdge e;
  e.shop_id = std::string(owner.shop_id);
  e.user_external_id = std::string(owner.user_id);
  e.dst_kind = "product";
  e.dst_id = std::string(product_id);
  e.relation = std::string(RelationName(relation));
  if (relation == Relation::kPurchased) {
    e.weight = memory.purchases;
    e.valid_from = memory.first_purchase_at;
  } else {
    e.weight = memory.clicks;
    e.valid_from = memory.first_click_at;
  }
  return e;
}

}  // namespace leafloaf::personalize::internal
