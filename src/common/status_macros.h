// Two small macros for propagating absl::Status, because Debian's abseil
// (20220623) ships no RETURN_IF_ERROR / ASSIGN_OR_RETURN.
#ifndef LEAFLOAF_COMMON_STATUS_MACROS_H_
#define LEAFLOAF_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define LL_CONCAT_INNER_(a, b) a##b
#define LL_CONCAT_(a, b) LL_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` is not OK.
#define LL_RETURN_IF_ERROR(expr)                 \
  do {                                           \
    ::absl::Status ll_status_ = (expr);          \
    if (!ll_status_.ok()) return ll_status_;     \
  } while (0)

// `LL_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a StatusOr, or
// returns its status.
#define LL_ASSIGN_OR_RETURN(lhs, expr) \
  LL_ASSIGN_OR_RETURN_IMPL_(LL_CONCAT_(ll_statusor_, __LINE__), lhs, expr)
#define LL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

#endif  // LEAFLOAF_COMMON_STATUS_MACROS_H_
