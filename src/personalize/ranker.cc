#include "personalize/ranker.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "personalize/ranker_model.h"

namespace leafloaf::personalize {
namespace {

bool HasTag(const ProductFeatures& f, const std::string& tag) {
  return std::find(f.dietary_tags.begin(), f.dietary_tags.end(), tag) != f.dietary_tags.end();
}

// Sum of the user's affinities over one group of the product's attributes,
// and the attribute that weighs most.
struct AttributeSum {
  double sum = 0;
  const std::string* strongest = nullptr;
  double strongest_value = 0;
  // Dietary only: liked tags the product lacks.
  double missing = 0;
  const std::string* strongest_missing = nullptr;
  double strongest_missing_value = 0;
  void AddMissing(const std::string& tag, double value) {
    missing += value;
    if (value > strongest_missing_value) {
      strongest_missing = &tag;
      strongest_missing_value = value;
    }
  }
  void Add(const std::string& attribute, double value) {
    sum += value;
    if (std::abs(value) > std::abs(strongest_value)) {
      strongest = &attribute;
      strongest_value = value;
    }
  }
};

class Explainer {
 public:
  Explainer(RankedItem* item, bool explain) : item_(item), explain_(explain) {}
  // Adds a contribution; `detail` is only built when explaining.
  template <typename DetailFn>
  void Add(const char* factor, double contribution, DetailFn detail) {
    item_->score += contribution;
    if (!explain_ || std::abs(contribution) < 1e-4) return;
    item_->reasons.push_back({factor, contribution, detail()});
  }

