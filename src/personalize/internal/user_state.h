// The preference engine's per-user state (private to personalize/).
//
// Time decay is lazy: a Decayed holds a value as of a time and is decayed
// (halved every half-life) when read or written, so an event costs
// O(features of its product) and idle users cost nothing.
#ifndef LEAFLOAF_PERSONALIZE_INTERNAL_USER_STATE_H_
#define LEAFLOAF_PERSONALIZE_INTERNAL_USER_STATE_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/time.h"
#include "personalize/preference_types.h"

namespace leafloaf::personalize::internal {

// exp2(-(to - from) / half_life); 1 when to <= from.
inline double DecayFactor(Micros from, Micros to, double half_life_micros) {
  if (to <= from) return 1.0;
  return std::exp2(-static_cast<double>(to - from) / half_life_micros);
}

struct Decayed {
  double value = 0;
  Micros at = 0;  // `value` is as of this time

  double At(Micros now, double half_life) const { return value * DecayFactor(at, now, half_life); }
  // Adds `delta` observed at `when`. An event older than `at` is decayed
  // to `at` instead, so replaying out of order gives the same result.
  void Add(double delta, Micros when, double half_life) {
    if (when >= at) {
      value = value * DecayFactor(at, when, half_life) + delta;
      at = when;
    } else {
      value += delta * DecayFactor(when, at, half_life);
    }
  }
};

// Decayed sums of weight, weight x log price and weight x log price^2.
struct PriceStats {
  Decayed weight, sum, sum_sq;
  void Add(double w, double log_price, Micros when, double half_life) {
    weight.Add(w, when, half_life);
    sum.Add(w * log_price, when, half_life);
    sum_sq.Add(w * log_price * log_price, when, half_life);
  }
};

struct ProductMemory {
  int purchases = 0;
  Micros first_purchase_at = 0;
  Micros last_purchase_at = 0;
  int clicks = 0;
  Micros first_click_at = 0;
  Micros last_click_at = 0;
  std::vector<double> recent_quantities;  // oldest first
  Micros last_seen = 0;
};

// A prefers/avoids edge that is open, as last written.
struct OpenEdge {
  Relation relation = Relation::kPrefers;
  Micros valid_from = 0;
  double weight = 0;
};

struct UserState {
  std::array<absl::flat_hash_map<std::string, Decayed>, kNumFeatureKinds> affinity;
  // Keyed like `affinity`, only for keys with an open prefers/avoids edge.
  std::array<absl::flat_hash_map<std::string, OpenEdge>, kNumFeatureKinds> open_edges;
  absl::flat_hash_map<std::string, PriceStats> price_bands;  // by category path
  // Decayed weighted mean of log(price / category reference) over positive
  // signals: below 0, the user picks cheaper than typical.
  Decayed relative_price_weight, relative_price_sum;
  absl::flat_hash_map<std::string, ProductMemory> products;
  int64_t events_applied = 0;
  Micros last_event_at = 0;
};

}  // namespace leafloaf::personalize::internal

#endif  // LEAFLOAF_PERSONALIZE_INTERNAL_USER_STATE_H_
