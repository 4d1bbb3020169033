#include "http/http_types.h"

#include "common/strings.h"

namespace leafloaf::http {

std::string_view HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(AsAbsl(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string_view> HttpRequest::Query(std::string_view name) const {
  auto it = query.find(AsAbsl(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

HttpResponse HttpResponse::Json(const nlohmann::json& body, int status) {
  HttpResponse r;
  r.status = status;
  // Invalid UTF-8 from stored data is replaced, never thrown.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse HttpResponse::Text(std::string body, std::string content_type, int status) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool ParseTarget(std::string_view target, std::string* path,
                 absl::flat_hash_map<std::string, std::string>* query) {
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (!PercentDecode(raw_path, /*plus_as_space=*/false, path)) return false;
  query->clear();
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value)) {
      return false;
    }
    query->insert_or_assign(std::move(key), std::move(value));
  }
  return true;
}

}  // namespace leafloaf::http