 private:
  RankedItem* item_;
  bool explain_;
};

// The price factor's two terms (ranker.h). REQUIRES: f.price_cents > 0.
struct PriceTerms {
  double band = 0;         // above the user's usual price in the category: < 0
  double sensitivity = 0;  // cheaper than the category median for a price-sensitive user: > 0
  double value() const { return std::clamp(band + sensitivity, -1.0, 1.0); }
};

PriceTerms Price(const ProductFeatures& f, const UserProfile& profile) {
  PriceTerms t;
  const double log_price = std::log(static_cast<double>(f.price_cents));
  auto it = profile.price_bands.find(f.category);
  if (it != profile.price_bands.end() && it->second.weight >= 0.5) {
    const double z =
        (log_price - it->second.mean_log_price) / std::max(it->second.spread_log_price, 0.15);
    t.band = -std::clamp((z - 1) / 2, 0.0, 1.0);
  }
  if (f.reference_price_cents > 0 && profile.price_sensitivity > 0) {
    const double relative = log_price - std::log(static_cast<double>(f.reference_price_cents));
    t.sensitivity = -profile.price_sensitivity * std::clamp(relative / 0.5, -1.0, 1.0);
  }
  return t;
}

std::string Likes(double affinity, std::string_view what) {
  return affinity >= 0 ? absl::StrCat("you often choose ", AsAbsl(what))
                       : absl::StrCat("you tend to skip ", AsAbsl(what));
}

}  // namespace

RankResult PersonalizedRanker::Rank(std::span<const RankCandidate> candidates,
                                    const UserProfile& profile, const RankOptions& options) const {
  const RankerWeights& w = weights_;
  RankResult result;
  result.personalization_applied = !profile.empty() || !options.declared_dietary.empty();

  double best_text = 0, best_popularity = 0;
  for (const RankCandidate& c : candidates) {
    best_text = std::max(best_text, c.text_score);
    best_popularity = std::max(best_popularity, c.popularity);
  }
  const double log_best_popularity = std::log1p(best_popularity);
  const bool personal = !profile.empty();
  const double scale = w.affinity_scale;
  const Micros now = profile.as_of;
  result.items.reserve(candidates.size());
  // The dietary tags the user leans towards: products lacking them get a
  // soft penalty (an inferred restriction).
  std::vector<std::pair<const std::string*, double>> liked_dietary;
  if (personal) {
    for (const auto& [key, value] : profile.affinity[static_cast<int>(FeatureKind::kAttribute)]) {
      if (value > 0 && IsDietaryTag(key)) liked_dietary.emplace_back(&key, value);
    }
  }

  // Scores candidate `idx` into `item`; with `explain`, also its reasons
  // and badges.
  auto score = [&](size_t idx, RankedItem& item, bool explain) {
    const RankCandidate& c = candidates[idx];
    const ProductFeatures& f = *c.features;
    item.candidate = idx;
    item.score = 0;
    if (explain) item.reasons.reserve(10);
    item.text_relevance = best_text > 0 ? c.text_score / best_text : 0;
    Explainer add(&item, explain);
    add.Add("text", w.text * item.text_relevance, [&] {
      const int64_t hundredths = std::llround(item.text_relevance * 100);
      return absl::StrCat("text relevance ", hundredths / 100, ".", hundredths % 100 / 10,
                          hundredths % 10);
    });
    if (!personal) {
      item.personalization_score = 0;
      return;
    }
    const double a_cat = profile.Affinity(FeatureKind::kCategory, f.category);
    add.Add("category", w.category * std::tanh(a_cat / scale),
            [&] { return Likes(a_cat, f.category); });
    if (f.department != f.category) {
      const double a_dept = profile.Affinity(FeatureKind::kDepartment, f.department);
      add.Add("department", w.department * std::tanh(a_dept / scale),
              [&] { return Likes(a_dept, f.department); });
    }
    const double a_brand = profile.Affinity(FeatureKind::kBrand, f.brand);
    add.Add("brand", w.brand * std::tanh(a_brand / scale), [&] { return Likes(a_brand, f.brand); });

    AttributeSum attributes, dietary;
    const std::string* badge_attribute = nullptr;
    double badge_value = w.preference_badge_min;
    for (const std::string& attribute : f.attributes) {
      const double a = profile.Affinity(FeatureKind::kAttribute, attribute);
      if (a == 0) continue;
      (IsDietaryTag(attribute) ? dietary : attributes).Add(attribute, a);
      if (a >= badge_value) {
        badge_value = a;
        badge_attribute = &attribute;
      }
    }
    for (const auto& [tag, value] : liked_dietary) {
      if (!std::binary_search(f.attributes.begin(), f.attributes.end(), *tag)) {
        dietary.AddMissing(*tag, value);
      }
    }
    auto attribute_detail = [](const AttributeSum& sum) {
      if (sum.strongest_missing != nullptr && sum.sum - sum.missing < 0 &&
          sum.strongest_missing_value > -sum.strongest_value) {
        return absl::StrCat("not ", *sum.strongest_missing, ", which you seem to prefer");
      }
      return sum.strongest_value >= 0
                 ? absl::StrCat("you like ", *sum.strongest, " products")
                 : absl::StrCat("you tend to avoid ", *sum.strongest, " products");
    };
    add.Add("attribute",
            (attributes.sum < 0 ? w.attribute_avoid : w.attribute) * std::tanh(attributes.sum / scale),
            [&] { return attribute_detail(attributes); });
    add.Add("dietary", w.dietary * std::tanh((dietary.sum - dietary.missing) / scale),
            [&] { return attribute_detail(dietary); });

    const ProductHistory* history = profile.History(f.product_id);
    if (history != nullptr && history->purchases > 0) {
      add.Add("frequency", w.frequency * (1 - std::exp(-history->purchases / w.frequency_scale)),
              [&] { return absl::StrCat("bought ", history->purchases, " times"); });
      const double days = std::max<double>(0, now - history->last_purchase_at) / 86400e6;
      add.Add("recency", w.recency * std::exp2(-days / w.recency_half_life_days), [&] {
        return absl::StrCat("last bought ", static_cast<int64_t>(days), " days ago");
      });
    }

    if (f.price_cents > 0) {
      const PriceTerms price = Price(f, profile);
      const double x = price.value();
      add.Add("price", w.price * x, [&] {
        if (price.band < 0) return std::string("above what you usually pay here");
        return std::string(x > 0 ? "cheaper, and you watch prices"
                                 : "pricier, and you watch prices");
      });
    }
    if (log_best_popularity > 0) {
      add.Add("popularity", w.popularity * std::log1p(c.popularity) / log_best_popularity,
              [] { return std::string("popular in this shop"); });
    }
    item.personalization_score = item.score - w.text * item.text_relevance;

    if (explain) {
      std::sort(item.reasons.begin(), item.reasons.end(), [](const Reason& a, const Reason& b) {
        return std::abs(a.contribution) > std::abs(b.contribution);
      });
      if (history != nullptr && history->purchases >= w.usual_min_purchases) {
        item.badges.push_back("your usual");
      }
      if (history != nullptr && history->purchases >= w.bought_times_min) {
        item.badges.push_back(absl::StrCat("bought ", history->purchases, " times"));
      }
      if (badge_attribute != nullptr) {
        item.badges.push_back(absl::StrCat("matches your ", *badge_attribute, " preference"));
      }
    }
  };

  for (size_t idx = 0; idx < candidates.size(); ++idx) {
    bool allowed = true;
    for (const std::string& tag : options.declared_dietary) {
      allowed = allowed && HasTag(*candidates[idx].features, tag);
    }
    if (!allowed) {
      ++result.filtered_out;
      continue;
    }
    score(idx, result.items.emplace_back(), /*explain=*/false);
  }
  std::stable_sort(result.items.begin(), result.items.end(),
                   [](const RankedItem& a, const RankedItem& b) { return a.score > b.score; });
  // Explaining costs more than scoring: only the results shown. Re-scoring
  // gives the same score, so the order holds.
  if (options.explain) {
    const size_t shown = std::min(result.items.size(), options.explain_top_k);
    for (size_t i = 0; i < shown; ++i) score(result.items[i].candidate, result.items[i], true);
  }
  return result;
}

namespace {

// The ranker's factors are the first kNumRankFactors weights of the model
// file's table, in RankFactor order (ranker_model.cc).
const RankerWeightField& FactorField(int factor) {
  return RankerWeightFields()[static_cast<size_t>(factor)];
}

}  // namespace

std::string_view RankFactorName(RankFactor factor) {
  return FactorField(static_cast<int>(factor)).name;
}

double RankerWeights::*RankFactorWeight(RankFactor factor) {
  return FactorField(static_cast<int>(factor)).field;
}

double RankFactors::Score(const RankerWeights& weights) const {
  double score = 0;
  for (int i = 0; i < kNumRankFactors; ++i) score += weights.*(FactorField(i).field) * value[i];
  return score;
}

// Mirrors Rank()'s scoring without weights or explanations; ranker_test
// checks that Score() of these equals Rank()'s score.
std::vector<RankFactors> PersonalizedRanker::Factors(std::span<const RankCandidate> candidates,
                                                     const UserProfile& profile) const {
  const RankerWeights& w = weights_;
  double best_text = 0, best_popularity = 0;
  for (const RankCandidate& c : candidates) {
    best_text = std::max(best_text, c.text_score);
    best_popularity = std::max(best_popularity, c.popularity);
  }
  const double log_best_popularity = std::log1p(best_popularity);
  const bool personal = !profile.empty();
  const double scale = w.affinity_scale;
  std::vector<std::pair<const std::string*, double>> liked_dietary;
  if (personal) {
    for (const auto& [key, value] : profile.affinity[static_cast<int>(FeatureKind::kAttribute)]) {
      if (value > 0 && IsDietaryTag(key)) liked_dietary.emplace_back(&key, value);
    }
  }
  std::vector<RankFactors> out(candidates.size());
  for (size_t idx = 0; idx < candidates.size(); ++idx) {
    const RankCandidate& c = candidates[idx];
    const ProductFeatures& f = *c.features;
    auto set = [&out, idx](RankFactor factor, double value) {
      out[idx].value[static_cast<int>(factor)] = value;
    };
    set(RankFactor::kText, best_text > 0 ? c.text_score / best_text : 0);
    if (!personal) continue;
    set(RankFactor::kCategory,
        std::tanh(profile.Affinity(FeatureKind::kCategory, f.category) / scale));
    if (f.department != f.category) {
      set(RankFactor::kDepartment,
          std::tanh(profile.Affinity(FeatureKind::kDepartment, f.department) / scale));
    }
    set(RankFactor::kBrand, std::tanh(profile.Affinity(FeatureKind::kBrand, f.brand) / scale));
    double attributes = 0, dietary = 0;
    for (const std::string& attribute : f.attributes) {
      const double a = profile.Affinity(FeatureKind::kAttribute, attribute);
      (IsDietaryTag(attribute) ? dietary : attributes) += a;
    }
    for (const auto& [tag, value] : liked_dietary) {
      if (!std::binary_search(f.attributes.begin(), f.attributes.end(), *tag)) dietary -= value;
    }
    set(attributes < 0 ? RankFactor::kAttributeAvoid : RankFactor::kAttribute,
        std::tanh(attributes / scale));
    set(RankFactor::kDietary, std::tanh(dietary / scale));
    const ProductHistory* history = profile.History(f.product_id);
    if (history != nullptr && history->purchases > 0) {
      set(RankFactor::kFrequency, 1 - std::exp(-history->purchases / w.frequency_scale));
      const double days = std::max<double>(0, profile.as_of - history->last_purchase_at) / 86400e6;
      set(RankFactor::kRecency, std::exp2(-days / w.recency_half_life_days));
    }
    if (f.price_cents > 0) {
      set(RankFactor::kPrice, Price(f, profile).value());
    }
    if (log_best_popularity > 0) {
      set(RankFactor::kPopularity, std::log1p(c.popularity) / log_best_popularity);
    }
  }
  return out;
}

}  // namespace leafloaf::personalize
