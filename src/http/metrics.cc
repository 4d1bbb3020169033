#include "http/metrics.h"

#include "absl/strings/str_format.h"

namespace leafloaf::http {
namespace {

// Escapes a label value per the exposition format.
std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                             double seconds) {
  absl::MutexLock lock(&mu_);
  Series& s = series_[{std::string(method), std::string(route)}];
  ++s.by_status[status];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++s.buckets[bucket];
  s.sum += seconds;
  ++s.count;
}

std::string Metrics::Render(const StoreStats* store) const {
  std::string out;
  {
    absl::MutexLock lock(&mu_);
    out += "# HELP leafloaf_http_requests_total HTTP requests by route and status.\n";
    out += "# TYPE leafloaf_http_requests_total counter\n";
    for (const auto& [key, s] : series_) {
      for (const auto& [status, n] : s.by_status) {
        absl::StrAppendFormat(&out,
                              "leafloaf_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %d\n",
                              Label(key.first), Label(key.second), status, n);
      }
    }
    out += "# HELP leafloaf_http_request_duration_seconds Time to handle a request.\n";
    out += "# TYPE leafloaf_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
      std::string labels =
          absl::StrFormat("method=\"%s\",route=\"%s\"", Label(key.first), Label(key.second));
      int64_t cumulative = 0;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += s.buckets[i];
        absl::StrAppendFormat(&out, "leafloaf_http_request_duration_seconds_bucket{%s,le=\"%g\"} %d\n",
                              labels, kBuckets[i], cumulative);
      }
      cumulative += s.buckets.back();
      absl::StrAppendFormat(&out, "leafloaf_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n",
                            labels, cumulative);
      absl::StrAppendFormat(&out, "leafloaf_http_request_duration_seconds_sum{%s} %.9f\n", labels,
                            s.sum);
      absl::StrAppendFormat(&out, "leafloaf_http_request_duration_seconds_count{%s} %d\n", labels,
                            s.count);
    }
  }
  if (store != nullptr) {
    auto emit = [&out](std::string_view name, std::string_view type, std::string_view help,
                       int64_t value) {
      absl::StrAppendFormat(&out, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", name, help, name, type,
                            name, value);
    };
    emit("leafloaf_store_batches_committed_total", "counter", "Write batches acknowledged.",
         store->batches_committed);
    emit("leafloaf_store_commits_total", "counter", "Transactions committed (group commits).",
         store->commits);
    emit("leafloaf_store_syncs_total", "counter",
         "fsyncs of the write-ahead log that made commits durable (one may cover several).",
         store->syncs);
    emit("leafloaf_store_mutations_applied_total", "counter", "Mutations written.",
         store->mutations_applied);
    emit("leafloaf_store_mutations_rejected_total", "counter", "Mutations rejected as invalid.",
         store->mutations_rejected);
    emit("leafloaf_store_reads_total", "counter", "Read queries.", store->reads);
    emit("leafloaf_store_write_queue_depth", "gauge", "Batches waiting for the writer.",
         store->queue_depth);
    emit("leafloaf_store_database_bytes", "gauge", "Size of the database and its WAL.",
         store->db_bytes);
    emit("leafloaf_store_journal_syncs_total", "counter",
         "fdatasyncs of the event journal that made tracked events durable.",
         store->journal_syncs);
    emit("leafloaf_store_journal_backlog", "gauge",
         "Tracked events durable in the journal, not yet ingested into the database.",
         store->journal_backlog);
    emit("leafloaf_store_schema_version", "gauge", "Schema migration version.",
         store->schema_version);
  }
  return out;
}

}  // namespace leafloaf::http
