// The conversation over HTTP (issue 6; conversation/conversation_service.h):
//   POST /graph/invoke {user_id, session_id?, query}   any role
//   POST /webhooks/elevenlabs                          the voice client, HMAC-signed
// A shopper key bound to a user talks as that user; staff keys name the
// user. The reply carries the session id to send with the next turn.
#include <chrono>
#include <memory>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "conversation/conversation_service.h"
#include "http/cart_json.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "http/reply_cache.h"
#include "http/routes.h"
#include "http/webhook_signature.h"

namespace leafloaf::http {
namespace {

using json = nlohmann::json;
using conversation::ProductCard;
using conversation::Reply;

constexpr size_t kMaxQueryBytes = 1024;
constexpr size_t kMaxSessionIdBytes = 128;

json CardJson(const ProductCard& c) {
  json out = {{"product_id", c.product_id},
              {"name", c.name},
              {"brand", c.brand},
              {"category", c.category},
              {"price", CentsToUnits(c.price_cents)},
              {"dietary_tags", c.dietary_tags},
              {"in_stock", c.in_stock},
              {"reasons", c.reasons},
              {"badges", c.badges},
              {"score", c.score}};
  if (c.quantity > 0) out["quantity"] = c.quantity;
  out["suggested_quantity"] = c.suggested_quantity ? json(*c.suggested_quantity) : json(nullptr);
  return out;
}

json CardsJson(const std::vector<ProductCard>& cards) {
  json out = json::array();
  for (const ProductCard& c : cards) out.push_back(CardJson(c));
  return out;
}

json EntitiesJson(const agents::Understanding& u) {
  json items = json::array();
  for (const agents::ItemMention& m : u.items) {
    items.push_back({{"text", m.text},
                     {"quantity", m.quantity > 0 ? json(m.quantity) : json(nullptr)},
                     {"unit", m.unit.empty() ? json(nullptr) : json(m.unit)}});
  }
  json reference = nullptr;
  using Kind = agents::Reference::Kind;
  if (u.reference.kind == Kind::kOrdinal) {
    reference = {{"kind", "ordinal"}, {"index", u.reference.index}};
  } else if (u.reference.kind == Kind::kLastMentioned) {
    reference = {{"kind", "last_mentioned"}};
  }
  return {{"items", std::move(items)},
          {"reference", std::move(reference)},
          {"quantity", u.quantity > 0 ? json(u.quantity) : json(nullptr)},
          {"brands", u.brands},
          {"dietary", u.dietary},
          {"budget", u.budget_cents >= 0 ? json(CentsToUnits(u.budget_cents)) : json(nullptr)}};
}

json ReplyJson(const Reply& r) {
  json out = {
      {"session_id", r.session_id},
      {"intent", agents::IntentName(r.intent)},
      {"confidence", std::round(r.confidence * 1000) / 1000},
      {"needs_clarification", r.needs_clarification},
      {"message", r.message},
      {"entities", EntitiesJson(r.understood)},
      {"products", CardsJson(r.products)},
      {"cart", r.cart ? CartJson(*r.cart) : json(nullptr)},
      {"suggestions",
       {{"usual", CardsJson(r.suggestions.usual)},
        {"reorder", CardsJson(r.suggestions.reorder)},
        {"complements", CardsJson(r.suggestions.complements)}}},
      {"personalization",
       {{"applied", r.personalization_applied}, {"reasons", r.personalization_reasons}}},
      {"answered_by", r.answered_by},
      {"timings_ms",
       {{"supervisor", r.timings_ms.supervisor},
        {"search", r.timings_ms.search},
        {"personalization", r.timings_ms.personalization},
        {"compile", r.timings_ms.compile},
        {"total", r.timings_ms.total}}},
  };
  if (r.order) out["order"] = OrderJson(*r.order);
  return out;
}

// The turn's text and session from a body; `text_field` names the text.
absl::Status ReadTurn(const json& body, std::string_view text_field, conversation::InvokeRequest& turn) {
  LL_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(body, text_field));
  if (!text || text->empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s is required", std::string(text_field)));
  }
  if (text->size() > kMaxQueryBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s is longer than %d bytes", std::string(text_field), kMaxQueryBytes));
  }
  turn.query = std::move(*text);
  LL_ASSIGN_OR_RETURN(std::optional<std::string> session, OptionalString(body, "session_id"));
  if (!session) {
    LL_ASSIGN_OR_RETURN(session, OptionalString(body, "conversation_id"));
  }
  if (session && session->size() > kMaxSessionIdBytes) {
    return absl::InvalidArgumentError("session_id is longer than 128 bytes");
  }
  turn.session_id = session.value_or("");
  return absl::OkStatus();
}

absl::Status CheckUserId(std::string_view user_id) {
  if (user_id.empty()) return absl::InvalidArgumentError("user_id is required");
  if (user_id.size() > 256) return absl::InvalidArgumentError("user_id is longer than 256 bytes");
  return absl::OkStatus();
}

}  // namespace

