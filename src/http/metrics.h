// Metrics: request counts and latency histograms per route, rendered in the
// Prometheus text exposition format together with store statistics.
//
// Thread-safety: ObserveRequest() and Render() may be called concurrently.
#ifndef LEAFLOAF_HTTP_METRICS_H_
#define LEAFLOAF_HTTP_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/synchronization/mutex.h"
#include "store/store.h"

namespace leafloaf::http {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                      0.005,  0.01,    0.025,  0.05,  0.1,
                                                      0.25,   0.5,     1.0,    2.5};

  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  // Prometheus text format. `store` may be null.
  std::string Render(const StoreStats* store) const;

 private:
  struct Series {
    std::map<int, int64_t> by_status;
    std::array<int64_t, kBuckets.size() + 1> buckets{};  // last = +Inf
    double sum = 0;
    int64_t count = 0;
  };
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, Series> series_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_METRICS_H_
