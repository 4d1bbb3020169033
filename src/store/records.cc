#include "store/records.h"

#include "absl/strings/str_format.h"

namespace leafloaf {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kShopper:
      return "shopper";
    case Role::kMerchant:
      return "merchant";
    case Role::kAdmin:
      return "admin";
  }
  return "shopper";
}

absl::StatusOr<Role> ParseRole(std::string_view name) {
  if (name == "shopper") return Role::kShopper;
  if (name == "merchant") return Role::kMerchant;
  if (name == "admin") return Role::kAdmin;
  return absl::InvalidArgumentError(
      absl::StrFormat("unknown role '%s' (expected admin, merchant or shopper)", name));
}

}  // namespace leafloaf
