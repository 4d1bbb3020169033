#include "conversation/product_agent.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "personalize/personalized_search.h"

namespace leafloaf::conversation {
namespace {

// Lower-case words of two letters or more, a final plural 's' dropped.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.size() > 3 && word.back() == 's') word.pop_back();
    if (word.size() >= 2) words.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace

absl::StatusOr<Found> ProductAgent::Search(std::string_view shop_id, std::string_view user_id,
                                           std::string_view text,
                                           std::span<const std::string> dietary, int k,
                                           bool in_stock_only) const {
  search::SearchRequest request;
  request.hybrid = search_->hybrid_options();
  request.query = std::string(text);
  request.limit = k;
  request.facets = false;
  request.filters.in_stock_only = in_stock_only;
  request.filters.dietary_tags.assign(dietary.begin(), dietary.end());
  LL_ASSIGN_OR_RETURN(personalize::PersonalizedResults results,
                      personalize::PersonalizedSearch(*search_, personalization_, shop_id, user_id,
                                                      request, dietary));
  Found found;
  found.total = results.response.total;
  found.personalization_applied = results.personalization_applied;
  found.search_ms = results.search_ms;
  found.personalization_ms = results.personalization_ms;
  for (const personalize::PersonalizedHit& h : results.hits) {
    ProductCard card;
    card.product_id = h.hit.product_id;
    card.name = h.hit.name;
    card.brand = h.hit.brand;
    card.category = h.hit.category;
    card.price_cents = h.hit.price_cents;
    card.dietary_tags = h.hit.dietary_tags;
    card.in_stock = h.hit.in_stock;
    card.score = h.hit.score;
    if (h.ranked) {
      card.score = h.ranked->item.score;
      card.suggested_quantity = h.ranked->suggested_quantity;
      for (const personalize::Reason& r : h.ranked->item.reasons) {
        if (!r.detail.empty() && r.factor != "text") card.reasons.push_back(r.detail);
      }
      card.badges = h.ranked->item.badges;
    }
    found.cards.push_back(std::move(card));
  }
  return found;
}

double PackQuantity(double said, std::string_view unit, const Product& product) {
  if (!(said > 0)) return 1;
  const std::string sold = absl::AsciiStrToLower(product.unit);
  const double size = product.size;
  if (unit.empty()) {
    // A count of items sold in counted packs: "12 eggs" of a 12 ct carton.
    const bool counted = sold == "ct" || sold == "count" || sold == "pk" || sold == "pack";
    if (counted && size >= 2 && said >= size && std::fmod(said, size) == 0) return said / size;
    return said;
  }
  // The measure the product is sold in, as the supervisor names units.
  std::string_view measure;
  if (sold == "gal" || sold == "gallon") measure = "gallon";
  else if (sold == "lb" || sold == "lbs") measure = "lb";
  else if (sold == "oz" || sold == "fl oz") measure = "oz";
  else if (sold == "qt") measure = "quart";
  else if (sold == "pt") measure = "pint";
  else if (sold == "l") measure = "liter";
  else if (sold == "kg") measure = "kg";
  else if (sold == "g") measure = "g";
  if (measure.empty() || measure != unit || !(size > 0)) return said;
  return std::max(1.0, std::round(said / size));
}

std::optional<Mentioned> ResolveReference(const Session& session, const agents::Reference& ref) {
  using Kind = agents::Reference::Kind;
  if (ref.kind == Kind::kOrdinal) {
    const int n = static_cast<int>(session.shown.size());
    const int index = ref.index == -1 ? n - 1 : ref.index - 1;
    if (index < 0 || index >= n) return std::nullopt;
    return session.shown[static_cast<size_t>(index)];
  }
  if (ref.kind == Kind::kLastMentioned && !session.focus.product_id.empty()) return session.focus;
  return std::nullopt;
}

std::optional<Mentioned> MatchCartLine(std::span<const CartLine> lines, std::string_view mention) {
  const std::vector<std::string> wanted = Words(mention);
  const CartLine* best = nullptr;
  size_t best_shared = 0;
  for (const CartLine& line : lines) {
    const std::vector<std::string> have = Words(line.product.name + " " + line.product.brand);
    size_t shared = 0;
    for (const std::string& w : wanted) {
      shared += std::find(have.begin(), have.end(), w) != have.end();
    }
    if (shared > best_shared) {
      best_shared = shared;
      best = &line;
    }
  }
  if (best == nullptr) return std::nullopt;
  return Mentioned{best->product.external_id, best->product.name};
}

}  // namespace leafloaf::conversation
