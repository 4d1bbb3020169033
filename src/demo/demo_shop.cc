#include "demo/demo_shop.h"

#include <chrono>
#include <deque>
#include <future>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace leafloaf {
namespace {

constexpr char kDemoShopName[] = "LeafLoaf Demo Market";
// Batches queued at the store before waiting for the oldest: keeps the
// writer busy while bounding memory.
constexpr size_t kMaxInFlight = 8;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Fills batches of a fixed size and submits them, keeping a few in flight.
// After the first failure it submits nothing more and remembers the error.
class BatchSubmitter {
 public:
  BatchSubmitter(Store& store, size_t batch_size) : store_(store), batch_size_(batch_size) {}

  template <typename T>
  void Add(T mutation) {
    if (!status_.ok()) return;
    batch_.Add(std::move(mutation));
    if (batch_.size() >= batch_size_) Flush();
  }

  // Submits the partial batch, waits for every batch in flight and returns
  // the first failure.
  absl::Status Finish() {
    Flush();
    while (!in_flight_.empty()) WaitOldest();
    return status_;
  }

  int64_t batches() const { return batches_; }
  int64_t applied() const { return applied_; }

 private:
  void Flush() {
    if (batch_.empty() || !status_.ok()) return;
    in_flight_.push_back(store_.Submit(std::exchange(batch_, WriteBatch{})));
    ++batches_;
    if (in_flight_.size() > kMaxInFlight) WaitOldest();
  }

  void WaitOldest() {
    WriteResult result = in_flight_.front().get();
    in_flight_.pop_front();
    if (!status_.ok()) return;
    if (!result.status.ok()) {
      status_ = absl::Status(result.status.code(),
                             absl::StrCat("demo batch not written: ", result.status.message()));
      return;
    }
    for (size_t i = 0; i < result.results.size(); ++i) {
      if (!result.results[i].ok()) {
        status_ = absl::InternalError(absl::StrFormat("demo mutation %d of a batch rejected: %s", i,
                                                      result.results[i].message()));
        return;
      }
    }
    applied_ += static_cast<int64_t>(result.results.size());
  }

  Store& store_;
  const size_t batch_size_;
  WriteBatch batch_;
  std::deque<std::future<WriteResult>> in_flight_;
  absl::Status status_;
  int64_t batches_ = 0;
  int64_t applied_ = 0;
};

}  // namespace

absl::StatusOr<DemoSummary> WriteDemoData(Store& store, const DemoData& data,
                                          const DemoOptions& options) {
  if (options.batch_size < 1) return absl::InvalidArgumentError("demo batch size must be >= 1");
  const auto start = std::chrono::steady_clock::now();
  BatchSubmitter submitter(store, static_cast<size_t>(options.batch_size));
  submitter.Add(EnsureShop{options.shop_id, kDemoShopName});
  for (const Product& p : data.catalog.products) submitter.Add(p);
  for (const Household& h : data.population.households) submitter.Add(h);
  for (const User& u : data.population.users) submitter.Add(u);
  for (const Order& o : data.history.orders) submitter.Add(o);
  for (const OrderLine& l : data.history.lines) submitter.Add(l);
  LL_RETURN_IF_ERROR(submitter.Finish());

  DemoSummary summary;
  summary.products = static_cast<int64_t>(data.catalog.products.size());
  summary.households = static_cast<int64_t>(data.population.households.size());
  summary.users = static_cast<int64_t>(data.population.users.size());
  summary.orders = static_cast<int64_t>(data.history.orders.size());
  summary.order_lines = static_cast<int64_t>(data.history.lines.size());
  summary.batches = submitter.batches();
  summary.mutations = submitter.applied();
  summary.fingerprint = Fingerprint(data);
  summary.period_start = data.period_start;
  summary.period_end = data.period_end;
  summary.write_seconds = SecondsSince(start);
  return summary;
}

absl::StatusOr<DemoSummary> GenerateDemoShop(Store& store, const DemoOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  LL_ASSIGN_OR_RETURN(DemoData data, GenerateDemoData(options));
  const double generate_seconds = SecondsSince(start);
  LL_ASSIGN_OR_RETURN(DemoSummary summary, WriteDemoData(store, data, options));
  summary.generate_seconds = generate_seconds;
  return summary;
}

}  // namespace leafloaf
