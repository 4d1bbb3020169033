// libFuzzer entry point for the track body parser (run: scripts/fuzz events).
// Properties: never crashes; an accepted event is valid (known type, a
// user, a product unless it is a search, a query for a search, a rating
// 1..5 for rate only, fields within their limits); and EventJson of it parses
// back to the same event.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/event_parse.h"

namespace {

using leafloaf::Event;
using namespace leafloaf::events;

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Same(const Event& a, const Event& b) {
  return a.type == b.type && a.user_external_id == b.user_external_id &&
         a.product_external_id == b.product_external_id && a.session_id == b.session_id &&
         a.quantity == b.quantity && a.query == b.query && a.position == b.position &&
         a.strength == b.strength && a.context == b.context;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first byte picks whether the key binds a default user.
  if (size == 0) return 0;
  const ParseOptions options{.shop_id = "s", .default_user_id = (data[0] & 1) ? "U0" : ""};
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto events = ParseTrackBody(body, options);
  if (!events.ok()) return 0;
  Check(!events->empty() && events->size() <= kMaxEventsPerBatch);
  for (const Event& e : *events) {
    std::optional<EventType> type = ParseEventType(e.type);
    Check(type.has_value());
    Check(!e.user_external_id.empty() && e.user_external_id.size() <= kMaxIdBytes);
    Check(e.product_external_id.size() <= kMaxIdBytes && e.session_id.size() <= kMaxIdBytes);
    Check(*type == EventType::kSearch || !e.product_external_id.empty());
    Check(*type != EventType::kSearch || !e.query.empty());
    Check(e.query.size() <= kMaxQueryBytes && e.context.size() <= kMaxContextBytes);
    Check(e.quantity >= 0 && e.quantity <= kMaxQuantity);
    Check(e.position >= -1 && e.position <= kMaxPosition);
    Check(*type == EventType::kRate ? e.strength >= 1 && e.strength <= 5 : e.strength == 0);
    auto again = EventsFromJson(EventJson(e), options);
    Check(again.ok() && again->size() == 1 && Same((*again)[0], e));
  }
  return 0;
}
