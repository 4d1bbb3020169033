#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "http/routes.h"
#include "testing/temp_dir.h"

namespace leafloaf::http {
namespace {

class NoAuth final : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const HttpRequest&) override {
    return absl::UnauthenticatedError("no keys here");
  }
};

void Write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

// A web root inside a temp dir, with a secret file beside it (outside).
class StaticRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.File("dist");
    Write(root_ + "/index.html", "<!doctype html><title>app</title>");
    Write(root_ + "/assets/index-abc123.js", "console.log(1)");
    Write(root_ + "/assets/index-abc123.css", "body{}");
    Write(root_ + "/favicon.svg", "<svg/>");
    Write(root_ + "/docs/index.html", "docs");
    Write(tmp_.File("secret.txt"), "secret");
    std::filesystem::create_symlink(tmp_.File("secret.txt"), root_ + "/leak.txt");
    AppContext app;
    app.web_root = root_;
    AddStaticRoutes(router_, app);
  }

  HttpResponse Get(const std::string& path, const std::string& accept = "",
                   const std::string& method = "GET") {
    HttpRequest request;
    request.method = method;
    request.path = path;
    if (!accept.empty()) request.headers["accept"] = accept;
    return router_.Handle(request);
  }

  testing::TempDir tmp_;
  std::string root_;
  NoAuth auth_;
  Router router_{&auth_, nullptr};
};

TEST_F(StaticRoutesTest, ServesFilesWithTheirContentTypeWithoutAKey) {
  HttpResponse index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>app</title>");
  HttpResponse js = Get("/assets/index-abc123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(Get("/assets/index-abc123.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/favicon.svg").content_type, "image/svg+xml");
  EXPECT_EQ(Get("/docs").body, "docs");  // a directory's index.html
  EXPECT_EQ(Get("/", "", "HEAD").status, 200);
}

TEST_F(StaticRoutesTest, HashedAssetsAreImmutableAndIndexIsRevalidated) {
  auto cache = [](const HttpResponse& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Cache-Control") return value;
    }
    return std::string();
  };
  EXPECT_EQ(cache(Get("/assets/index-abc123.js")), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache(Get("/")), "no-cache");
}

TEST_F(StaticRoutesTest, BrowserNavigationsFallBackToTheAppOthersGet404) {
  HttpResponse app_route = Get("/cart", "text/html,application/xhtml+xml");
  EXPECT_EQ(app_route.status, 200);
  EXPECT_EQ(app_route.body, "<!doctype html><title>app</title>");
  EXPECT_EQ(Get("/cart").status, 404);                           // not a browser
  EXPECT_EQ(Get("/missing.js", "text/html").status, 404);        // a missing file
  EXPECT_EQ(Get("/api/nope", "text/html").status, 404);          // the API's 404
  EXPECT_EQ(Get("/graph/nope", "text/html").status, 404);
  EXPECT_EQ(Get("/apiary", "text/html").status, 200);            // only the /api/ prefix
}

TEST_F(StaticRoutesTest, NeverLeavesTheWebRoot) {
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/assets/../../secret.txt").status, 404);
  EXPECT_EQ(Get("/./index.html").status, 404);
  EXPECT_EQ(Get("/..\\secret.txt").status, 404);
  EXPECT_EQ(Get("/leak.txt").status, 404);  // a symlink out of the root
  EXPECT_EQ(Get("/../secret.txt", "text/html").status, 404);
  EXPECT_EQ(Get("/leak.txt").body.find("secret"), std::string::npos);
}

TEST_F(StaticRoutesTest, OnlyGetAndHead) {
  EXPECT_EQ(Get("/", "", "POST").status, 404);
  EXPECT_EQ(Get("/index.html", "", "DELETE").status, 404);
}

TEST(StaticRoutesSetupTest, NoWebRootOrNoIndexAddsNoRoute) {
  NoAuth auth;
  Router router(&auth, nullptr);
  AddStaticRoutes(router, AppContext{});
  testing::TempDir empty;
  AppContext app;
  app.web_root = empty.path();
  AddStaticRoutes(router, app);
  EXPECT_TRUE(router.routes().empty());
}

}  // namespace
}  // namespace leafloaf::http
