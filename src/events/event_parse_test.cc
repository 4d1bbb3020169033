#include "events/event_parse.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leafloaf::events {
namespace {

using ::testing::HasSubstr;

const ParseOptions kOptions{.shop_id = "shop1", .default_user_id = "", .at = 1234};

absl::StatusOr<std::vector<Event>> Parse(std::string_view body,
                                         const ParseOptions& options = kOptions) {
  return ParseTrackBody(body, options);
}

absl::Status ParseError(std::string_view body) { return Parse(body).status(); }

TEST(EventParseTest, ClickCarriesEveryField) {
  auto events = Parse(R"({"event_type": "click_product", "user_id": "U1", "product_id": "P9",
                          "session_id": "s-1", "query": "oat milk", "position": 3,
                          "context": {"page": "search", "n": [1, 2]}, "ignored_extra": true})");
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  const Event& e = (*events)[0];
  EXPECT_EQ(e.shop_id, "shop1");
  EXPECT_EQ(e.type, "click_product");
  EXPECT_EQ(e.user_external_id, "U1");
  EXPECT_EQ(e.product_external_id, "P9");
  EXPECT_EQ(e.session_id, "s-1");
  EXPECT_EQ(e.query, "oat milk");
  EXPECT_EQ(e.position, 3);
  EXPECT_EQ(e.quantity, 0);
  EXPECT_EQ(e.strength, 0);
  EXPECT_EQ(e.at, 1234);
  EXPECT_EQ(e.context, R"({"n":[1,2],"page":"search"})");
}

TEST(EventParseTest, EveryDocumentedTypeIsAccepted) {
  for (std::string_view type : EventTypeNames()) {
    nlohmann::json body = {{"event_type", type}, {"user_id", "U1"}, {"product_id", "P1"},
                           {"query", "milk"}};
    if (type == "rate") body["rating"] = 5;
    auto events = EventsFromJson(body, kOptions);
    ASSERT_TRUE(events.ok()) << type << ": " << events.status();
    EXPECT_EQ((*events)[0].type, type);
    EXPECT_EQ(ParseEventType(type), ParseEventType(EventTypeName(*ParseEventType(type))));
  }
  EXPECT_EQ(EventTypeNames().size(), 7u);
}

TEST(EventParseTest, CartAndPurchaseEventsDefaultToOneUnit) {
  for (const char* type : {"add_to_cart", "remove_from_cart", "purchase"}) {
    auto events = EventsFromJson({{"event_type", type}, {"user_id", "U1"}, {"product_id", "P1"}},
                                 kOptions);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ((*events)[0].quantity, 1) << type;
  }
  auto two = Parse(R"({"event_type": "add_to_cart", "user_id": "U1", "product_id": "P1",
                       "quantity": 2})");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ((*two)[0].quantity, 2);
}

TEST(EventParseTest, IdsMayBeIntegers) {
  auto events = Parse(R"({"event_type": "purchase", "user_id": 1001, "product_id": 42})");
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ((*events)[0].user_external_id, "1001");
  EXPECT_EQ((*events)[0].product_external_id, "42");
}

TEST(EventParseTest, RatingIsStoredAsStrength) {
  auto events = Parse(R"({"event_type": "rate", "user_id": "U1", "product_id": "P1", "rating": 4})");
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ((*events)[0].strength, 4);
  EXPECT_THAT(ParseError(R"({"event_type": "rate", "user_id": "U1", "product_id": "P1"})").message(),
              HasSubstr("rating is required"));
  for (const char* bad : {"0", "6", "4.5", "\"4\""}) {
    absl::Status s = ParseError(
        std::string(R"({"event_type": "rate", "user_id": "U1", "product_id": "P1", "rating": )") +
        bad + "}");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(s.message(), HasSubstr("rating")) << bad;
  }
  EXPECT_THAT(ParseError(R"({"event_type": "click_product", "user_id": "U1", "product_id": "P1",
                             "rating": 3})").message(),
              HasSubstr("only allowed on rate"));
}

