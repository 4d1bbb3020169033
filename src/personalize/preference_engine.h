// PreferenceEngine: what each shopper likes, learned from every event in
// real time (issue 4).
//
// Per (shop, user) it keeps affinities for categories, departments (top
// level of the path), brands and attributes (attribute_extractor.h), price
// bands per category and a price position, and per product the purchase
// and click counts and recent quantities. An event of weight w
// (SignalWeight, personalization_config.h) adds w x share to each feature
// of its product; negative events lower them, below zero meaning "avoids".
// Values decay with the configured half-life, lazily: each keeps its
// value and time and is decayed when read or written, so Apply() is
// O(features of the product). Events may arrive out of order.
//
// Memory graph: Apply() also returns the memory edges (store/records.h
// MemoryEdge) that changed, for the caller to upsert (same shop, user,
// dst_kind, dst_id, relation and valid_from = same row):
//   purchased / clicked  user -> product; weight = count, valid_from = the
//                        first such event, open.
//   prefers / avoids     user -> category, brand or attribute; opened when
//                        the affinity reaches prefers_threshold (resp.
//                        avoids_threshold) with weight = the affinity,
//                        re-written when the weight moved by
//                        edge_weight_step, and closed (valid_to set) when
//                        it falls back: at the event that pushes it back,
//                        or, when decay alone did it, at the computed time
//                        of the crossing. ExpireEdges() closes edges that
//                        decayed out with no event.
//
// Read-your-writes: Apply() returns after the state is updated; the next
// Profile() of that user sees it.
//
// Thread-safety: every method may be called from any thread. Users are
// spread over shards, each with its own mutex; calls for different users
// rarely contend.
#ifndef LEAFLOAF_PERSONALIZE_PREFERENCE_ENGINE_H_
#define LEAFLOAF_PERSONALIZE_PREFERENCE_ENGINE_H_

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "personalize/personalization_config.h"
#include "personalize/preference_types.h"
#include "personalize/product_features.h"
#include "store/records.h"
#include "store/store.h"

namespace leafloaf::personalize {

namespace internal {
struct UserState;
}

struct ApplyResult {
  double weight = 0;              // the event's signal weight
  std::vector<MemoryEdge> edges;  // edges to upsert, in order
};

// Calls its argument with each event, oldest first; stops at the first
// non-OK status from the callback and returns it.
using EventSource =
    std::function<absl::Status(const std::function<absl::Status(const Event&)>& fn)>;
// The features of a shop's product, or nullptr when it is unknown.
using FeatureLookup =
    std::function<const ProductFeatures*(std::string_view shop_id, std::string_view product_id)>;

struct RebuildStats {
  int64_t events = 0;   // read from the source
  int64_t applied = 0;  // with a known product, or without a product
  int64_t skipped = 0;  // naming a product the lookup does not know
  int64_t users = 0;    // users of the shop afterwards
};

class PreferenceEngine {
 public:
  // `config` is not owned and must outlive the engine; its Current() is
  // read on every call, so a reloaded file applies to the next event.
  explicit PreferenceEngine(const ConfigSource* config);
  ~PreferenceEngine();
  PreferenceEngine(const PreferenceEngine&) = delete;
  PreferenceEngine& operator=(const PreferenceEngine&) = delete;

  // Learns from one event of `product`. The event's shop_id,
  // user_external_id and at must be set. REQUIRES: product.product_id ==
  // event.product_external_id.
  ApplyResult Apply(const Event& event, const ProductFeatures& product);
  // Events without a product (search): counted only.
  ApplyResult Apply(const Event& event);

  // The user's state decayed to `now`; an empty profile (events_applied =
  // 0) for an unknown user.
  UserProfile Profile(std::string_view shop_id, std::string_view user_id, Micros now) const;
  PreferenceSnapshot Snapshot(std::string_view shop_id, std::string_view user_id, Micros now,
                              int top_n = 10) const;
  // The typical quantity the user takes of the product (median of recent
  // add_to_cart/purchase quantities); nullopt when never seen.
  std::optional<double> SuggestedQuantity(std::string_view shop_id, std::string_view user_id,
                                          std::string_view product_id) const;
  // The prefers/avoids edges open at `now`, with their current weights.
  std::vector<MemoryEdge> OpenEdges(std::string_view shop_id, std::string_view user_id,
                                    Micros now) const;
  // Closes the user's edges whose affinity decayed past the threshold
  // before `now`, returning the closed edges to upsert.
  std::vector<MemoryEdge> ExpireEdges(std::string_view shop_id, std::string_view user_id,
                                      Micros now);

  // Erases everything about the user. False when the user was unknown.
  bool Forget(std::string_view shop_id, std::string_view user_id);
  // Replaces the shop's state with what `source` yields. `on_edges`, when
  // set, receives the edges each event changes (most callers persisted
  // them already and pass nothing).
  absl::StatusOr<RebuildStats> RebuildShop(
      std::string_view shop_id, const EventSource& source, const FeatureLookup& lookup,
      const std::function<void(std::vector<MemoryEdge>)>& on_edges = nullptr);

  size_t user_count() const;

 private:
  static constexpr int kShards = 64;
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, std::unique_ptr<internal::UserState>> users
        ABSL_GUARDED_BY(mu);
  };
  static std::string UserKey(std::string_view shop_id, std::string_view user_id);
  Shard& ShardFor(const std::string& key) const;
  void ClearShop(std::string_view shop_id);

  const ConfigSource* const config_;
  std::unique_ptr<std::array<Shard, kShards>> shards_;
};

// RebuildShop over the store's events (Store::ScanEvents).
absl::StatusOr<RebuildStats> RebuildShopFromStore(PreferenceEngine& engine, Store& store,
                                                  std::string_view shop_id,
                                                  const FeatureLookup& lookup);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PREFERENCE_ENGINE_H_