void AddGraphRoutes(Router& router, const AppContext& app) {
  conversation::ConversationService* service = app.conversation;
  if (service == nullptr) return;

  router.Add(Route{
      .method = "POST",
      .pattern = "/graph/invoke",
      .roles = kAnyRole,
      .handler = [service](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
        if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
        conversation::InvokeRequest turn;
        turn.shop_id = ctx.principal.shop_id;
        LL_RETURN_IF_ERROR(ReadTurn(body, "query", turn));
        LL_ASSIGN_OR_RETURN(std::optional<std::string> user, OptionalString(body, "user_id"));
        const Principal& who = ctx.principal;
        if (user && !user->empty() && !MayActAs(who, *user)) {
          return absl::PermissionDeniedError("a shopper key may only talk as its own user");
        }
        turn.user_id = user && !user->empty() ? *user : who.user_id;
        LL_RETURN_IF_ERROR(CheckUserId(turn.user_id));
        turn.idempotency_key = std::string(ctx.request.Header("idempotency-key"));
        if (turn.idempotency_key.size() > 255) {
          return absl::InvalidArgumentError("Idempotency-Key is longer than 255 bytes");
        }
        LL_ASSIGN_OR_RETURN(Reply reply, service->Invoke(turn));
        return HttpResponse::Json(ReplyJson(reply));
      },
      .openapi = {{"summary",
                   "One turn of the shopping conversation: {user_id, session_id?, query}. Answers "
                   "{session_id, intent, confidence, needs_clarification, message, products, cart, "
                   "suggestions: {usual, reorder, complements}, personalization: {applied, "
                   "reasons}, timings_ms}; send session_id back for the next turn (30 minutes)"}},
      .waits_for_commit = true,  // a turn may write the cart
  });

  const std::string voice_shop = app.voice_shop;
  const std::string voice_secret = app.voice_secret;
  const Clock* clock = app.clock;
  auto replies = std::make_shared<ReplyCache>();
  router.Add(Route{
      .method = "POST",
      .pattern = "/webhooks/elevenlabs",
      .roles = kPublic,  // verified by its signature instead of a key
      .handler = [service, voice_shop, voice_secret, clock,
                  replies](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        if (voice_secret.empty() || voice_shop.empty()) {
          return absl::UnavailableError(
              "the voice webhook is not configured (conversation.elevenlabs in the config)");
        }
        const std::string_view signature = ctx.request.Header("elevenlabs-signature");
        const int64_t now = clock->Now() / 1'000'000;
        LL_RETURN_IF_ERROR(
            VerifyWebhookSignature(signature, ctx.request.body, voice_secret, now));
        // A delivery seen before (a retry, or a replay within the signature's
        // 30 minutes) gets its first reply and does nothing again.
        if (std::optional<std::string> seen = replies->Find(signature, now)) {
          HttpResponse again = HttpResponse::Text(*seen, "application/json");
          again.headers.emplace_back("Idempotent-Replayed", "true");
          return again;
        }
        LL_ASSIGN_OR_RETURN(json body, ParseJsonBody(ctx.request));
        if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
        conversation::InvokeRequest turn;
        turn.shop_id = voice_shop;
        LL_RETURN_IF_ERROR(ReadTurn(body, body.contains("transcript") ? "transcript" : "text", turn));
        LL_ASSIGN_OR_RETURN(std::optional<std::string> user, OptionalString(body, "user_id"));
        if (!user || user->empty()) {
          LL_ASSIGN_OR_RETURN(user, OptionalString(body, "caller_id"));
        }
        turn.user_id = user.value_or("");
        LL_RETURN_IF_ERROR(CheckUserId(turn.user_id));
        // A checkout turn is idempotent by its delivery, even once the reply
        // left the cache.
        turn.idempotency_key = "voice:" + std::string(signature.substr(0, 200));
        LL_ASSIGN_OR_RETURN(Reply reply, service->Invoke(turn));
        json out = ReplyJson(reply);
        out["text"] = reply.message;  // what the voice client speaks
        HttpResponse response = HttpResponse::Json(out);
        replies->Put(std::string(signature), response.body, now);
        return response;
      },
      .openapi = {{"summary",
                   "The voice client's turn: {transcript (or text), user_id (or caller_id), "
                   "session_id (or conversation_id)?}, signed with the shared secret in the "
                   "ElevenLabs-Signature header (t=...,v0=HMAC-SHA256 of \"t.body\"); answers the "
                   "/graph/invoke reply plus `text`, the reply to speak"},
                  {"responses",
                   {{"401", {{"description", "missing, stale or wrong signature"}}},
                    {"503", {{"description", "no shop or secret configured"}}}}}},
      .waits_for_commit = true,
  });
}

}  // namespace leafloaf::http
