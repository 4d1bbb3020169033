// The cart over HTTP (issue 6; cart/cart_service.h):
//   GET    /api/cart                          the cart, priced
//   POST   /api/cart/items {product_id, quantity}   add (default 1)
//   PATCH  /api/cart/items/{product_id} {quantity}  set (0 removes)
//   DELETE /api/cart/items/{product_id}       remove the line
//   DELETE /api/cart                          empty the cart
//   POST   /api/cart/usual {budget?, dietary_restrictions?}   add my usual basket
//   POST   /api/cart/checkout                 place the order (Idempotency-Key header)
// A shopper key bound to a user acts for that user; staff keys (a shop's
// own backend) and unbound shopper keys name the user with `user_id` in the
// query or the body. Every change answers with the cart as it is after it.
#include <cmath>
#include <optional>

#include "absl/strings/str_format.h"
#include "cart/cart_service.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "http/errors.h"
#include "http/cart_json.h"
#include "http/json_body.h"
#include "http/query_params.h"
#include "http/routes.h"
#include "purchase/purchase_service.h"
#include "purchase/usual_basket.h"

namespace leafloaf::http {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxIdempotencyKeyBytes = 255;

// The body as an object; an absent body is an empty object (DELETE, GET).
absl::StatusOr<json> OptionalBody(const RequestContext& ctx) {
  if (ctx.request.body.empty()) return json::object();
  LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
  if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  return body;
}

// Whose cart: the bound shopper's, else `user_id` from the query or body.
absl::StatusOr<cart::Actor> CartActor(const RequestContext& ctx, const json& body) {
  const Principal& who = ctx.principal;
  std::string user;
  if (auto q = ctx.request.Query("user_id")) user = std::string(*q);
  LL_ASSIGN_OR_RETURN(std::optional<std::string> from_body, OptionalString(body, "user_id"));
  if (user.empty() && from_body) user = *from_body;
  if (who.role == Role::kShopper && !who.user_id.empty()) {
    if (!user.empty() && user != who.user_id) {
      return absl::PermissionDeniedError("a shopper key may only use its own cart");
    }
    user = who.user_id;
  }
  if (user.empty()) return absl::InvalidArgumentError("user_id is required");
  if (user.size() > 256) return absl::InvalidArgumentError("user_id is longer than 256 bytes");
  cart::Actor actor{who.shop_id, std::move(user), ""};
  LL_ASSIGN_OR_RETURN(std::optional<std::string> session, OptionalString(body, "session_id"));
  if (session) actor.session_id = *session;
  return actor;
}

// `quantity`: a number in (0, kMaxCartQuantity] (or [0, ...] when zero_ok);
// `fallback` when absent (nullopt: required).
absl::StatusOr<double> Quantity(const json& body, std::optional<double> fallback, bool zero_ok) {
  LL_ASSIGN_OR_RETURN(std::optional<double> q, OptionalNumber(body, "quantity"));
  if (!q) {
    if (fallback) return *fallback;
    return absl::InvalidArgumentError("quantity is required");
  }
  if (!std::isfinite(*q) || *q > kMaxCartQuantity || (zero_ok ? *q < 0 : *q <= 0)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "quantity must be a number %s and at most %g", zero_ok ? "of 0 or more" : "above 0",
        kMaxCartQuantity));
  }
  return *q;
}

// A cart whose state refuses the change (full; at checkout empty, out of
// stock or no longer sold) is a 409 conflict, not a failed precondition of
// the request's headers (412).
HttpResponse ConflictOr(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kFailedPrecondition) {
    return ErrorResponse(409, "cart_conflict", AsStd(status.message()));
  }
  return ErrorResponse(status);
}

// The cart after a change, as the response.
absl::StatusOr<HttpResponse> CartAfter(const cart::CartService& carts, const cart::Actor& who,
                                       json extra = json::object()) {
  LL_ASSIGN_OR_RETURN(cart::Cart cart, carts.Get(who.shop_id, who.user_id));
  json out = CartJson(cart);
  for (auto& [key, value] : extra.items()) out[key] = value;
  return HttpResponse::Json(out);
}

json ChangeJson(std::string_view product_id, const cart::CartChange& change) {
  return {{"product_id", product_id},
          {"quantity_before", change.quantity_before},
          {"quantity", change.quantity_after}};
}

}  // namespace

