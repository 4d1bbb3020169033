// The shopper web app (web/dist, docs/WEB.md) served at "/", on the API's
// origin: files under the web root with their Content-Type, and index.html
// for other paths a browser navigates to (the app routes on the client).
// Public, GET and HEAD only. API prefixes never fall back to the app, and a
// path can never leave the web root (no "..", no symlink out of it).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "http/routes.h"
#include "spdlog/spdlog.h"

namespace leafloaf::http {
namespace {

namespace fs = std::filesystem;

std::string_view ContentType(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (absl::EndsWithIgnoreCase(AsAbsl(path), AsAbsl(ext))) return type;
  }
  return "application/octet-stream";
}

// Paths of the API: a miss there is the API's 404, never the app.
bool IsApiPath(std::string_view path) {
  for (std::string_view prefix : {"api", "graph", "webhooks"}) {
    if (path.starts_with(prefix) &&
        (path.size() == prefix.size() || path[prefix.size()] == '/')) {
      return true;
    }
  }
  return false;
}

// Each segment is a plain name: no ".", "..", backslash or NUL.
bool SafeRelativePath(std::string_view path) {
  for (absl::string_view segment : absl::StrSplit(AsAbsl(path), '/')) {
    if (segment == "." || segment == "..") return false;
    if (segment.find('\\') != absl::string_view::npos) return false;
    if (segment.find('\0') != absl::string_view::npos) return false;
  }
  return true;
}

// The regular file at `root/relative` if it exists inside `root` (after
// resolving symlinks), else nullopt.
std::optional<fs::path> FileUnder(const fs::path& root, std::string_view relative) {
  std::error_code ec;
  fs::path candidate = fs::weakly_canonical(root / std::string(relative), ec);
  if (ec) return std::nullopt;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  candidate = fs::weakly_canonical(candidate, ec);
  if (ec || !fs::is_regular_file(candidate, ec)) return std::nullopt;
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), candidate.begin(),
                                          candidate.end());
  if (root_end != root.end()) return std::nullopt;
  return candidate;
}

absl::StatusOr<HttpResponse> ServeFile(const fs::path& file, bool immutable) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + file.filename().string());
  std::ostringstream body;
  body << in.rdbuf();
  HttpResponse response =
      HttpResponse::Text(std::move(body).str(), std::string(ContentType(file.string())));
  // Vite names assets by content hash; index.html must be revalidated.
  response.headers.emplace_back("Cache-Control",
                                immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void AddStaticRoutes(Router& router, const AppContext& app) {
  if (app.web_root.empty()) return;
  std::error_code ec;
  fs::path root = fs::canonical(app.web_root, ec);
  if (ec || !fs::is_regular_file(root / "index.html", ec)) {
    spdlog::warn("web app: no index.html in {}; not serving it", app.web_root);
    return;
  }
  spdlog::info("web app: serving {} at /", root.string());
  router.Add(Route{
      .method = "GET",
      .pattern = "/{path...}",
      .roles = kPublic,
      .handler = [root](RequestContext& ctx) -> absl::StatusOr<HttpResponse> {
        std::string_view path = ctx.Param("path");
        std::string missing = "no route for " + ctx.request.method + " /" + std::string(path);
        if (IsApiPath(path) || !SafeRelativePath(path)) return absl::NotFoundError(missing);
        if (std::optional<fs::path> file = FileUnder(root, path)) {
          return ServeFile(*file, path.starts_with("assets/"));
        }
        // A missing file (the last segment has an extension) or a non-browser
        // client gets a 404; a browser navigating to an app route gets the app.
        std::string_view last = path.substr(path.rfind('/') + 1);
        bool navigation = ctx.request.Header("accept").find("text/html") != std::string_view::npos;
        if (last.find('.') != std::string_view::npos || !navigation) {
          return absl::NotFoundError(missing);
        }
        return ServeFile(root / "index.html", false);
      },
      .openapi = {{"summary",
                   "The shopper web app: its files, and index.html for other non-API paths a "
                   "browser navigates to (docs/WEB.md)"},
                  {"responses",
                   {{"200", {{"description", "the file"}}},
                    {"404", {{"description", "no such file"}}}}}},
  });
}

}  // namespace leafloaf::http
