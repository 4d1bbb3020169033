// Route groups. Each Add*Routes function registers one area's endpoints
// in the router, with their roles and OpenAPI documentation.
#ifndef LEAFLOAF_HTTP_ROUTES_H_
#define LEAFLOAF_HTTP_ROUTES_H_

#include <string>

#include "common/time.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

namespace leafloaf::search {
class SearchService;
}  // namespace leafloaf::search
namespace leafloaf::personalize {
class PersonalizationService;
}  // namespace leafloaf::personalize
namespace leafloaf::purchase {
class PurchaseService;
class InsightsService;
}  // namespace leafloaf::purchase
namespace leafloaf::cart {
class CartService;
}  // namespace leafloaf::cart
namespace leafloaf::conversation {
class ConversationService;
}  // namespace leafloaf::conversation

namespace leafloaf::http {

// What route handlers need. Pointers are not owned and outlive the router.
struct AppContext {
  Store* store = nullptr;
  search::SearchService* search = nullptr;
  // Null: no personalization (personalized search is text ranking).
  personalize::PersonalizationService* personalization = nullptr;
  // Null: purchase endpoints answer with empty lists.
  purchase::PurchaseService* purchases = nullptr;
  // Null: no insights endpoints.
  purchase::InsightsService* insights = nullptr;
  // Null: no cart endpoints.
  const cart::CartService* carts = nullptr;
  // Null: no conversation endpoints.
  conversation::ConversationService* conversation = nullptr;
  // POST /webhooks/elevenlabs: the shop the voice client serves and the
  // signing secret; either empty = the webhook answers 503.
  std::string voice_shop;
  std::string voice_secret;
  Metrics* metrics = nullptr;
  const Clock* clock = nullptr;
  std::string version;
  std::string store_backend = "sqlite";
  Micros started_at = 0;
  // The web app's build (web/dist) served at "/"; empty = not served.
  std::string web_root;
};

// GET /health, GET /metrics, GET /openapi.json (public).
void AddSystemRoutes(Router& router, const AppContext& app);
// GET /api/products, GET /api/products/{id}.
void AddCatalogRoutes(Router& router, const AppContext& app);
// POST /api/products, DELETE /api/products/{id} (merchant, admin).
void AddCatalogWriteRoutes(Router& router, const AppContext& app);
// GET /api/search, POST /api/search/personalized.
void AddSearchRoutes(Router& router, const AppContext& app);
// POST /api/interactions/track (any role; a shopper key bound to a user
// tracks that user only).
void AddInteractionRoutes(Router& router, const AppContext& app);
// GET /api/users/{id}/profile, GET /api/users/{id}/export.
void AddUserRoutes(Router& router, const AppContext& app);

// GET /api/users/{id}/usual, .../reorder, .../next-basket,
// GET /api/products/{id}/complements.
void AddPurchaseRoutes(Router& router, const AppContext& app);

// GET /api/users/{id}/insights, GET /api/products/{id}/alternatives.
void AddInsightsRoutes(Router& router, const AppContext& app);

// GET/DELETE /api/cart, POST /api/cart/items, PATCH/DELETE
// /api/cart/items/{product_id}, POST /api/cart/usual, POST /api/cart/checkout.
void AddCartRoutes(Router& router, const AppContext& app);

// POST /graph/invoke, POST /webhooks/elevenlabs.
void AddGraphRoutes(Router& router, const AppContext& app);

// GET /{path...}: the web app under app.web_root, when set (last: a catch-all).
void AddStaticRoutes(Router& router, const AppContext& app);

// Every route group, in order. The OpenAPI route documents all of them.
void AddAllRoutes(Router& router, const AppContext& app);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_ROUTES_H_