TEST(EventParseTest, MissingOrUnknownTypeIsRejected) {
  absl::Status unknown = ParseError(R"({"event_type": "hover", "user_id": "U1"})");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.message(), HasSubstr("unknown event_type 'hover'"));
  EXPECT_THAT(unknown.message(), HasSubstr("displayed_but_scrolled"));
  EXPECT_THAT(ParseError(R"({"user_id": "U1"})").message(), HasSubstr("event_type is required"));
  EXPECT_THAT(ParseError(R"({"event_type": 3, "user_id": "U1"})").message(),
              HasSubstr("event_type must be a string"));
  // Type names are case-sensitive, as stored.
  EXPECT_EQ(ParseError(R"({"event_type": "PURCHASE", "user_id": "U1", "product_id": "P"})").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EventParseTest, RequiredFieldsDependOnTheType) {
  EXPECT_THAT(ParseError(R"({"event_type": "click_product", "user_id": "U1"})").message(),
              HasSubstr("product_id is required for click_product"));
  EXPECT_THAT(ParseError(R"({"event_type": "search", "user_id": "U1"})").message(),
              HasSubstr("query is required for search"));
  EXPECT_THAT(ParseError(R"({"event_type": "search", "query": "milk"})").message(),
              HasSubstr("user_id is required"));
  EXPECT_TRUE(Parse(R"({"event_type": "search", "user_id": "U1", "query": "milk"})").ok());
}

TEST(EventParseTest, DefaultUserFillsAMissingUserId) {
  ParseOptions options = kOptions;
  options.default_user_id = "U7";
  auto events = Parse(R"([{"event_type": "search", "query": "milk"},
                          {"event_type": "search", "query": "eggs", "user_id": "U8"}])",
                      options);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ((*events)[0].user_external_id, "U7");
  EXPECT_EQ((*events)[1].user_external_id, "U8");
}

