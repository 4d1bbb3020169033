// Interaction tracking: events are acknowledged only once durable. The
// handler is asynchronous (Route::async_handler): it parses and checks the
// request on the io thread, appends the events to the store's journal
// (EventLog::Start with a callback) and returns; the journal's group sync
// answers it, and the rest (learning, the JSON) runs on an io thread. No
// thread waits for the sync, and concurrent requests share one.
#include <chrono>
#include <optional>

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

// A track request, parsed and checked, ready to append.
struct Tracked {
  std::vector<Event> events;
  std::vector<Event> learned;  // a copy for the preference engine, if any
  bool batch = false;
  std::optional<HttpResponse> refused;  // answered without writing
};

absl::StatusOr<Tracked> Prepare(RequestContext& ctx, bool learns, const Clock* clock) {
  Tracked out;
  LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
  out.batch = body.is_array();
  if (out.batch && body.size() > events::kMaxEventsPerBatch) {
    out.refused = ErrorResponse(
        413, "payload_too_large",
        absl::StrFormat("a batch holds at most %d events", events::kMaxEventsPerBatch));
    return out;
  }
  // A shopper key bound to a user tracks that user only; staff keys and
  // unbound shopper keys name the user in each event.
  const Principal& who = ctx.principal;
  const bool bound = who.role == Role::kShopper && !who.user_id.empty();
  events::ParseOptions options{.shop_id = who.shop_id, .default_user_id = bound ? who.user_id : ""};
  LL_ASSIGN_OR_RETURN(out.events, events::EventsFromJson(body, options));
  for (const Event& e : out.events) {
    if (!MayActAs(who, e.user_external_id)) {
      return absl::PermissionDeniedError("a shopper key may only track its own user");
    }
  }
  if (learns) {
    // Stamp the time Append() would, so the engine learns the same events.
    const Micros now = clock->Now();
    for (Event& e : out.events) {
      if (e.at == 0) e.at = now;
    }
    out.learned = out.events;
  }
  return out;
}

HttpResponse Answer(const std::vector<int64_t>& ids, bool batch,
                    std::chrono::steady_clock::time_point start) {
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
}

}  // namespace

void AddInteractionRoutes(Router& router, const AppContext& app) {
  const events::EventLog log(app.store, app.clock);
  personalize::PersonalizationService* personalization = app.personalization;
  const Clock* clock = app.clock;
  router.Add(Route{
      .method = "POST",
      .pattern = "/api/interactions/track",
      .roles = kAnyRole,
      .async_handler = [log, personalization, clock](RequestContext& ctx, Resume resume) {
        const auto start = std::chrono::steady_clock::now();
        absl::StatusOr<Tracked> tracked = Prepare(ctx, personalization != nullptr, clock);
        if (!tracked.ok() || tracked->refused) {
          std::move(resume)([tracked = std::move(tracked)]() mutable -> absl::StatusOr<HttpResponse> {
            if (!tracked.ok()) return tracked.status();
            return std::move(*tracked->refused);
          });
          return;
        }
        const bool batch = tracked->batch;
        // Answered on the journal's thread once durable; the rest (learning,
        // the JSON) runs on an io thread.
        log.Start(std::move(tracked->events),
                  [resume = std::move(resume), learned = std::move(tracked->learned), batch, start,
                   personalization](WriteResult result) mutable {
                    std::move(resume)([result = std::move(result), learned = std::move(learned),
                                       batch, start, personalization]() mutable
                                      -> absl::StatusOr<HttpResponse> {
                      LL_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                                          events::EventLog::Finish(std::move(result)));
                      if (personalization) {
                        // Durable now: learn (the user's next search sees
                        // it); the memory-graph edges it changed are written
                        // in the background (personalize/edge_writer.h): they
                        // are derived from the events.
                        personalization->OnEvents(learned);
                      }
                      return Answer(ids, batch, start);
                    });
                  });
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
  });
}

}  // namespace leafloaf::http
