#include "conversation/conversation_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "conversation/llm_fallback.h"
#include "conversation/product_agent.h"
#include "conversation/suggestions.h"
#include "purchase/purchase_service.h"
#include "purchase/usual_basket.h"
#include "spdlog/spdlog.h"

namespace leafloaf::conversation {

using agents::Intent;
using Steady = std::chrono::steady_clock;

namespace {

std::string Money(Cents cents) { return "$" + FormatMoney(cents); }

std::string Quantity(double q) {
  return std::floor(q) == q ? absl::StrCat(static_cast<int64_t>(q)) : absl::StrFormat("%.2g", q);
}

// "Added 2 x Milk; removed Eggs. Your cart has 3 items, $12.40."
std::string CartMessage(const std::vector<std::string>& done, const cart::Cart& cart) {
  std::string text = absl::StrJoin(done, "; ");
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return absl::StrFormat("%s. Your cart has %d items, %s.", text, cart.lines.size(),
                         Money(cart.subtotal_cents));
}

std::vector<Mentioned> MentionsOf(const std::vector<ProductCard>& cards) {
  std::vector<Mentioned> out;
  for (const ProductCard& c : cards) out.push_back({c.product_id, c.name});
  return out;
}

// Declared restrictions of the session plus those said in this utterance.
std::vector<std::string> Dietary(const Session& session, const agents::Understanding& u) {
  std::vector<std::string> tags = session.dietary;
  for (const std::string& t : u.dietary) {
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  }
  return tags;
}

std::string ItemsText(const agents::Understanding& u) {
  std::vector<std::string> texts;
  for (const agents::ItemMention& m : u.items) {
    if (!m.text.empty()) texts.push_back(m.text);
  }
  return absl::StrJoin(texts, " ");
}

// Intents whose action changes the cart or places an order.
bool ChangesCart(Intent intent) {
  switch (intent) {
    case Intent::kAddToCart:
    case Intent::kRemoveFromCart:
    case Intent::kUpdateQuantity:
    case Intent::kClearCart:
    case Intent::kCheckout:
    case Intent::kAddUsual:
      return true;
    default:
      return false;
  }
}

std::string_view ActionName(Intent intent) {
  switch (intent) {
    case Intent::kAddToCart:
      return "add something to your cart";
    case Intent::kRemoveFromCart:
      return "remove something from your cart";
    case Intent::kUpdateQuantity:
      return "change a quantity in your cart";
    case Intent::kClearCart:
      return "empty your cart";
    case Intent::kCheckout:
      return "place your order";
    case Intent::kAddUsual:
      return "add your usual items";
    default:
      return "help with that";
  }
}

constexpr std::string_view kHelp =
    "I can search products (\"organic milk\"), add or remove items (\"add 2 oat milk\", \"remove "
    "the eggs\", \"make it 3\"), show or empty your cart, check out, add your usual items, tell "
    "you what you are running low on, suggest what goes with something, remember that you are "
    "vegan or on a budget, and answer questions like \"is it gluten free?\".";

}  // namespace

// Everything one turn works with.
struct ConversationService::Turn {
  const InvokeRequest& request;
  Session session;
  agents::Understanding u;
  Reply reply;
  cart::Actor actor;
};

ConversationService::ConversationService(Services services, ConversationOptions options)
    : s_(services), options_(options), sessions_(services.clock, options.sessions) {}

ConversationService::~ConversationService() = default;

const agents::Lexicon& ConversationService::ShopLexicon(std::string_view shop_id) {
  {
    absl::MutexLock lock(&lexicon_mu_);
    auto it = lexicons_.find(AsAbsl(shop_id));
    if (it != lexicons_.end()) return *it->second;
  }
  // Every brand of the catalog, read once (a new brand is matched after a
  // restart; until then its products are still found by search).
  std::vector<std::string> brands;
  absl::flat_hash_map<std::string, bool> seen;
  ProductFilter filter{.limit = 1000};
  while (true) {
    auto page = s_.store->ListProducts(shop_id, filter);
    if (!page.ok()) {
      // Not cached: the next turn reads again. This one matches no brand.
      spdlog::warn("conversation: brands of shop {}: {}", shop_id, page.status().ToString());
      static const agents::Lexicon* const kNoBrands = new agents::Lexicon();
      return *kNoBrands;
    }
    for (const Product& p : page->products) {
      if (!p.brand.empty() && seen.emplace(p.brand, true).second) brands.push_back(p.brand);
    }
    if (page->next_after_id == 0) break;
    filter.after_id = page->next_after_id;
  }
  auto lexicon = std::make_unique<agents::Lexicon>(brands);
  absl::MutexLock lock(&lexicon_mu_);
  auto [it, inserted] = lexicons_.emplace(std::string(shop_id), std::move(lexicon));
  return *it->second;
}

absl::StatusOr<Reply> ConversationService::Invoke(const InvokeRequest& request) {
  const auto start = Steady::now();
  Turn t{request, sessions_.Load(request.shop_id, request.user_id, request.session_id), {}, {}, {}};
  t.actor = {request.shop_id, request.user_id, t.session.id};
  t.reply.session_id = t.session.id;

  auto phase = Steady::now();
  const agents::Lexicon& lexicon = ShopLexicon(request.shop_id);
  t.u = s_.supervisor->Understand(request.query, lexicon);
  t.reply.timings_ms.supervisor = MillisSince(phase);
  t.reply.intent = t.u.intent;
  t.reply.confidence = t.u.confidence;

  const ProductAgent products(s_.search, s_.personalization);
  std::shared_ptr<const purchase::ShopPurchases> shop =
      s_.purchases ? s_.purchases->Shop(request.shop_id) : nullptr;
  std::vector<std::string> dietary = Dietary(t.session, t.u);
  Reply& r = t.reply;

  const Suggestions suggest(s_.store, s_.clock, shop, request.shop_id, request.user_id, dietary);
  auto read_cart = [&]() -> absl::Status {
    LL_ASSIGN_OR_RETURN(cart::Cart cart, s_.carts->Get(request.shop_id, request.user_id));
    r.cart = std::move(cart);
    return absl::OkStatus();
  };
  // The products the utterance means: its references first, then each
  // item mention resolved by search (in stock, within the restrictions).
  struct Target {
    Mentioned product;
    double quantity = 0;  // said; 0 = not said
    std::optional<ProductCard> card;
    std::string unit;  // said with the quantity ("gallon"), or ""
  };
  auto resolve = [&](bool in_stock_only) -> absl::StatusOr<std::vector<Target>> {
    std::vector<Target> targets;
    if (auto ref = ResolveReference(t.session, t.u.reference)) {
      targets.push_back({*ref, t.u.quantity, std::nullopt});
    }
    for (const agents::ItemMention& m : t.u.items) {
      if (m.text.empty()) continue;
      LL_ASSIGN_OR_RETURN(Found found, products.Search(request.shop_id, request.user_id, m.text,
                                                       dietary, 1, in_stock_only));
      r.timings_ms.search += found.search_ms;
      r.timings_ms.personalization += found.personalization_ms;
      r.personalization_applied |= found.personalization_applied;
      if (found.cards.empty()) continue;
      targets.push_back({{found.cards[0].product_id, found.cards[0].name}, m.quantity,
                         found.cards[0], m.unit});
    }
    return targets;
  };
  auto not_found_text = [&]() {
    const std::string said = ItemsText(t.u);
    return said.empty() ? std::string("I'm not sure which product you mean. Could you name it?")
                        : absl::StrFormat("I couldn't find \"%s\" in stock%s. Try other words?",
                                          said, dietary.empty() ? "" : " within your restrictions");
  };

  const bool clarify = t.u.needs_clarification;
  if (clarify && s_.llm != nullptr) {
    // The optional LLM may name the intent the rules could not (llm_fallback.h).
    if (std::optional<agents::Intent> intent = s_.llm->Classify(request.query)) {
      r.answered_by = "llm";
      r.intent = *intent;
      if (ChangesCart(*intent)) {
        // Never act on the cart on a guess: ask, naming what it would do.
        t.u.intent = *intent;
        t.u.clarifying_question = absl::StrCat(
            "Do you want me to ", AsAbsl(ActionName(*intent)),
            "? Please say it plainly, for example \"add 2 oat milk\" or \"checkout\".");
      } else {
        t.u.intent = *intent;
        t.u.needs_clarification = false;
      }
    }
  }
  if (t.u.needs_clarification) {
    r.needs_clarification = true;
    r.message = t.u.clarifying_question.empty()
                    ? "Sorry, I didn't get that. You can ask me to find products, add them to your "
                      "cart or check out."
                    : t.u.clarifying_question;
  } else {
    switch (t.u.intent) {
      case Intent::kSearch: {
        std::string text = ItemsText(t.u);
        if (text.empty()) text = request.query;
        LL_ASSIGN_OR_RETURN(Found found, products.Search(request.shop_id, request.user_id, text,
                                                         dietary, options_.results, false));
        r.timings_ms.search += found.search_ms;
        r.timings_ms.personalization += found.personalization_ms;
        r.personalization_applied = found.personalization_applied;
        r.products = std::move(found.cards);
        if (r.products.empty()) {
          r.message = absl::StrFormat("I found nothing for \"%s\"%s.", text,
                                      dietary.empty() ? "" : " within your restrictions");
        } else {
          r.message = absl::StrFormat("Here are the top %d of %d results for \"%s\"%s.",
                                      r.products.size(), found.total, text,
                                      dietary.empty()
                                          ? ""
                                          : absl::StrCat(" (", absl::StrJoin(dietary, ", "), ")"));
          t.session.shown = MentionsOf(r.products);
          t.session.focus = t.session.shown.front();
          r.suggestions.complements = suggest.Complements(r.products[0].product_id,
                                                       static_cast<size_t>(options_.suggestions));
        }
        break;
      }
      case Intent::kAddToCart: {
        LL_ASSIGN_OR_RETURN(std::vector<Target> targets, resolve(true));
        if (targets.empty()) {
          r.message = not_found_text();
          break;
        }
        std::vector<std::string> done;
        for (Target& target : targets) {
          double q = target.quantity;
          if (q > 0) {  // said: in packages of this product ("a dozen eggs" = 1 carton)
            auto product = s_.store->GetProduct(request.shop_id, target.product.product_id);
            if (product.ok()) q = PackQuantity(q, target.unit, *product);
          }
          if (q <= 0) q = suggest.Quantity(target.product.product_id).value_or(0);
          if (q <= 0 && target.card && target.card->suggested_quantity) q = *target.card->suggested_quantity;
          if (q <= 0) q = 1;
          absl::StatusOr<cart::CartChange> change = s_.carts->Add(t.actor, target.product.product_id, q);
          if (!change.ok()) {
            if (change.status().code() == absl::StatusCode::kUnavailable) return change.status();
            done.push_back(absl::StrFormat("couldn't add %s (%s)", target.product.name,
                                           change.status().message()));
            continue;
          }
          ProductCard card = target.card ? *target.card : ProductCard{};
          if (!target.card) {
            std::vector<ProductCard> c = suggest.Cards({target.product.product_id});
            if (!c.empty()) card = c[0];
          }
          card.quantity = change->quantity_after;
          r.products.push_back(card);
          done.push_back(absl::StrFormat("added %s x %s", Quantity(q), target.product.name));
          t.session.focus = target.product;
        }
        LL_RETURN_IF_ERROR(read_cart());
        r.message = CartMessage(done, *r.cart);
        if (!r.products.empty()) {
          r.suggestions.complements = suggest.Complements(r.products.back().product_id,
                                                       static_cast<size_t>(options_.suggestions));
        }
        break;
      }
      case Intent::kRemoveFromCart:
      case Intent::kUpdateQuantity: {
        const bool remove = t.u.intent == Intent::kRemoveFromCart;
        LL_RETURN_IF_ERROR(read_cart());
        std::vector<Target> targets;
        if (auto ref = ResolveReference(t.session, t.u.reference)) {
          targets.push_back({*ref, t.u.quantity, std::nullopt});
        }
        for (const agents::ItemMention& m : t.u.items) {
          if (auto line = MatchCartLine(r.cart->lines, m.text)) targets.push_back({*line, m.quantity, std::nullopt});
        }
        if (targets.empty() && !t.session.focus.product_id.empty() && !remove) {
          targets.push_back({t.session.focus, t.u.quantity, std::nullopt});  // "make it 3"
        }
        if (targets.empty()) {
          r.message = r.cart->lines.empty() ? "Your cart is empty." : "Which item do you mean?";
          break;
        }
        std::vector<std::string> done;
        for (const Target& target : targets) {
          double q = remove ? 0 : (target.quantity > 0 ? target.quantity : t.u.quantity);
          if (!remove && q <= 0) {
            done.push_back(absl::StrFormat("how many %s would you like?", target.product.name));
            continue;
          }
          absl::StatusOr<cart::CartChange> change = s_.carts->Set(t.actor, target.product.product_id, q);
          if (!change.ok()) {
            if (change.status().code() == absl::StatusCode::kUnavailable) return change.status();
            done.push_back(absl::StrFormat("couldn't change %s (%s)", target.product.name,
                                           change.status().message()));
            continue;
          }
          if (remove) {
            done.push_back(change->changed() ? absl::StrFormat("removed %s", target.product.name)
                                             : absl::StrFormat("%s wasn't in your cart", target.product.name));
          } else {
            done.push_back(absl::StrFormat("%s is now %s", target.product.name, Quantity(q)));
            t.session.focus = target.product;
          }
        }
        LL_RETURN_IF_ERROR(read_cart());
        r.message = CartMessage(done, *r.cart);
        break;
      }
      case Intent::kShowCart: {
        LL_RETURN_IF_ERROR(read_cart());
        if (r.cart->lines.empty()) {
          r.message = "Your cart is empty.";
        } else {
          std::vector<std::string> lines;
          for (const CartLine& l : r.cart->lines) {
            lines.push_back(absl::StrCat(Quantity(l.quantity), " x ", l.product.name));
            ProductCard card = CardOf(l.product);
            card.quantity = l.quantity;
            r.products.push_back(std::move(card));
          }
          r.message = absl::StrFormat("Your cart: %s. Subtotal %s.", absl::StrJoin(lines, ", "),
                                      Money(r.cart->subtotal_cents));
          t.session.shown = MentionsOf(r.products);
        }
        r.suggestions.reorder = suggest.Reorder(static_cast<size_t>(options_.suggestions), &*r.cart);
        break;
      }
      case Intent::kClearCart: {
        LL_ASSIGN_OR_RETURN(int64_t removed, s_.carts->Clear(t.actor));
        LL_RETURN_IF_ERROR(read_cart());
        r.message = removed > 0 ? absl::StrFormat("Done, I removed %d items from your cart.", removed)
                                : std::string("Your cart was already empty.");
        break;
      }
      case Intent::kCheckout: {
        absl::StatusOr<cart::CheckoutResult> placed =
            s_.carts->Checkout(t.actor, request.idempotency_key);
        if (!placed.ok()) {
          if (placed.status().code() != absl::StatusCode::kFailedPrecondition) return placed.status();
          LL_RETURN_IF_ERROR(read_cart());
          std::string why(AsStd(placed.status().message()));
          for (const CartLine& l : r.cart->lines) {  // names, not ids, for people
            const std::string quoted = "product '" + l.product.external_id + "'";
            if (auto at = why.find(quoted); at != std::string::npos) {
              why.replace(at, quoted.size(), l.product.name);
            }
          }
          r.message = absl::StrCat("I couldn't check out: ", why, ".");
          break;
        }
        r.message = absl::StrFormat("Order %s is placed: %d items, %s. Thank you!",
                                    placed->order.order.external_id, placed->order.lines.size(),
                                    Money(placed->total_cents));
        r.order = std::move(*placed);
        LL_RETURN_IF_ERROR(read_cart());
        r.suggestions.reorder = suggest.Reorder(static_cast<size_t>(options_.suggestions), &*r.cart);
        break;
      }
      case Intent::kAddUsual: {
        if (!shop) {
          r.message = "I don't know your usual items yet.";
          break;
        }
        purchase::SuggestionFilter filter(s_.store, request.shop_id, dietary);
        std::optional<Cents> budget;
        if (t.session.budget_cents >= 0) budget = t.session.budget_cents;
        purchase::UsualBasket usual =
            purchase::BuildUsualBasket(*shop, request.user_id, s_.clock->Now(), filter, budget);
        if (usual.basket.empty()) {
          r.message = usual.items.empty() ? "I don't know your usual items yet: you haven't ordered "
                                            "the same things twice."
                                          : "None of your usual items fit right now.";
          break;
        }
        LL_ASSIGN_OR_RETURN(std::vector<cart::LineChange> changes, s_.carts->TopUp(t.actor, usual.basket));
        for (const purchase::UsualBasketItem& item : usual.items) {
          if (!item.in_basket || !item.suggested.product) continue;
          ProductCard card = CardOf(*item.suggested.product);
          card.quantity = item.usual.usual_quantity;
          card.suggested_quantity = item.usual.usual_quantity;
          card.score = item.usual.confidence;
          card.reasons.push_back(absl::StrFormat("in %.0f%% of your orders", 100 * item.usual.share));
          r.suggestions.usual.push_back(card);
          r.products.push_back(std::move(card));
        }
        LL_RETURN_IF_ERROR(read_cart());
        r.message = absl::StrFormat(
            "I added your usual items: %d lines changed, %d already in your cart. Your cart is now "
            "%s.%s",
            changes.size(), usual.basket.size() - changes.size(), Money(r.cart->subtotal_cents),
            usual.left_out_for_budget.empty()
                ? ""
                : absl::StrFormat(" %d left out to stay within your budget.",
                                  usual.left_out_for_budget.size()));
        t.session.shown = MentionsOf(r.products);
        break;
      }
      case Intent::kReorderDue: {
        r.products = suggest.Reorder(static_cast<size_t>(options_.results), nullptr);
        r.suggestions.reorder = r.products;
        if (r.products.empty()) {
          r.message = "Nothing looks due right now.";
        } else {
          std::vector<std::string> names;
          for (const ProductCard& c : r.products) names.push_back(c.name);
          r.message = absl::StrCat("You may be running low on: ", absl::StrJoin(names, ", "), ".");
          t.session.shown = MentionsOf(r.products);
          t.session.focus = t.session.shown.front();
        }
        break;
      }
      case Intent::kComplements: {
        LL_ASSIGN_OR_RETURN(std::vector<Target> targets, resolve(false));
        if (targets.empty()) {
          r.message = not_found_text();
          break;
        }
        const Target& target = targets.front();
        r.products = suggest.Complements(target.product.product_id, static_cast<size_t>(options_.results));
        r.suggestions.complements = r.products;
        if (r.products.empty()) {
          r.message = absl::StrFormat("I don't know what goes with %s yet.", target.product.name);
        } else {
          std::vector<std::string> names;
          for (const ProductCard& c : r.products) names.push_back(c.name);
          r.message = absl::StrFormat("With %s, shoppers often take %s.", target.product.name,
                                      absl::StrJoin(names, ", "));
          t.session.shown = MentionsOf(r.products);
        }
        break;
      }
      case Intent::kSetDietary: {
        if (t.u.dietary.empty()) {
          r.message = "Which dietary needs should I respect? For example vegan or gluten free.";
          r.needs_clarification = true;
          break;
        }
        t.session.dietary = dietary;
        r.message = absl::StrFormat("Got it: I'll only suggest products that are %s.",
                                    absl::StrJoin(t.session.dietary, ", "));
        break;
      }
      case Intent::kSetBudget: {
        if (t.u.budget_cents < 0) {
          r.message = "What budget should I keep to?";
          r.needs_clarification = true;
          break;
        }
        t.session.budget_cents = t.u.budget_cents;
        r.message = absl::StrFormat("Got it: I'll keep your usual basket under %s.",
                                    Money(t.u.budget_cents));
        break;
      }
      case Intent::kProductQuestion: {
        std::optional<Mentioned> about = ResolveReference(t.session, t.u.reference);
        if (!about && !t.u.items.empty()) {
          LL_ASSIGN_OR_RETURN(std::vector<Target> targets, resolve(false));
          if (!targets.empty()) about = targets.front().product;
        }
        if (!about && !t.session.focus.product_id.empty()) about = t.session.focus;
        if (!about) {
          r.message = "Which product do you mean?";
          r.needs_clarification = true;
          break;
        }
        auto product = s_.store->GetProduct(request.shop_id, about->product_id);
        if (!product.ok()) {
          r.message = absl::StrFormat("%s is no longer sold.", about->name);
          break;
        }
        r.products.push_back(CardOf(*product));
        t.session.focus = *about;
        if (!t.u.dietary.empty()) {
          std::vector<std::string> yes, no;
          for (const std::string& tag : t.u.dietary) {
            const bool has = std::find(product->dietary_tags.begin(), product->dietary_tags.end(),
                                       tag) != product->dietary_tags.end();
            (has ? yes : no).push_back(tag);
          }
          r.message = no.empty()
                          ? absl::StrFormat("Yes, %s is %s.", product->name, absl::StrJoin(yes, " and "))
                          : absl::StrFormat("No, %s is not labelled %s.", product->name,
                                            absl::StrJoin(no, " or "));
        } else {
          r.message = absl::StrFormat(
              "%s%s costs %s and is %s.%s", product->name,
              product->brand.empty() ? "" : absl::StrCat(" by ", product->brand),
              Money(product->price_cents), product->in_stock() ? "in stock" : "out of stock",
              product->dietary_tags.empty()
                  ? ""
                  : absl::StrCat(" It is ", absl::StrJoin(product->dietary_tags, ", "), "."));
        }
        break;
      }
      case Intent::kHelp:
        r.message = std::string(kHelp);
        break;
      case Intent::kOther:
        r.needs_clarification = true;
        r.message = absl::StrCat("I'm not sure how to help with that. ", AsAbsl(kHelp));
        break;
    }
  }

  phase = Steady::now();
  for (const ProductCard& c : r.products) {
    for (const std::string& reason : c.reasons) {
      if (std::find(r.personalization_reasons.begin(), r.personalization_reasons.end(), reason) ==
              r.personalization_reasons.end() &&
          r.personalization_reasons.size() < 5) {
        r.personalization_reasons.push_back(reason);
      }
    }
  }
  r.understood = t.u;
  ++t.session.turns;
  sessions_.Save(std::move(t.session));
  r.timings_ms.compile = MillisSince(phase);
  r.timings_ms.total = MillisSince(start);
  return std::move(t.reply);
}

}  // namespace leafloaf::conversation
