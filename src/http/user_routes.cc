// A user's profile and everything stored about them:
//   GET /api/users/{id}/profile  preferences and the memory graph's open edges
//   GET /api/users/{id}/export   the user, every event, orders, preferences, edges
//   DELETE /api/users/{id}       erases the user's events, edges, cart and
//                                preferences (reviews kept, anonymous;
//                                orders kept), with an audit entry
// A shopper key bound to a user reaches only that user; staff keys any user
// of their shop.
#include "common/status_macros.h"
#include "events/event_parse.h"
#include "http/routes.h"
#include "personalize/personalization_service.h"
#include "personalize/preference_types.h"

namespace leafloaf::http {
namespace {

using json = nlohmann::json;

json EdgeJson(const MemoryEdge& e) {
  json out = {{"dst_kind", e.dst_kind}, {"dst_id", e.dst_id},     {"relation", e.relation},
              {"weight", e.weight},     {"valid_from", e.valid_from}};
  out["valid_to"] = e.valid_to == 0 ? json(nullptr) : json(e.valid_to);
  return out;
}

json ProfileJson(personalize::PersonalizationService* p, std::string_view shop,
                 std::string_view user, Micros now) {
  json out = {{"user_id", user}};
  if (p == nullptr) {
    out["preferences"] = nullptr;
    out["edges"] = json::array();
    return out;
  }
  out["preferences"] = personalize::SnapshotJson(p->engine().Snapshot(shop, user, now));
  json edges = json::array();
  for (const MemoryEdge& e : p->engine().OpenEdges(shop, user, now)) edges.push_back(EdgeJson(e));
  out["edges"] = std::move(edges);
  return out;
}

}  // namespace

void AddUserRoutes(Router& router, const AppContext& app) {
  personalize::PersonalizationService* personalization = app.personalization;
  Store* store = app.store;
  const Clock* clock = app.clock;
  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/profile",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        return HttpResponse::Json(ProfileJson(personalization, ctx.principal.shop_id, user, clock->Now()));
      },
      .openapi = {{"summary", "A user's learned preferences and memory-graph edges"}},
  });
  router.Add(Route{
      .method = "GET",
      .pattern = "/api/users/{id}/export",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        const std::string& shop = ctx.principal.shop_id;
        json out = ProfileJson(personalization, shop, user, clock->Now());
        auto record = store->GetUser(shop, user);
        if (!record.ok() && record.status().code() != absl::StatusCode::kNotFound) {
          return record.status();
        }
        out["user"] = record.ok() ? json{{"user_id", record->external_id},
                                         {"household_id", record->household_external_id}}
                                  : json(nullptr);
        // Every event of the shop is scanned: fine for an export, a
        // per-user index would serve it faster.
        json events = json::array();
        LL_RETURN_IF_ERROR(store->ScanEvents(shop, 0, [&](const Event& e) {
          if (e.user_external_id == user) events.push_back(events::EventJson(e));
          return absl::OkStatus();
        }));
        out["events"] = std::move(events);
        LL_ASSIGN_OR_RETURN(std::vector<OrderWithLines> orders, store->ListUserOrders(shop, user, 10000));
        json order_list = json::array();
        for (const OrderWithLines& o : orders) {
          json lines = json::array();
          for (const OrderLine& l : o.lines) {
            lines.push_back({{"product_id", l.product_external_id}, {"quantity", l.quantity},
                             {"unit_price_cents", l.unit_price_cents}});
          }
          order_list.push_back({{"order_id", o.order.external_id},
                                {"placed_at", o.order.placed_at},
                                {"status", o.order.status},
                                {"lines", std::move(lines)}});
        }
        out["orders"] = std::move(order_list);
        return HttpResponse::Json(out);
      },
      .openapi = {{"summary",
                   "Everything stored about a user: record, events, orders, preferences, edges"}},
  });
  router.Add(Route{
      .method = "DELETE",
      .pattern = "/api/users/{id}",
      .roles = kAnyRole,
      .handler = [=](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const std::string user(ctx.Param("id"));
        LL_RETURN_IF_ERROR(CheckMayRead(ctx.principal, user));
        const Principal& who = ctx.principal;
        if (who.role == Role::kShopper && who.user_id.empty()) {
          return absl::PermissionDeniedError("a shopper key must be bound to the user it erases");
        }
        // First: the edges queued for the user must not be written after
        // the erase (personalize/edge_writer.h). Should the erase fail, the
        // preferences come back from the events at the next start.
        if (personalization) personalization->ForgetUser(who.shop_id, user);
        WriteBatch batch;
        batch.atomic = true;
        batch.Add(EraseUserActivity{.shop_id = who.shop_id, .user_external_id = user});
        batch.Add(AuditEntry{.shop_id = who.shop_id,
                             .actor = "key:" + std::to_string(who.key_id),
                             .action = "erase_user",
                             .subject = user,
                             .at = clock->Now()});
        WriteResult result = store->Write(std::move(batch));
        LL_RETURN_IF_ERROR(result.status);
        for (const absl::Status& s : result.results) LL_RETURN_IF_ERROR(s);
        return HttpResponse::Json(
            {{"status", "erased"}, {"user_id", user}, {"events_erased", result.ids.at(0)}});
      },
      .openapi = {{"summary",
                   "Erase a user's events, edges, cart and preferences (orders kept; reviews "
                   "kept anonymous); writes an audit entry"}},
      .waits_for_commit = true,
  });
}

}  // namespace leafloaf::http
