#include "http/http_types.h"

#include "gtest/gtest.h"

namespace leafloaf::http {
namespace {

TEST(ParseTargetTest, SplitsPathAndDecodesQuery) {
  std::string path;
  absl::flat_hash_map<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/api/products?category=Dairy+%26+Eggs&limit=5&flag", &path, &query));
  EXPECT_EQ(path, "/api/products");
  EXPECT_EQ(query["category"], "Dairy & Eggs");
  EXPECT_EQ(query["limit"], "5");
  EXPECT_EQ(query["flag"], "");
}

TEST(ParseTargetTest, DecodesPathSegmentsButKeepsPlus) {
  std::string path;
  absl::flat_hash_map<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/api/products/whole%20milk+2", &path, &query));
  EXPECT_EQ(path, "/api/products/whole milk+2");
}

TEST(ParseTargetTest, RejectsBrokenEscapes) {
  std::string path;
  absl::flat_hash_map<std::string, std::string> query;
  EXPECT_FALSE(ParseTarget("/a%2", &path, &query));
  EXPECT_FALSE(ParseTarget("/a%zz", &path, &query));
  EXPECT_FALSE(ParseTarget("/a?x=%", &path, &query));
}

TEST(HttpResponseTest, JsonReplacesInvalidUtf8InsteadOfThrowing) {
  HttpResponse r = HttpResponse::Json({{"name", std::string("bad \xff byte")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("bad"), std::string::npos);
}

}  // namespace
}  // namespace leafloaf::http
