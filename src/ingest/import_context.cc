#include "ingest/import_context.h"

#include <cmath>
#include <utility>
#include <variant>

#include "common/strings.h"

namespace leafloaf {
namespace {

// FNV-1a over "order \x1f product": stable across runs and platforms.
uint64_t LineKey(std::string_view order, std::string_view product) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
  };
  mix(order);
  mix("\x1f");
  mix(product);
  return hash;
}

}  // namespace

ImportContext::ImportContext(Store& store, std::string shop_id, ImportReport& report)
    : store_(store), shop_id_(std::move(shop_id)), report_(report) {}

bool ImportContext::Claim(Entity entity, std::string_view id) {
  auto& claimed = claimed_[static_cast<int>(entity)];
  if (claimed.contains(AsAbsl(id))) return false;
  for (const auto& [pending_entity, pending_id] : pending_claims_) {
    if (pending_entity == entity && pending_id == id) return false;
  }
  pending_claims_.emplace_back(entity, std::string(id));
  return true;
}

absl::StatusOr<bool> ImportContext::ProductExists(std::string_view external_id) {
  if (written_products_.contains(AsAbsl(external_id))) return true;
  for (const Mutation& mutation : staged_) {
    if (const auto* product = std::get_if<Product>(&mutation)) {
      if (product->external_id == external_id) return true;
    }
  }
  if (auto it = store_products_.find(AsAbsl(external_id)); it != store_products_.end())
    return it->second;
  absl::StatusOr<Product> product = store_.GetProduct(shop_id_, external_id);
  if (!product.ok() && product.status().code() != absl::StatusCode::kNotFound) {
    return product.status();
  }
  store_products_.emplace(std::string(external_id), product.ok());
  return product.ok();
}

OrderLine ImportContext::MergeLine(OrderLine line, Cents line_total_cents) {
  const uint64_t key = LineKey(line.order_external_id, line.product_external_id);
  LineTotals totals{line.quantity, line_total_cents, line.discount_cents};
  if (auto it = lines_.find(key); it != lines_.end()) {
    totals.quantity += it->second.quantity;
    totals.total_cents += it->second.total_cents;
    totals.discount_cents += it->second.discount_cents;
    line.quantity = totals.quantity;
    line.discount_cents = totals.discount_cents;
    if (totals.quantity > 0) {
      line.unit_price_cents = static_cast<Cents>(
          std::llround(static_cast<double>(totals.total_cents) / totals.quantity));
    }
  }
  pending_lines_.push_back({key, totals});
  return line;
}

void ImportContext::Note(std::string note) {
  if (notes_.insert(note).second) report_.notes.push_back(std::move(note));
}

void ImportContext::BeginRow() { AbortRow(); }

std::vector<Mutation> ImportContext::CommitRow() {
  for (auto& [entity, id] : pending_claims_)
    claimed_[static_cast<int>(entity)].insert(std::move(id));
  for (const PendingLine& pending : pending_lines_) lines_[pending.key] = pending.totals;
  for (const Mutation& mutation : staged_) {
    if (const auto* product = std::get_if<Product>(&mutation)) {
      written_products_.insert(product->external_id);
    }
  }
  pending_claims_.clear();
  pending_lines_.clear();
  std::vector<Mutation> mutations = std::move(staged_);
  staged_.clear();
  return mutations;
}

void ImportContext::AbortRow() {
  staged_.clear();
  pending_claims_.clear();
  pending_lines_.clear();
}

}  // namespace leafloaf
