// Who is calling: the shop and role come from the credential, never from
// the request body (DESIGN.md).
#ifndef LEAFLOAF_HTTP_PRINCIPAL_H_
#define LEAFLOAF_HTTP_PRINCIPAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "store/records.h"

namespace leafloaf::http {

struct Principal {
  std::string shop_id;
  Role role = Role::kShopper;
  std::string user_id;  // external user id bound to a shopper key; may be ""
  int64_t key_id = 0;
};

// Whether `who` may act as (track for, search as, read or erase) the shop's
// user `user_id`: staff keys and shopper keys bound to no user may name any
// user of their shop; a shopper key bound to a user only that user.
inline bool MayActAs(const Principal& who, std::string_view user_id) {
  return who.role != Role::kShopper || who.user_id.empty() || who.user_id == user_id;
}

// MayActAs as the 403 that read routes answer.
inline absl::Status CheckMayRead(const Principal& who, std::string_view user_id) {
  if (MayActAs(who, user_id)) return absl::OkStatus();
  return absl::PermissionDeniedError("a shopper key may only read its own user");
}

// Role sets for routes, as bit masks.
enum RoleMask : uint8_t {
  kPublic = 0,  // no credential needed
  kShopperRole = 1 << 0,
  kMerchantRole = 1 << 1,
  kAdminRole = 1 << 2,
  kAnyRole = kShopperRole | kMerchantRole | kAdminRole,
  kStaffRoles = kMerchantRole | kAdminRole,
};

inline uint8_t MaskOf(Role role) {
  switch (role) {
    case Role::kShopper:
      return kShopperRole;
    case Role::kMerchant:
      return kMerchantRole;
    case Role::kAdmin:
      return kAdminRole;
  }
  return 0;
}

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_PRINCIPAL_H_
