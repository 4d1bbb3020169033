// Parsing and validation of tracked interaction events: the JSON body of
// POST /api/interactions/track (one event object, or an array of them)
// becomes store Events. No I/O; the store checks the product and creates
// the user when the events are written (events/event_log.h).
//
// An event object:
//   {"event_type": "click_product",   required, one of EventTypeNames()
//    "user_id": "U1",                  required unless a default user is given
//    "product_id": "P1",               required except for `search`
//    "session_id": "s-42",             optional
//    "quantity": 2,                    optional, > 0; default 1 for add_to_cart,
//                                      remove_from_cart and purchase, else 0
//    "query": "oat milk",              required for `search`, optional otherwise
//    "position": 3,                    optional, 0-based rank where it was shown
//    "rating": 4,                      `rate` only, required there: integer 1..5
//    "context": {...}}                 optional JSON object, stored as text
// Ids may be sent as strings or integers. Unknown fields are ignored, so
// clients of the Python system can keep sending their extras.
//
// Stored: Event.strength is the rating for `rate` events and 0 for the
// others (signal weights belong to the preference engine's config, so that
// changing them re-weights old events too).
//
// Thread-safety: stateless functions.
#ifndef LEAFLOAF_EVENTS_EVENT_PARSE_H_
#define LEAFLOAF_EVENTS_EVENT_PARSE_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "store/records.h"

namespace leafloaf::events {

enum class EventType {
  kSearch,
  kClickProduct,
  kAddToCart,
  kRemoveFromCart,
  kPurchase,
  kDisplayedButScrolled,
  kRate,
};

// "search", "click_product", ...; the names stored in Event::type.
std::string_view EventTypeName(EventType type);
std::optional<EventType> ParseEventType(std::string_view name);
std::span<const std::string_view> EventTypeNames();

// Field limits, in bytes of UTF-8 unless said otherwise.
inline constexpr size_t kMaxIdBytes = 256;        // user_id, product_id, session_id
inline constexpr size_t kMaxQueryBytes = 1024;    // as GET /api/search
inline constexpr size_t kMaxContextBytes = 8192;  // context, serialized
inline constexpr int kMaxContextDepth = 8;        // nesting of context
inline constexpr int kMaxPosition = 100000;
inline constexpr double kMaxQuantity = 1e6;
inline constexpr size_t kMaxEventsPerBatch = 1000;

struct ParseOptions {
  std::string shop_id;          // copied into every event
  std::string default_user_id;  // used when an event has no user_id; may be ""
  Micros at = 0;                // copied into every event (0: the store's commit time)
};

// One event object. kInvalidArgument naming the field when it is missing,
// of the wrong type or out of range.
absl::StatusOr<Event> EventFromJson(const nlohmann::json& object, const ParseOptions& options);

// A body: one object, or an array of 1..kMaxEventsPerBatch objects.
// Errors in a batch name the event's index ("event 3: ...").
// REQUIRES for arrays: the caller checked the size if it wants another
// status than kInvalidArgument for too many events.
absl::StatusOr<std::vector<Event>> EventsFromJson(const nlohmann::json& body,
                                                  const ParseOptions& options);

// Parses the raw body text, then EventsFromJson.
absl::StatusOr<std::vector<Event>> ParseTrackBody(std::string_view body,
                                                  const ParseOptions& options);

// An event as the API shows it: the fields above plus event_id and
// timestamp (ISO 8601 UTC). Parsing it back gives the same event.
nlohmann::json EventJson(const Event& event);

}  // namespace leafloaf::events

#endif  // LEAFLOAF_EVENTS_EVENT_PARSE_H_
