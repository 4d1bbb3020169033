// The preference engine's read models: UserProfile (a user's decayed
// affinities and history as hash maps, what the ranker reads) and
// PreferenceSnapshot (the same, sorted and trimmed, for the profile and
// export endpoints; SnapshotJson serializes it).
#ifndef LEAFLOAF_PERSONALIZE_PREFERENCE_TYPES_H_
#define LEAFLOAF_PERSONALIZE_PREFERENCE_TYPES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/money.h"
#include "common/time.h"
#include "nlohmann/json.hpp"
#include "store/records.h"

namespace leafloaf::personalize {

// What affinities are kept for. A department is the top level of a
// category path.
enum class FeatureKind { kCategory = 0, kDepartment = 1, kBrand = 2, kAttribute = 3 };
inline constexpr int kNumFeatureKinds = 4;
// "category", "department", "brand", "attribute".
std::string_view FeatureKindName(FeatureKind kind);
// MemoryEdge::dst_kind: departments are categories ("category").
std::string_view EdgeDestinationKind(FeatureKind kind);

// MemoryEdge::relation values.
enum class Relation { kPurchased, kClicked, kPrefers, kAvoids };
std::string_view RelationName(Relation relation);  // "purchased", ...

struct ProductHistory {
  int purchases = 0;
  Micros last_purchase_at = 0;
  int clicks = 0;
  Micros last_click_at = 0;
  // Median of the recent add_to_cart/purchase quantities; 0 = none seen.
  double suggested_quantity = 0;
};

// The prices a user pays in one category (positive signals, decayed).
struct PriceBand {
  double mean_log_price = 0;    // natural log of cents
  double spread_log_price = 0;  // standard deviation of the log
  double weight = 0;            // decayed sum of signal weights behind it
  Cents typical_price_cents() const;
};

struct UserProfile {
  std::string shop_id;
  std::string user_id;
  Micros as_of = 0;  // every value is decayed to this time
  int64_t events_applied = 0;
  std::array<absl::flat_hash_map<std::string, double>, kNumFeatureKinds> affinity;
  absl::flat_hash_map<std::string, PriceBand> price_bands;  // by category path
  // Decayed mean of log(price paid / category median) over positive
  // signals (0 = typical prices, < 0 = cheaper), and the sensitivity the
  // ranker uses: clamp(-price_position / 0.3, 0, 1).
  double price_position = 0;
  double price_sensitivity = 0;
  absl::flat_hash_map<std::string, ProductHistory> products;

  bool empty() const { return events_applied == 0; }
  // 0 when unknown.
  double Affinity(FeatureKind kind, std::string_view key) const;
  const ProductHistory* History(std::string_view product_id) const;
};

struct AffinityEntry {
  std::string key;
  double value = 0;
};
struct ProductHistoryEntry {
  std::string product_id;
  ProductHistory history;
};
struct PriceBandEntry {
  std::string category;
  PriceBand band;
};

// A user's preferences for display and export.
struct PreferenceSnapshot {
  std::string shop_id;
  std::string user_id;
  Micros as_of = 0;
  int64_t events_applied = 0;
  // Per kind: the strongest likes (value > 0, descending), then the
  // strongest dislikes (value < 0, ascending), each at most top_n.
  std::array<std::vector<AffinityEntry>, kNumFeatureKinds> likes;
  std::array<std::vector<AffinityEntry>, kNumFeatureKinds> dislikes;
  std::vector<PriceBandEntry> price_bands;  // by weight, descending
  double price_position = 0;
  double price_sensitivity = 0;
  std::vector<ProductHistoryEntry> products;  // by purchases, then clicks
  std::vector<MemoryEdge> open_edges;         // prefers/avoids edges open now
};

PreferenceSnapshot SnapshotOf(const UserProfile& profile, int top_n,
                              std::vector<MemoryEdge> open_edges = {});
nlohmann::json SnapshotJson(const PreferenceSnapshot& snapshot);

}  // namespace leafloaf::personalize

#endif  // LEAFLOAF_PERSONALIZE_PREFERENCE_TYPES_H_
