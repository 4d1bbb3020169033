// Applies one Mutation to the writer's connection, inside the writer's
// open transaction. Each mutation is atomic on its own: a mutation of
// several statements runs in a savepoint.
//
// Returns the row id for mutations that create one (Event, ApiKey, ...),
// else 0; kInvalidArgument for bad fields, kNotFound for a referenced order
// or product that does not exist, kAlreadyExists for a duplicate key.
#ifndef LEAFLOAF_STORE_SQLITE_MUTATIONS_H_
#define LEAFLOAF_STORE_SQLITE_MUTATIONS_H_

#include "absl/status/statusor.h"
#include "common/time.h"
#include "store/sqlite/statement.h"
#include "store/write_batch.h"

namespace leafloaf::sqlite {

absl::StatusOr<int64_t> ApplyMutation(Database& db, const Mutation& mutation, Micros now);

// The shop a mutation belongs to.
const std::string& MutationShop(const Mutation& mutation);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_MUTATIONS_H_
