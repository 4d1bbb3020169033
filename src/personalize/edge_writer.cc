#include "personalize/edge_writer.h"

#include <utility>

#include "spdlog/spdlog.h"

namespace leafloaf::personalize {

EdgeWriter::EdgeWriter(Store* store, EdgeWriterOptions options)
    : store_(store), options_(options) {
  thread_ = std::thread([this] { Loop(); });
}

EdgeWriter::~EdgeWriter() {
  {
    absl::MutexLock lock(&mu_);
    closing_ = true;
  }
  thread_.join();
  if (absl::Status s = Flush(); !s.ok()) spdlog::warn("memory-graph edges not written: {}", s.ToString());
}

std::string EdgeWriter::Key(const MemoryEdge& e) {
  // '\0' between the fields keeps ("a", "bc") and ("ab", "c") apart.
  std::string key;
  for (const std::string* field :
       {&e.shop_id, &e.user_external_id, &e.dst_kind, &e.dst_id, &e.relation}) {
    key.append(*field).push_back('\0');
  }
  key.append(std::to_string(e.valid_from));
  return key;
}

void EdgeWriter::Add(std::vector<MemoryEdge> edges) {
  if (edges.empty()) return;
  if (options_.interval.count() == 0) {
    // Uncoalesced: straight to the store, without the queue's keys.
    absl::MutexLock submit(&submit_mu_);
    WriteBatch batch;
    batch.mutations.reserve(edges.size());
    for (MemoryEdge& e : edges) batch.Add(std::move(e));
    {
      absl::MutexLock lock(&mu_);
      edges_written_ += static_cast<int64_t>(batch.mutations.size());
      ++batches_written_;
    }
    last_ = store_->Submit(std::move(batch)).share();
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    for (MemoryEdge& e : edges) {
      std::string key = Key(e);
      pending_.insert_or_assign(std::move(key), std::move(e));
    }
  }
}

void EdgeWriter::ForgetUser(std::string_view shop_id, std::string_view user_id) {
  absl::MutexLock submit(&submit_mu_);  // a batch being taken lands first
  absl::MutexLock lock(&mu_);
  absl::erase_if(pending_, [&](const auto& entry) {
    return entry.second.shop_id == shop_id && entry.second.user_external_id == user_id;
  });
}

void EdgeWriter::SubmitPending() {
  absl::MutexLock submit(&submit_mu_);
  WriteBatch batch;
  {
    absl::MutexLock lock(&mu_);
    if (pending_.empty()) return;
    batch.mutations.reserve(pending_.size());
    for (auto& [key, edge] : pending_) batch.Add(std::move(edge));
    pending_.clear();
    edges_written_ += static_cast<int64_t>(batch.mutations.size());
    ++batches_written_;
  }
  last_ = store_->Submit(std::move(batch)).share();
}

absl::Status EdgeWriter::Flush() {
  SubmitPending();
  std::shared_future<WriteResult> last;
  {
    absl::MutexLock submit(&submit_mu_);
    last = last_;
  }
  if (!last.valid()) return absl::OkStatus();
  // Batches are applied and acknowledged in submission order, so the
  // latest one being durable means every earlier one is too.
  const WriteResult& result = last.get();
  if (!result.status.ok()) return result.status;
  for (const absl::Status& s : result.results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

void EdgeWriter::Loop() {
  if (options_.interval.count() == 0) return;  // Add() submits
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(
          absl::Condition(
              +[](EdgeWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
                return w->closing_ || w->pending_.size() >= w->options_.max_pending;
              },
              this),
          absl::FromChrono(options_.interval));
      if (closing_) return;  // the destructor flushes
    }
    SubmitPending();
  }
}

int64_t EdgeWriter::edges_written() const {
  absl::MutexLock lock(&mu_);
  return edges_written_;
}

int64_t EdgeWriter::batches_written() const {
  absl::MutexLock lock(&mu_);
  return batches_written_;
}

}  // namespace leafloaf::personalize
