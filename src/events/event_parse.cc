#include "events/event_parse.h"

#include <array>
#include <cmath>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/strings.h"

namespace leafloaf::events {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kTypeNames = {
    "search",   "click_product",          "add_to_cart", "remove_from_cart",
    "purchase", "displayed_but_scrolled", "rate",
};

absl::Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s %s", AsAbsl(field), AsAbsl(what)));
}

const json* Field(const json& obj, std::string_view name) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// Ids arrive as strings or integers; no control characters, bounded size.
absl::StatusOr<std::string> IdField(const json& obj, std::string_view name) {
  const json* v = Field(obj, name);
  if (v == nullptr) return std::string();
  std::string id;
  if (v->is_string()) {
    id = v->get_ref<const std::string&>();
  } else if (v->is_number_integer()) {
    id = v->is_number_unsigned() ? std::to_string(v->get<uint64_t>())
                                 : std::to_string(v->get<int64_t>());
  } else {
    return Invalid(name, "must be a string");
  }
  if (id.size() > kMaxIdBytes) {
    return Invalid(name, absl::StrFormat("is longer than %d bytes", kMaxIdBytes));
  }
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) return Invalid(name, "contains a control character");
  }
  return id;
}

absl::StatusOr<std::string> TextField(const json& obj, std::string_view name, size_t max_bytes) {
  const json* v = Field(obj, name);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return Invalid(name, "must be a string");
  const std::string& text = v->get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return Invalid(name, absl::StrFormat("is longer than %d bytes", max_bytes));
  }
  return text;
}

// An integer, also when sent as 3.0.
absl::StatusOr<std::optional<int64_t>> IntegerField(const json& obj, std::string_view name) {
  const json* v = Field(obj, name);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_unsigned()) {
    uint64_t u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return Invalid(name, "is out of range");
    return static_cast<int64_t>(u);
  }
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      return static_cast<int64_t>(d);
    }
  }
  return Invalid(name, "must be an integer");
}

