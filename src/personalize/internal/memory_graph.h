// Memory graph edge bookkeeping for one user (preference_engine.h states
// the rules). Private to personalize/.
#ifndef LEAFLOAF_PERSONALIZE_INTERNAL_MEMORY_GRAPH_H_
#define LEAFLOAF_PERSONALIZE_INTERNAL_MEMORY_GRAPH_H_

#include <string>
#include <string_view>
#include <vector>

#include "personalize/internal/user_state.h"
#include "personalize/personalization_config.h"
#include "store/records.h"

namespace leafloaf::personalize::internal {

struct EdgeOwner {
  std::string_view shop_id;
  std::string_view user_id;
};

// After the affinity of (kind, key) changed from `before` to `after` at
// `now`: opens, re-weights or closes its prefers/avoids edge, appending
// the changed edges to `out`.
void UpdateFeatureEdge(UserState& user, FeatureKind kind, const std::string& key,
                       const Decayed& before, const Decayed& after, Micros now,
                       const SignalConfig& config, const EdgeOwner& owner,
                       std::vector<MemoryEdge>* out);

// Closes the open edge of (kind, key), if any, at `now`.
void CloseFeatureEdge(UserState& user, FeatureKind kind, const std::string& key, Micros now,
                      const EdgeOwner& owner, std::vector<MemoryEdge>* out);

// Closes every open edge whose affinity decayed past its threshold before
// `now`, at the time of the crossing.
void ExpireFeatureEdges(UserState& user, Micros now, const SignalConfig& config,
                        const EdgeOwner& owner, std::vector<MemoryEdge>* out);

// The open prefers/avoids edges, weights decayed to `now`.
std::vector<MemoryEdge> OpenFeatureEdges(const UserState& user, Micros now,
                                         const SignalConfig& config, const EdgeOwner& owner);

// The purchased or clicked edge of a product after its count changed.
MemoryEdge ProductEdge(const ProductMemory& memory, std::string_view product_id, Relation relation,
                       const EdgeOwner& owner);

}  // namespace leafloaf::personalize::internal

#endif  // LEAFLOAF_PERSONALIZE_INTERNAL_MEMORY_GRAPH_H_