TEST(EventParseTest, MalformedBodiesAreRejected) {
  for (const char* body : {"", "{", "not json", "[1, 2", "null", "42", "\"click\"", "[]",
                           "[42]", "[[]]"}) {
    EXPECT_EQ(ParseError(body).code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

TEST(EventParseTest, FieldTypesAndRangesAreChecked) {
  const std::string head = R"({"event_type": "add_to_cart", "user_id": "U1", "product_id": "P1", )";
  struct Case {
    const char* field;
    const char* value;
  } cases[] = {
      {"quantity", "0"},        {"quantity", "-1"},      {"quantity", "\"2\""},
      {"quantity", "1e7"},      {"position", "-1"},      {"position", "1.5"},
      {"position", "\"3\""},    {"position", "100001"},  {"session_id", "[1]"},
      {"query", "7"},           {"context", "[1]"},      {"context", "\"x\""},
      {"user_id", "true"},      {"product_id", "1.5"},   {"user_id", "\"a\\u0000b\""},
      {"position", "18446744073709551615"},
  };
  for (const Case& c : cases) {
    absl::Status s = ParseError(head + "\"" + c.field + "\": " + c.value + "}");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field << "=" << c.value;
    EXPECT_THAT(s.message(), HasSubstr(c.field)) << c.value;
  }
  // Null is the same as absent.
  EXPECT_TRUE(Parse(head + R"("quantity": null, "context": null})").ok());
}

TEST(EventParseTest, SizeLimitsAreEnforced) {
  auto with = [](std::string field, std::string value) {
    nlohmann::json body = {{"event_type", "search"}, {"user_id", "U1"}, {"query", "milk"}};
    body[field] = value;
    return EventsFromJson(body, kOptions).status();
  };
  EXPECT_TRUE(with("user_id", std::string(kMaxIdBytes, 'u')).ok());
  EXPECT_THAT(with("user_id", std::string(kMaxIdBytes + 1, 'u')).message(), HasSubstr("longer"));
  EXPECT_THAT(with("session_id", std::string(kMaxIdBytes + 1, 's')).message(),
              HasSubstr("session_id"));
  EXPECT_TRUE(with("query", std::string(kMaxQueryBytes, 'q')).ok());
  EXPECT_THAT(with("query", std::string(kMaxQueryBytes + 1, 'q')).message(), HasSubstr("query"));

  nlohmann::json big = {{"event_type", "search"}, {"user_id", "U1"}, {"query", "milk"}};
  big["context"] = {{"blob", std::string(kMaxContextBytes, 'x')}};
  EXPECT_THAT(EventsFromJson(big, kOptions).status().message(), HasSubstr("context is larger"));

  std::string deep = R"({"event_type": "search", "user_id": "U1", "query": "m", "context": )";
  for (int i = 0; i < kMaxContextDepth; ++i) deep += R"({"a": )";
  deep += "1";
  for (int i = 0; i < kMaxContextDepth; ++i) deep += "}";
  EXPECT_THAT(ParseError(deep + "}").message(), HasSubstr("nests deeper"));
}

TEST(EventParseTest, DeeplyNestedContextDoesNotOverflowTheStack) {
  std::string body = R"({"event_type": "search", "user_id": "U1", "query": "m", "context": {"a": )";
  constexpr int kDepth = 200000;
  body += std::string(kDepth, '[') + std::string(kDepth, ']') + "}}";
  EXPECT_THAT(ParseError(body).message(), HasSubstr("nests deeper"));
}

TEST(EventParseTest, BatchesAreValidatedWhole) {
  auto ok = Parse(R"([{"event_type": "search", "user_id": "U1", "query": "milk"},
                      {"event_type": "click_product", "user_id": "U1", "product_id": "P1"}])");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->size(), 2u);
  absl::Status bad = ParseError(R"([{"event_type": "search", "user_id": "U1", "query": "milk"},
                                    {"event_type": "click_product", "user_id": "U1"}])");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("event 1: product_id is required"));

  nlohmann::json full = nlohmann::json::array();
  for (size_t i = 0; i < kMaxEventsPerBatch; ++i) {
    full.push_back({{"event_type", "search"}, {"user_id", "U1"}, {"query", "q"}});
  }
  EXPECT_TRUE(EventsFromJson(full, kOptions).ok());
  full.push_back(full[0]);
  EXPECT_THAT(EventsFromJson(full, kOptions).status().message(), HasSubstr("at most 1000"));
}

TEST(EventParseTest, EventJsonParsesBackToTheSameEvent) {
  auto events = Parse(R"([{"event_type": "rate", "user_id": "U1", "product_id": "P1", "rating": 2,
                           "context": {"z": 1, "a": {"b": null}}},
                          {"event_type": "purchase", "user_id": "U2", "product_id": "P2",
                           "quantity": 0.5, "session_id": "s", "position": 0},
                          {"event_type": "search", "user_id": "U3", "query": "crème brûlée"}])");
  ASSERT_TRUE(events.ok()) << events.status();
  for (const Event& e : *events) {
    nlohmann::json out = EventJson(e);
    EXPECT_EQ(out["timestamp"], "1970-01-01T00:00:00Z");
    auto again = EventsFromJson(out, kOptions);
    ASSERT_TRUE(again.ok()) << out.dump() << ": " << again.status();
    const Event& b = (*again)[0];
    EXPECT_EQ(b.type, e.type);
    EXPECT_EQ(b.user_external_id, e.user_external_id);
    EXPECT_EQ(b.product_external_id, e.product_external_id);
    EXPECT_EQ(b.session_id, e.session_id);
    EXPECT_EQ(b.quantity, e.quantity);
    EXPECT_EQ(b.query, e.query);
    EXPECT_EQ(b.position, e.position);
    EXPECT_EQ(b.strength, e.strength);
    EXPECT_EQ(b.context, e.context);
  }
}

}  // namespace
}  // namespace leafloaf::events
