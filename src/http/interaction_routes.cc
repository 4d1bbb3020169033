// Interaction tracking: events are acknowledged only once durable. The
// handler waits on the store's group commit like the catalog write routes
// do, on the server's commit-wait threads (Route::waits_for_commit), so
// concurrent requests share one commit and io threads never block.
#include <chrono>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "events/event_log.h"
#include "events/event_parse.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "http/routes.h"
#include "personalize/personalization_service.h"

namespace leafloaf::http {
namespace {

using nlohmann::json;

json EventSchema() {
  json types = json::array();
  for (std::string_view t : events::EventTypeNames()) types.push_back(t);
  return {
      {"type", "object"},
      {"required", {"event_type"}},
      {"properties",
       {{"event_type", {{"type", "string"}, {"enum", types}}},
        {"user_id",
         {{"type", "string"},
          {"description", "required, except with a shopper key bound to a user (its user)"}}},
        {"product_id",
         {{"type", "string"}, {"description", "required except for search; must exist (404)"}}},
        {"session_id", {{"type", "string"}}},
        {"quantity",
         {{"type", "number"},
          {"description", "> 0; default 1 for add_to_cart, remove_from_cart, purchase"}}},
        {"query", {{"type", "string"}, {"description", "required for search; <= 1024 bytes"}}},
        {"position", {{"type", "integer"}, {"description", "0-based rank where it was shown"}}},
        {"rating", {{"type", "integer"}, {"description", "rate events only, required: 1..5"}}},
        {"context", {{"type", "object"}, {"description", "free JSON object, <= 8 KiB"}}}}},
  };
}

}  // namespace

void AddInteractionRoutes(Router& router, const AppContext& app) {
  const events::EventLog log(app.store, app.clock);
  personalize::PersonalizationService* personalization = app.personalization;
  Store* store = app.store;
  const Clock* clock = app.clock;
  router.Add(Route{
      .method = "POST",
      .pattern = "/api/interactions/track",
      .roles = kAnyRole,
      .handler = [log, personalization, store, clock](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        const auto start = std::chrono::steady_clock::now();
        LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
        const bool batch = body.is_array();
        if (batch && body.size() > events::kMaxEventsPerBatch) {
          return ErrorResponse(
              413, "payload_too_large",
              absl::StrFormat("a batch holds at most %d events", events::kMaxEventsPerBatch));
        }
        // A shopper key bound to a user tracks that user only; staff keys
        // and unbound shopper keys name the user in each event.
        const Principal& who = ctx.principal;
        const bool bound = who.role == Role::kShopper && !who.user_id.empty();
        events::ParseOptions options{.shop_id = who.shop_id,
                                     .default_user_id = bound ? who.user_id : ""};
        LL_ASSIGN_OR_RETURN(std::vector<Event> events, events::EventsFromJson(body, options));
        for (const Event& e : events) {
          if (!MayActAs(who, e.user_external_id)) {
            return absl::PermissionDeniedError("a shopper key may only track its own user");
          }
        }
        std::vector<Event> learned;
        if (personalization) {
          // Stamp the time Append() would, so the engine learns the same events.
          const Micros now = clock->Now();
          for (Event& e : events) {
            if (e.at == 0) e.at = now;
          }
          learned = events;
        }
        LL_ASSIGN_OR_RETURN(std::vector<int64_t> ids, log.Append(std::move(events)));
        if (personalization) {
          // Durable now: learn (the user's next search sees it); the
          // memory-graph edges it changed are written in the background
          // (personalize/edge_writer.h): they are derived from the events.
          personalization->OnEvents(learned);
        }
        json out = {{"status", "tracked"}};
        if (batch) {
          json results = json::array();
          for (int64_t id : ids) results.push_back({{"event_id", id}, {"status", "tracked"}});
          out["count"] = ids.size();
          out["results"] = std::move(results);
        } else {
          out["event_id"] = ids[0];
        }
        out["response_time_ms"] = MillisSince(start);
        return HttpResponse::Json(out);
      },
      .openapi =
          {{"summary",
            "Track an interaction event, or a batch (a JSON array of up to 1000, all or nothing); "
            "answered once durable"},
           {"requestBody",
            {{"required", true},
             {"content",
              {{"application/json",
                {{"schema",
                  {{"oneOf",
                    {EventSchema(),
                     {{"type", "array"}, {"minItems", 1}, {"maxItems", 1000},
                      {"items", EventSchema()}}}}}}}}}}}},
           {"responses",
            {{"200",
              {{"description",
                "{status: \"tracked\", event_id, response_time_ms}; for a batch {status, count, "
                "results: [{event_id, status}], response_time_ms}"}}},
             {"400", {{"description", "malformed body, unknown event_type or bad field; nothing written"}}},
             {"404", {{"description", "unknown product; nothing written"}}},
             {"413", {{"description", "more than 1000 events"}}}}}},
      .waits_for_commit = true,
  });
}

}  // namespace leafloaf::http
