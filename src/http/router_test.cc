#include "http/router.h"

#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "http/errors.h"
#include "http/metrics.h"

namespace leafloaf::http {
namespace {

// Accepts "admin-key" (shop a), "shopper-key" (shop b); rejects the rest.
class FakeAuth final : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const HttpRequest& request) override {
    std::string_view key = request.Header("x-api-key");
    if (key == "admin-key") return Principal{"a", Role::kAdmin, "", 1};
    if (key == "shopper-key") return Principal{"b", Role::kShopper, "u1", 2};
    return absl::UnauthenticatedError("invalid API key");
  }
};

HttpRequest Get(std::string path, std::string key = "") {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  if (!key.empty()) r.headers["x-api-key"] = std::move(key);
  return r;
}

nlohmann::json Body(const HttpResponse& r) { return nlohmann::json::parse(r.body); }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Route{.method = "GET", .pattern = "/open", .roles = kPublic,
                      .handler = [](RequestContext&) -> absl::StatusOr<HttpResponse> {
                        return HttpResponse::Json({{"ok", true}});
                      }});
    router_.Add(Route{.method = "GET", .pattern = "/items/{id}", .roles = kAnyRole,
                      .handler = [](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
                        if (ctx.Param("id") == "missing") return absl::NotFoundError("no item");
                        return HttpResponse::Json(
                            {{"id", ctx.Param("id")}, {"shop", ctx.principal.shop_id}});
                      }});
    router_.Add(Route{.method = "GET", .pattern = "/admin", .roles = kAdminRole,
                      .handler = [](RequestContext&) -> absl::StatusOr<HttpResponse> {
                        return HttpResponse::Json({{"ok", true}});
                      }});
    router_.Add(Route{.method = "GET", .pattern = "/boom", .roles = kPublic,
                      .handler = [](RequestContext&) -> absl::StatusOr<HttpResponse> {
                        throw std::runtime_error("secret detail");
                      }});
  }
  FakeAuth auth_;
  Metrics metrics_;
  Router router_{&auth_, &metrics_};
};

// An async route answers from another thread, through HandleAsync (nothing
// waits) or Handle (the caller waits); its errors, a dropped Resume and an
// exception all become JSON errors, and its role is checked first.
class AsyncRouteTest : public RouterTest {
 protected:
  void SetUp() override {
    RouterTest::SetUp();
    router_.Add(Route{.method = "POST", .pattern = "/later/{what}", .roles = kAnyRole,
                      .async_handler = [this](RequestContext& ctx, Resume resume) {
                        ++started_;
                        const std::string what(ctx.Param("what"));
                        const std::string shop = ctx.principal.shop_id;
                        if (what == "drop") return;  // Resume destroyed uncalled
                        if (what == "throw") throw std::runtime_error("secret detail");
                        threads_.emplace_back([what, shop, resume = std::move(resume)]() mutable {
                          std::move(resume)([what, shop]() -> absl::StatusOr<HttpResponse> {
                            if (what == "missing") return absl::NotFoundError("no such thing");
                            return HttpResponse::Json({{"what", what}, {"shop", shop}});
                          });
                        });
                      }});
  }
  void TearDown() override {
    for (auto& t : threads_) t.join();
  }
  HttpResponse Async(std::string path, std::string key) {
    HttpRequest post = Get(std::move(path), std::move(key));
    post.method = "POST";
    std::promise<Respond> answered;
    std::future<Respond> future = answered.get_future();
    router_.HandleAsync(post, [&](Respond rest) { answered.set_value(std::move(rest)); });
    return future.get()();
  }

  int started_ = 0;
  std::vector<std::thread> threads_;
};

TEST_F(AsyncRouteTest, AnswersFromTheWritesThread) {
  HttpRequest post = Get("/later/x", "admin-key");
  post.method = "POST";
  EXPECT_EQ(router_.KindOf(post), Router::Kind::kAsync);
  EXPECT_EQ(router_.KindOf(Get("/items/1")), Router::Kind::kInline);
  HttpResponse r = Async("/later/x", "admin-key");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["what"], "x");
  EXPECT_EQ(Body(r)["shop"], "a");
  // The same route through Handle(): the calling thread waits.
  HttpResponse waited = router_.Handle(post);
  EXPECT_EQ(waited.status, 200);
  EXPECT_EQ(Body(waited)["what"], "x");
  // A synchronous route through HandleAsync is answered too.
  std::promise<Respond> answered;
  auto future = answered.get_future();
  router_.HandleAsync(Get("/items/1", "admin-key"), [&](Respond rest) { answered.set_value(std::move(rest)); });
  EXPECT_EQ(future.get()().status, 200);
}

TEST_F(AsyncRouteTest, ErrorsBecomeJsonAndNothingHangs) {
  EXPECT_EQ(Async("/later/missing", "admin-key").status, 404);
  EXPECT_EQ(Async("/later/drop", "admin-key").status, 500);
  HttpResponse thrown = Async("/later/throw", "admin-key");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body.find("secret"), std::string::npos) << thrown.body;
  EXPECT_EQ(started_, 3);
  EXPECT_EQ(Async("/later/x", "nope").status, 401);  // refused before the handler
  EXPECT_EQ(started_, 3);
}