void AddCartRoutes(Router& router, const AppContext& app) {
  const cart::CartService* carts = app.carts;
  purchase::PurchaseService* purchases = app.purchases;
  Store* store = app.store;
  const Clock* clock = app.clock;
  if (carts == nullptr) return;

  router.Add(Route{
      .method = "GET",
      .pattern = "/api/cart",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, json::object()));
        return CartAfter(*carts, who);
      },
      .openapi = {{"summary",
                   "The user's cart: items with price, quantity, line total, availability and "
                   "stock; item_count, total_quantity, subtotal"}},
  });

  router.Add(Route{
      .method = "POST",
      .pattern = "/api/cart/items",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
        if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        LL_ASSIGN_OR_RETURN(std::optional<std::string> product, OptionalString(body, "product_id"));
        if (!product || product->empty()) return absl::InvalidArgumentError("product_id is required");
        LL_ASSIGN_OR_RETURN(double quantity, Quantity(body, 1.0, /*zero_ok=*/false));
        absl::StatusOr<cart::CartChange> change = carts->Add(who, *product, quantity);
        if (!change.ok()) return ConflictOr(change.status());
        return CartAfter(*carts, who, {{"change", ChangeJson(*product, *change)}});
      },
      .openapi = {{"summary",
                   "Add a product to the cart: {product_id, quantity (default 1), user_id (staff "
                   "keys)}; answers with the cart; records an add_to_cart event"},
                  {"responses",
                   {{"200", {{"description", "the cart, with `change`"}}},
                    {"400", {{"description", "bad quantity, or the cart would exceed its limits"}}},
                    {"404", {{"description", "unknown product"}}}}}},
      .waits_for_commit = true,
  });

  router.Add(Route{
      .method = "PATCH",
      .pattern = "/api/cart/items/{product_id}",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
        if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        LL_ASSIGN_OR_RETURN(double quantity, Quantity(body, std::nullopt, /*zero_ok=*/true));
        const std::string product(ctx.Param("product_id"));
        absl::StatusOr<cart::CartChange> change = carts->Set(who, product, quantity);
        if (!change.ok()) return ConflictOr(change.status());
        return CartAfter(*carts, who, {{"change", ChangeJson(product, *change)}});
      },
      .openapi = {{"summary",
                   "Set a cart line's quantity ({quantity}: 0 removes it); answers with the cart"}},
      .waits_for_commit = true,
  });

  router.Add(Route{
      .method = "DELETE",
      .pattern = "/api/cart/items/{product_id}",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, OptionalBody(ctx));
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        const std::string product(ctx.Param("product_id"));
        LL_ASSIGN_OR_RETURN(cart::CartChange change, carts->Set(who, product, 0));
        return CartAfter(*carts, who,
                         {{"change", ChangeJson(product, change)}, {"removed", change.changed()}});
      },
      .openapi = {{"summary",
                   "Remove a product from the cart (no error when it was not there: removed is "
                   "false); answers with the cart"}},
      .waits_for_commit = true,
  });

  router.Add(Route{
      .method = "DELETE",
      .pattern = "/api/cart",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, OptionalBody(ctx));
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        LL_ASSIGN_OR_RETURN(int64_t removed, carts->Clear(who));
        return CartAfter(*carts, who, {{"removed_lines", removed}});
      },
      .openapi = {{"summary", "Empty the cart"}},
      .waits_for_commit = true,
  });

  router.Add(Route{
      .method = "POST",
      .pattern = "/api/cart/usual",
      .roles = kAnyRole,
      .handler = [carts, purchases, store, clock](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, OptionalBody(ctx));
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        LL_ASSIGN_OR_RETURN(std::optional<double> budget, OptionalNumber(body, "budget"));
        if (budget && (!std::isfinite(*budget) || *budget <= 0)) {
          return absl::InvalidArgumentError("budget must be a positive number");
        }
        LL_ASSIGN_OR_RETURN(std::vector<std::string> declared,
                            DietaryBodyField(body, "dietary_restrictions"));
        purchase::SuggestionFilter filter(store, who.shop_id, std::move(declared));
        std::optional<Cents> budget_cents;
        if (budget) budget_cents = static_cast<Cents>(std::llround(*budget * 100));
        purchase::UsualBasket usual;
        if (auto shop = purchases ? purchases->Shop(who.shop_id) : nullptr) {
          usual = purchase::BuildUsualBasket(*shop, who.user_id, clock->Now(), filter, budget_cents);
        }
        // Each usual item is topped up to its usual quantity: what is
        // already in the cart counts, nothing is doubled.
        absl::StatusOr<std::vector<cart::LineChange>> topped = carts->TopUp(who, usual.basket);
        if (!topped.ok()) return ConflictOr(topped.status());
        const std::vector<cart::LineChange>& changes = *topped;
        json added = json::array();
        for (const cart::LineChange& c : changes) added.push_back(ChangeJson(c.product_id, c.change));
        return CartAfter(*carts, who,
                         {{"added", std::move(added)},
                          {"left_out_for_budget", usual.left_out_for_budget},
                          {"out_of_stock", usual.out_of_stock},
                          {"filtered_out", filter.filtered_out()}});
      },
      .openapi = {{"summary",
                   "Put the user's usual basket (GET /api/users/{id}/usual's one-click basket) in "
                   "the cart: each in-season usual item topped up to its usual quantity; body "
                   "{budget?, dietary_restrictions?, user_id?}; answers with the cart and `added`"}},
      .waits_for_commit = true,
  });

  router.Add(Route{
      .method = "POST",
      .pattern = "/api/cart/checkout",
      .roles = kAnyRole,
      .handler = [carts](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, OptionalBody(ctx));
        LL_ASSIGN_OR_RETURN(cart::Actor who, CartActor(ctx, body));
        const std::string_view key = ctx.request.Header("idempotency-key");
        if (key.size() > kMaxIdempotencyKeyBytes) {
          return absl::InvalidArgumentError("Idempotency-Key is longer than 255 bytes");
        }
        absl::StatusOr<cart::CheckoutResult> placed = carts->Checkout(who, key);
        if (!placed.ok()) return ConflictOr(placed.status());
        HttpResponse response = HttpResponse::Json(OrderJson(*placed), placed->replayed ? 200 : 201);
        if (placed->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
        return response;
      },
      .openapi = {{"summary",
                   "Place the cart as an order, atomically: stock checked, lines at current prices, "
                   "cart emptied. With an Idempotency-Key header a retry returns the same order "
                   "(200, Idempotent-Replayed: true) instead of placing another"},
                  {"responses",
                   {{"201", {{"description", "the order: {order_id, lines, total, placed_at, ...}"}}},
                    {"200", {{"description", "a replay of an earlier checkout with the same key"}}},
                    {"409",
                     {{"description",
                       "cart_conflict: the cart is empty, or a line is out of stock or no longer "
                       "sold; nothing changed"}}}}}},
      .waits_for_commit = true,
  });
}

}  // namespace leafloaf::http
