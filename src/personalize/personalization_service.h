// PersonalizationService: the preference engine, the ranker and every
// shop's product features, kept together for the server.
//
//  * LoadAll() builds each shop's feature table from the store and replays
//    its event log into the engine (the state at start).
//  * OnProductUpserted() keeps the features fresh with product writes.
//  * OnEvents() learns from events once they are durable (read-your-writes:
//    the next Rerank() sees them) and queues the memory-graph edges they
//    changed to the EdgeWriter, which persists them coalesced in the
//    background. FlushEdges() before closing the store; ForgetUser() when
//    a user is erased.
//  * Rerank() orders search candidates for a user, with reasons, badges
//    and the quantity the user usually takes.
//
// Thread-safety: every method may be called from any thread.
#ifndef LEAFLOAF_PERSONALIZE_PERSONALIZATION_SERVICE_H_
#define LEAFLOAF_PERSONALIZE_PERSONALIZATION_SERVICE_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/time.h"
#include "personalize/attribute_extractor.h"
#include "personalize/edge_writer.h"
#include "personalize/personalization_config.h"
#include "personalize/preference_engine.h"
#include "personalize/product_features.h"
#include "personalize/ranker.h"
#include "store/store.h"

namespace leafloaf::personalize {

struct SearchCandidate {
  std::string_view product_id;
  double text_score = 0;
  double popularity = 0;  // order count
};

struct RerankedCandidate {
  RankedItem item;  // item.candidate indexes the candidates given
  std::optional<double> suggested_quantity;
};

struct RerankResult {
  std::vector<RerankedCandidate> items;  // best first
  int filtered_out = 0;
  bool personalization_applied = false;
};

class PersonalizationService {
 public:
  // Not owned; all must outlive the service.
  PersonalizationService(Store* store, const ConfigSource* config, const Clock* clock,
                         EdgeWriterOptions edges = {});

  absl::Status LoadAll();
  absl::Status LoadShop(std::string_view shop_id);

  void OnProductUpserted(const Product& product);
  // Learns from durable events and queues the edges they changed; returns
  // how many edges were queued.
  size_t OnEvents(std::span<const Event> events);

  // Forgets the user's preferences and queued edges; call it before the
  // user's EraseUserActivity is submitted, so no queued edge lands after.
  void ForgetUser(std::string_view shop_id, std::string_view user_id);

  // Writes the queued edges and waits until they are durable.
  absl::Status FlushEdges() { return edges_.Flush(); }
  const EdgeWriter& edge_writer() const { return edges_; }

  // Candidates the shop does not know keep their text rank below the
  // known ones. `explain_top_k` results get reasons and badges.
  RerankResult Rerank(std::string_view shop_id, std::string_view user_id,
                      std::span<const SearchCandidate> candidates,
                      std::span<const std::string> declared_dietary, size_t explain_top_k);

  PreferenceEngine& engine() { return engine_; }

 private:
  struct ShopFeatures {
    mutable absl::Mutex mu;
    FeatureTable table ABSL_GUARDED_BY(mu);
  };
  ShopFeatures* Features(std::string_view shop_id);
  const ProductFeatures* FindLocked(std::string_view shop_id, std::string_view product_id);

  Store* store_;
  const ConfigSource* config_;
  const Clock* clock_;
  const AttributeExtractor extractor_;
  PreferenceEngine engine_;
  EdgeWriter edges_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<ShopFeatures>> shops_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PERSONALIZATION_SERVICE_H_