TEST_F(RouterTest, KindFollowsTheMatchedRoute) {
  router_.Add(Route{.method = "POST", .pattern = "/items/{id}", .roles = kAnyRole,
                    .handler = [](RequestContext&) -> absl::StatusOr<HttpResponse> {
                      return HttpResponse::Json({{"ok", true}});
                    },
                    .waits_for_commit = true});
  HttpRequest post = Get("/items/7");
  post.method = "POST";
  EXPECT_EQ(router_.KindOf(post), Router::Kind::kWaitsForCommit);
  EXPECT_EQ(router_.KindOf(Get("/items/7")), Router::Kind::kInline);  // the GET route does not
  EXPECT_EQ(router_.KindOf(Get("/nowhere")), Router::Kind::kInline);
}

TEST_F(RouterTest, PublicRouteNeedsNoCredential) {
  EXPECT_EQ(router_.Handle(Get("/open")).status, 200);
}

TEST_F(RouterTest, MissingOrBadCredentialIs401WithJsonError) {
  HttpResponse r = router_.Handle(Get("/items/1"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["error"]["code"], "unauthenticated");
  EXPECT_EQ(router_.Handle(Get("/items/1", "nope")).status, 401);
}

TEST_F(RouterTest, WrongRoleIs403) {
  HttpResponse r = router_.Handle(Get("/admin", "shopper-key"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Body(r)["error"]["code"], "permission_denied");
  EXPECT_EQ(router_.Handle(Get("/admin", "admin-key")).status, 200);
}

TEST_F(RouterTest, ShopComesFromTheCredential) {
  HttpResponse r = router_.Handle(Get("/items/42", "shopper-key"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["id"], "42");
  EXPECT_EQ(Body(r)["shop"], "b");
}

TEST_F(RouterTest, HandlerStatusBecomesJsonError) {
  HttpResponse r = router_.Handle(Get("/items/missing", "admin-key"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
  EXPECT_EQ(Body(r)["error"]["message"], "no item");
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(router_.Handle(Get("/nowhere")).status, 404);
  HttpRequest post = Get("/open");
  post.method = "POST";
  HttpResponse r = router_.Handle(post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Body(r)["error"]["code"], "method_not_allowed");
}

TEST_F(RouterTest, RestSegmentTakesTheRemainingPathAfterEarlierRoutes) {
  router_.Add(Route{.method = "GET", .pattern = "/{path...}", .roles = kPublic,
                    .handler = [](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
                      return HttpResponse::Json({{"path", ctx.Param("path")}});
                    }});
  EXPECT_EQ(Body(router_.Handle(Get("/")))["path"], "");
  EXPECT_EQ(Body(router_.Handle(Get("/assets/index-abc.js")))["path"], "assets/index-abc.js");
  EXPECT_EQ(Body(router_.Handle(Get("/a/b/c")))["path"], "a/b/c");
  // Routes added earlier still win, with their own params.
  EXPECT_EQ(Body(router_.Handle(Get("/open")))["ok"], true);
  EXPECT_EQ(Body(router_.Handle(Get("/items/7", "admin-key")))["id"], "7");
  // Another method on a path only the catch-all matches stays a 404; a
  // known path keeps its 405.
  HttpRequest post = Get("/assets/x.js");
  post.method = "POST";
  EXPECT_EQ(router_.Handle(post).status, 404);
  post.path = "/open";
  EXPECT_EQ(router_.Handle(post).status, 405);
}

TEST_F(RouterTest, RestSegmentAfterAPrefixNeedsThePrefix) {
  router_.Add(Route{.method = "GET", .pattern = "/files/{rest...}", .roles = kPublic,
                    .handler = [](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
                      return HttpResponse::Json({{"rest", ctx.Param("rest")}});
                    }});
  EXPECT_EQ(Body(router_.Handle(Get("/files")))["rest"], "");
  EXPECT_EQ(Body(router_.Handle(Get("/files/x/y.txt")))["rest"], "x/y.txt");
  EXPECT_EQ(router_.Handle(Get("/other/x")).status, 404);
}

TEST_F(RouterTest, ExceptionsBecome500WithoutLeakingDetails) {
  HttpResponse r = router_.Handle(Get("/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Body(r)["error"]["message"], "internal error");
}

TEST_F(RouterTest, MetricsCountRequestsPerRoutePattern) {
  router_.Handle(Get("/items/1", "admin-key"));
  router_.Handle(Get("/items/2", "admin-key"));
  std::string text = metrics_.Render(nullptr);
  EXPECT_NE(text.find("leafloaf_http_requests_total{method=\"GET\",route=\"/items/{id}\","
                      "status=\"200\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE leafloaf_http_request_duration_seconds histogram"),
            std::string::npos);
}

TEST(ErrorsTest, MapsCanonicalCodesToHttp) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
}

}  // namespace
}  // namespace leafloaf::http