// Depth of nesting, without recursion (a 1 MiB body can nest 500k deep).
int Depth(const json& root, int limit) {
  std::vector<std::pair<const json*, int>> stack = {{&root, 1}};
  int deepest = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (deepest > limit) return deepest;
    if (node->is_structured()) {
      for (const json& child : *node) stack.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

absl::StatusOr<std::string> ContextField(const json& obj) {
  const json* v = Field(obj, "context");
  if (v == nullptr) return std::string();
  if (!v->is_object()) return Invalid("context", "must be a JSON object");
  if (v->empty()) return std::string();
  if (Depth(*v, kMaxContextDepth) > kMaxContextDepth) {
    return Invalid("context", absl::StrFormat("nests deeper than %d levels", kMaxContextDepth));
  }
  // Every string in a parsed document is valid UTF-8, so dump() cannot throw.
  std::string text = v->dump();
  if (text.size() > kMaxContextBytes) {
    return Invalid("context", absl::StrFormat("is larger than %d bytes", kMaxContextBytes));
  }
  return text;
}

bool NeedsProduct(EventType type) { return type != EventType::kSearch; }

bool CountsUnits(EventType type) {
  return type == EventType::kAddToCart || type == EventType::kRemoveFromCart ||
         type == EventType::kPurchase;
}

}  // namespace

std::string_view EventTypeName(EventType type) { return kTypeNames[static_cast<size_t>(type)]; }

std::optional<EventType> ParseEventType(std::string_view name) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> EventTypeNames() { return kTypeNames; }

absl::StatusOr<Event> EventFromJson(const json& object, const ParseOptions& options) {
  if (!object.is_object()) return absl::InvalidArgumentError("an event must be a JSON object");
  const json* type_field = Field(object, "event_type");
  if (type_field == nullptr) return Invalid("event_type", "is required");
  if (!type_field->is_string()) return Invalid("event_type", "must be a string");
  const std::string& type_name = type_field->get_ref<const std::string&>();
  std::optional<EventType> type = ParseEventType(type_name);
  if (!type) {
    // Echo the name only when short: cutting it could split a UTF-8 sequence.
    std::string shown = type_name.size() <= 64 ? " '" + type_name + "'" : "";
    return absl::InvalidArgumentError(absl::StrFormat(
        "unknown event_type%s; expected one of: %s", shown,
        absl::StrJoin(kTypeNames, ", ",
                      [](std::string* out, std::string_view name) { out->append(name); })));
  }

  Event e;
  e.shop_id = options.shop_id;
  e.type = std::string(EventTypeName(*type));
  e.at = options.at;
  LL_ASSIGN_OR_RETURN(e.user_external_id, IdField(object, "user_id"));
  if (e.user_external_id.empty()) e.user_external_id = options.default_user_id;
  if (e.user_external_id.empty()) return Invalid("user_id", "is required");
  LL_ASSIGN_OR_RETURN(e.product_external_id, IdField(object, "product_id"));
  if (NeedsProduct(*type) && e.product_external_id.empty()) {
    return Invalid("product_id", absl::StrFormat("is required for %s events", type_name));
  }
  LL_ASSIGN_OR_RETURN(e.session_id, IdField(object, "session_id"));
  LL_ASSIGN_OR_RETURN(e.query, TextField(object, "query", kMaxQueryBytes));
  if (*type == EventType::kSearch && e.query.empty()) {
    return Invalid("query", "is required for search events");
  }

  if (const json* q = Field(object, "quantity")) {
    if (!q->is_number()) return Invalid("quantity", "must be a number");
    double quantity = q->get<double>();
    if (!std::isfinite(quantity) || quantity <= 0 || quantity > kMaxQuantity) {
      return Invalid("quantity", "must be a positive number up to 1000000");
    }
    e.quantity = quantity;
  } else if (CountsUnits(*type)) {
    e.quantity = 1;
  }

  LL_ASSIGN_OR_RETURN(std::optional<int64_t> position, IntegerField(object, "position"));
  if (position) {
    if (*position < 0 || *position > kMaxPosition) {
      return Invalid("position", absl::StrFormat("must be from 0 to %d", kMaxPosition));
    }
    e.position = static_cast<int>(*position);
  }

  LL_ASSIGN_OR_RETURN(std::optional<int64_t> rating, IntegerField(object, "rating"));
  if (*type == EventType::kRate) {
    if (!rating) return Invalid("rating", "is required for rate events");
    if (*rating < 1 || *rating > 5) return Invalid("rating", "must be an integer from 1 to 5");
    e.strength = static_cast<double>(*rating);
  } else if (rating) {
    return Invalid("rating", "is only allowed on rate events");
  }

  LL_ASSIGN_OR_RETURN(e.context, ContextField(object));
  return e;
}

absl::StatusOr<std::vector<Event>> EventsFromJson(const json& body, const ParseOptions& options) {
  std::vector<Event> events;
  if (!body.is_array()) {
    LL_ASSIGN_OR_RETURN(Event e, EventFromJson(body, options));
    events.push_back(std::move(e));
    return events;
  }
  if (body.empty()) return absl::InvalidArgumentError("the batch has no events");
  if (body.size() > kMaxEventsPerBatch) {
    return absl::InvalidArgumentError(
        absl::StrFormat("a batch holds at most %d events", kMaxEventsPerBatch));
  }
  events.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    absl::StatusOr<Event> e = EventFromJson(body[i], options);
    if (!e.ok()) {
      return absl::Status(e.status().code(),
                          absl::StrFormat("event %d: %s", i, e.status().message()));
    }
    events.push_back(std::move(*e));
  }
  return events;
}

absl::StatusOr<std::vector<Event>> ParseTrackBody(std::string_view body,
                                                  const ParseOptions& options) {
  if (body.empty()) return absl::InvalidArgumentError("the request needs a JSON body");
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return absl::InvalidArgumentError("the body is not valid JSON");
  return EventsFromJson(parsed, options);
}

json EventJson(const Event& event) {
  json out = {{"event_type", event.type}, {"user_id", event.user_external_id}};
  if (event.id != 0) out["event_id"] = event.id;
  if (event.at != 0) out["timestamp"] = FormatIsoTime(event.at);
  if (!event.product_external_id.empty()) out["product_id"] = event.product_external_id;
  if (!event.session_id.empty()) out["session_id"] = event.session_id;
  if (event.quantity != 0) out["quantity"] = event.quantity;
  if (!event.query.empty()) out["query"] = event.query;
  if (event.position >= 0) out["position"] = event.position;
  if (event.type == EventTypeName(EventType::kRate)) {
    out["rating"] = static_cast<int>(event.strength);
  }
  if (!event.context.empty()) {
    json context = json::parse(event.context, nullptr, /*allow_exceptions=*/false);
    if (!context.is_discarded()) out["context"] = std::move(context);
  }
  return out;
}

}  // namespace leafloaf::events
