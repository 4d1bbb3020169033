// The data model's records other than Product (catalog/product.h). Every
// record carries shop_id; money is integer cents, time UTC micros. Records
// refer to each other by external id (the source's id), which the store
// resolves to internal row ids.
#ifndef LEAFLOAF_STORE_RECORDS_H_
#define LEAFLOAF_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/product.h"
#include "common/money.h"
#include "common/time.h"

namespace leafloaf {

enum class Role { kShopper = 0, kMerchant = 1, kAdmin = 2 };

struct Household {
  std::string shop_id;
  std::string external_id;
  int size = 0;        // members; 0 = unknown
  int kids = -1;       // -1 = unknown
  std::string attributes;  // JSON object (age band, income, ...), or ""
};

struct User {
  int64_t id = 0;
  std::string shop_id;
  std::string external_id;            // the API's `user_id`
  std::string household_external_id;  // "" = none
  std::string attributes;             // JSON object, or ""
  Micros created_at = 0;
};

struct Order {
  int64_t id = 0;
  std::string shop_id;
  std::string external_id;       // the API's `order_id`
  std::string user_external_id;  // created on first use
  Micros placed_at = 0;
  std::string status = "placed";
  std::string attributes;        // JSON object (store, channel, ...), or ""
};

struct OrderLine {
  std::string shop_id;
  std::string order_external_id;    // must exist
  std::string product_external_id;  // must exist
  double quantity = 1;
  Cents unit_price_cents = 0;
  Cents discount_cents = 0;         // total discount on the line
  std::string attributes;           // JSON object, or ""
};

struct Review {
  std::string shop_id;
  std::string external_id;
  std::string product_external_id;  // must exist
  std::string user_external_id;     // "" = anonymous
  int rating = 0;                   // 1..5, 0 = none
  std::string title;
  std::string text;
  Micros created_at = 0;
};

struct CompetitorPrice {
  std::string shop_id;
  std::string competitor;
  std::string product_external_id;  // our product, when matched; may be ""
  std::string competitor_sku;
  std::string name;
  Cents price_cents = 0;
  Micros observed_at = 0;
};

struct Event {
  int64_t id = 0;
  std::string shop_id;
  std::string type;                  // "click_product", "purchase", ...
  std::string user_external_id;
  std::string product_external_id;   // "" = none
  std::string session_id;
  double strength = 0;
  double quantity = 0;
  std::string query;
  int position = -1;
  std::string context;               // JSON object, or ""
  Micros at = 0;
};

struct MemoryEdge {
  std::string shop_id;
  std::string user_external_id;
  std::string dst_kind;   // "product", "brand", "category", "attribute"
  std::string dst_id;
  std::string relation;   // "purchased", "clicked", "prefers", "avoids"
  double weight = 0;
  Micros valid_from = 0;
  Micros valid_to = 0;    // 0 = open
};

struct AuditEntry {
  std::string shop_id;
  std::string actor;
  std::string action;
  std::string subject;
  std::string detail;  // JSON object, or ""
  Micros at = 0;
};

// An API key as stored: only a hash of the secret is kept.
struct ApiKey {
  int64_t id = 0;
  std::string shop_id;
  std::string key_hash;       // hex of the key's hash (see http/api_keys.h)
  Role role = Role::kShopper;
  std::string user_external_id;  // for shopper keys; may be ""
  Micros created_at = 0;
  bool revoked = false;
};

std::string_view RoleName(Role role);
// kInvalidArgument for anything but "admin", "merchant", "shopper".
absl::StatusOr<Role> ParseRole(std::string_view name);

}  // namespace leafloaf

#endif  // LEAFLOAF_STORE_RECORDS_H_
