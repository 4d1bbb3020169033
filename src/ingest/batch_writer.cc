#include "ingest/batch_writer.h"

#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"

namespace leafloaf {
namespace {

std::string Quoted(const std::string& id) { return absl::StrCat("'", id, "'"); }

// The label kept per mutation while its batch is in flight. Only mutations
// that reference other rows can be refused for a reason the report must
// explain, so only they pay for a label.
std::string Label(const Mutation& mutation) {
  if (std::holds_alternative<OrderLine>(mutation) || std::holds_alternative<Review>(mutation) ||
      std::holds_alternative<CompetitorPrice>(mutation) || std::holds_alternative<User>(mutation)) {
    return DescribeMutation(mutation);
  }
  return {};
}

}  // namespace

std::string DescribeMutation(const Mutation& mutation) {
  struct Visitor {
    std::string operator()(const EnsureShop& m) { return "shop " + Quoted(m.shop_id); }
    std::string operator()(const Product& m) { return "product " + Quoted(m.external_id); }
    std::string operator()(const DeleteProduct& m) { return "product " + Quoted(m.external_id); }
    std::string operator()(const Household& m) { return "household " + Quoted(m.external_id); }
    std::string operator()(const User& m) { return "user " + Quoted(m.external_id); }
    std::string operator()(const Order& m) { return "order " + Quoted(m.external_id); }
    std::string operator()(const OrderLine& m) {
      return absl::StrCat("line of order ", Quoted(m.order_external_id), " for product ",
                          Quoted(m.product_external_id));
    }
    std::string operator()(const Review& m) {
      return absl::StrCat("review ", Quoted(m.external_id), " of product ",
                          Quoted(m.product_external_id));
    }
    std::string operator()(const CompetitorPrice& m) {
      return absl::StrCat("price of ", Quoted(m.competitor_sku), " at ", Quoted(m.competitor));
    }
    std::string operator()(const Event& m) { return "event " + Quoted(m.type); }
    std::string operator()(const MemoryEdge& m) { return "memory edge " + Quoted(m.dst_id); }
    std::string operator()(const AuditEntry& m) { return "audit entry " + Quoted(m.action); }
    std::string operator()(const ApiKey&) { return "api key"; }
    std::string operator()(const EraseUserActivity& m) {
      return "erasure of user " + Quoted(m.user_external_id);
    }
    std::string operator()(const CartUpdate& m) {
      return "cart line of " + Quoted(m.product_external_id);
    }
    std::string operator()(const ClearCart& m) { return "cart of " + Quoted(m.user_external_id); }
    std::string operator()(const Checkout& m) { return "checkout " + Quoted(m.order_external_id); }
  };
  return std::visit(Visitor{}, mutation);
}

BatchWriter::BatchWriter(Store& store, RowCallback on_row, size_t batch_mutations,
                         size_t max_in_flight)
    : store_(store),
      on_row_(std::move(on_row)),
      batch_mutations_(batch_mutations),
      max_in_flight_(max_in_flight < 1 ? 1 : max_in_flight) {}

absl::Status BatchWriter::AddRow(const RowTag& tag, std::vector<Mutation> mutations) {
  batch_rows_.push_back({tag, mutations.size()});
  for (Mutation& mutation : mutations) {
    batch_labels_.push_back(Label(mutation));
    batch_.mutations.push_back(std::move(mutation));
  }
  if (batch_.size() >= batch_mutations_) return Submit();
  return absl::OkStatus();
}

absl::Status BatchWriter::Submit() {
  if (batch_.empty()) return absl::OkStatus();
  while (in_flight_.size() >= max_in_flight_) {
    absl::Status status = WaitOldest();
    if (!status.ok()) return status;
  }
  InFlight flight;
  flight.rows = std::move(batch_rows_);
  flight.labels = std::move(batch_labels_);
  flight.future = store_.Submit(std::move(batch_));
  in_flight_.push_back(std::move(flight));
  batch_ = WriteBatch();
  batch_rows_.clear();
  batch_labels_.clear();
  return absl::OkStatus();
}

absl::Status BatchWriter::WaitOldest() {
  InFlight flight = std::move(in_flight_.front());
  in_flight_.pop_front();
  WriteResult result = flight.future.get();
  if (!result.status.ok()) return result.status;
  if (result.results.size() != flight.labels.size()) {
    return absl::InternalError(absl::StrCat("store answered ", result.results.size(),
                                            " results for ", flight.labels.size(), " mutations"));
  }
  size_t index = 0;
  for (const RowSpan& row : flight.rows) {
    std::string reason;
    for (size_t i = index; i < index + row.mutations; ++i) {
      const absl::Status& status = result.results[i];
      if (status.ok()) {
        ++mutations_applied_;
      } else if (reason.empty()) {
        // kNotFound already names the missing id ("unknown order 'o7'").
        reason = flight.labels[i].empty() || status.code() == absl::StatusCode::kNotFound
                     ? std::string(status.message())
                     : absl::StrCat(flight.labels[i], ": ", status.message());
        if (reason.empty()) reason = status.ToString();
      }
    }
    index += row.mutations;
    on_row_(row.tag, reason);
  }
  return absl::OkStatus();
}

absl::Status BatchWriter::Finish() {
  absl::Status status = Submit();
  while (status.ok() && !in_flight_.empty()) status = WaitOldest();
  return status;
}

}  // namespace leafloaf
