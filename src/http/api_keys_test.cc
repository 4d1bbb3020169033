#include "http/api_keys.h"

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::http {
namespace {

TEST(ApiKeysTest, KeysAreRandomAndHashedDeterministically) {
  std::string a = GenerateApiKey();
  std::string b = GenerateApiKey();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 3), "ll_");
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(HashApiKey(a), HashApiKey(a));
  EXPECT_NE(HashApiKey(a), HashApiKey(b));
  EXPECT_EQ(HashApiKey(a).size(), 64u);
}

TEST(ApiKeysTest, CreatedKeyAuthenticatesWithItsShopAndRoleOnly) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok());
  auto key = CreateApiKey(**store, "shop1", Role::kShopper, "u7");
  ASSERT_TRUE(key.ok()) << key.status();
  ApiKeyAuthenticator auth(store->get());

  HttpRequest by_header;
  by_header.headers["x-api-key"] = *key;
  auto who = auth.Authenticate(by_header);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->shop_id, "shop1");
  EXPECT_EQ(who->role, Role::kShopper);
  EXPECT_EQ(who->user_id, "u7");

  HttpRequest by_bearer;
  by_bearer.headers["authorization"] = "Bearer " + *key;
  EXPECT_TRUE(auth.Authenticate(by_bearer).ok());

  HttpRequest wrong;
  wrong.headers["x-api-key"] = *key + "x";
  EXPECT_EQ(auth.Authenticate(wrong).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Authenticate(HttpRequest{}).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(ApiKeysTest, PlaintextIsNeverStored) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok());
  auto key = CreateApiKey(**store, "shop1", Role::kAdmin, "");
  ASSERT_TRUE(key.ok());
  auto stored = (*store)->FindApiKey(HashApiKey(*key));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->key_hash.find(key->substr(3)), std::string::npos);
  EXPECT_EQ((*store)->FindApiKey(*key).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace leafloaf::http
