#include "search/hybrid.h"

#include <algorithm>
#include <numeric>

namespace leafloaf::search {

absl::StatusOr<HybridMode> ParseHybridMode(std::string_view name) {
  if (name == "rrf") return HybridMode::kRrf;
  if (name == "relative") return HybridMode::kRelative;
  if (name == "off") return HybridMode::kOff;
  return absl::InvalidArgumentError("hybrid must be one of rrf, relative, off");
}

const char* HybridModeName(HybridMode mode) {
  switch (mode) {
    case HybridMode::kRrf: return "rrf";
    case HybridMode::kRelative: return "relative";
    case HybridMode::kOff: return "off";
  }
  return "off";
}

void FuseRankings(std::span<HybridCandidate> candidates, const HybridOptions& options,
                  size_t keep) {
  const float w = std::clamp(options.weight, 0.0f, 1.0f);
  const size_t n = candidates.size();
  if (options.mode == HybridMode::kRrf) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (HybridCandidate& c : candidates) c.fused = 0;
    const float k = static_cast<float>(std::max(options.rrf_k, 0));
    // Text ranks: candidates with a text score, by it.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const auto& x = candidates[a];
      const auto& y = candidates[b];
      if (x.text_score.has_value() != y.text_score.has_value()) return x.text_score.has_value();
      if (x.text_score && *x.text_score != *y.text_score) return *x.text_score > *y.text_score;
      return x.doc < y.doc;
    });
    for (size_t r = 0; r < n && candidates[order[r]].text_score; ++r) {
      candidates[order[r]].fused += (1.0f - w) / (k + static_cast<float>(r + 1));
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const auto& x = candidates[a];
      const auto& y = candidates[b];
      return x.similarity != y.similarity ? x.similarity > y.similarity : x.doc < y.doc;
    });
    for (size_t r = 0; r < n; ++r) {
      candidates[order[r]].fused += w / (k + static_cast<float>(r + 1));
    }
  } else {
    float tmin = 0, tmax = 0, smin = 0, smax = 0;
    bool any_text = false;
    for (size_t i = 0; i < n; ++i) {
      const HybridCandidate& c = candidates[i];
      if (c.text_score) {
        tmin = any_text ? std::min(tmin, *c.text_score) : *c.text_score;
        tmax = any_text ? std::max(tmax, *c.text_score) : *c.text_score;
        any_text = true;
      }
      smin = i ? std::min(smin, c.similarity) : c.similarity;
      smax = i ? std::max(smax, c.similarity) : c.similarity;
    }
    auto scale = [](float v, float lo, float hi) { return hi > lo ? (v - lo) / (hi - lo) : 1.0f; };
    for (HybridCandidate& c : candidates) {
      const float text = c.text_score ? scale(*c.text_score, tmin, tmax) : 0.0f;
      c.fused = (1.0f - w) * text + w * scale(c.similarity, smin, smax);
    }
  }
  // A search page needs the first few only (a tenth of the candidates).
  const auto head = candidates.begin() + static_cast<ptrdiff_t>(std::min(keep, n));
  std::partial_sort(candidates.begin(), head, candidates.end(),
                    [](const HybridCandidate& a, const HybridCandidate& b) {
                      return a.fused != b.fused ? a.fused > b.fused : a.doc < b.doc;
                    });
}

}  // namespace leafloaf::search
