// Durable interaction tracking in process (issue 4: p99 <= 1 ms and
// >= 50k events/s on 2 cores). Each writer thread parses an event body
// (ParseTrackBody) and appends it (EventLog::Append), waiting until it is
// durable, as the HTTP handler does; the store is opened as the server opens
// it (event journal on). Also measured: the same store without its journal.
//
// Peer, measured in the same run with the same writer counts: the naive
// tracker, one fsynced SQLite transaction per event on a connection per
// thread doing the same work (check the product, create the user, insert
// the event). The program ends with a table of ratios and the targets.
//
// Usage: events_benchmark [--seconds=S] [--users=N] [--journal-only]
//                         [google benchmark flags]
// --journal-only defers ingestion into SQLite past the run (events are
// journaled, synced and acknowledged, and stay in the journal): it splits
// what the journal costs from what moving events into the database costs.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "benchmark/benchmark.h"
#include "events/event_log.h"
#include "events/event_parse.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::events {
namespace {

constexpr int kProducts = 20000;
int g_users = 5000;  // distinct user ids; --users=N
double g_seconds = 3.0;  // per benchmark case; --seconds=S
bool g_journal_only = false;  // --journal-only

using SteadyClock = std::chrono::steady_clock;

struct Fixture {
  leafloaf::testing::TempDir dir;
  std::unique_ptr<Store> store;
  SystemClock clock;
  explicit Fixture(bool event_journal) {
    SqliteStoreOptions options{.path = dir.File("leafloaf.db"), .event_journal = event_journal};
    if (g_journal_only) {  // nothing reaches the ingestion's triggers in a run
      options.journal_ingest_max_events = 1 << 30;
      options.journal_ingest_interval_ms = 1 << 30;
      options.journal_max_backlog_events = 1 << 30;
    }
    store = std::move(*OpenSqliteStore(options));
    WriteBatch batch;
    for (int i = 0; i < kProducts; ++i) {
      Product p;
      p.shop_id = "bench";
      p.external_id = "P" + std::to_string(i);
      p.name = "Product " + std::to_string(i);
      p.price_cents = 100 + i % 900;
      batch.Add(std::move(p));
    }
    store->Write(std::move(batch));
  }
};

// As `leafloaf serve` opens the store: tracked events are acknowledged
// from the event journal and ingested into the database in the background.
Fixture& Shared() {
  static Fixture* fixture = new Fixture(/*event_journal=*/true);
  return *fixture;
}

// The store without its journal (as before 2026-12-01): each group of
// events is committed to the database, and its WAL fsynced on the syncer
// thread, before it is acknowledged.
Fixture& SharedNoJournal() {
  static Fixture* fixture = new Fixture(/*event_journal=*/false);
  return *fixture;
}

// The naive peer's own database, so that its rows never meet journaled ids.
Fixture& SharedNaive() {
  static Fixture* fixture = new Fixture(/*event_journal=*/false);
  return *fixture;
}

// A click by user (t, i) on a product, as a client sends it.
std::string Body(int thread, int i) {
  return "{\"event_type\": \"click_product\", \"user_id\": \"U" +
         std::to_string((thread * 7919 + i) % g_users) + "\", \"product_id\": \"P" +
         std::to_string((thread * 104729 + i * 31) % kProducts) +
         "\", \"session_id\": \"s" + std::to_string(thread) +
         "\", \"position\": 3, \"context\": {\"page\": \"search\"}}";
}

struct Figures {
  double events_per_s = 0;
  double p50_us = 0, p99_us = 0, p999_us = 0;
  int64_t errors = 0;  // open loop: events refused or failed
};
std::mutex g_figures_mu;
std::map<std::pair<std::string, int>, Figures> g_figures;  // (kind, writers)

// Percentiles of one case's latencies (us, one per call of
// `events_per_call` events), as benchmark counters and into g_figures
// under (kind, key).
void Record(benchmark::State& state, const std::string& kind, int key, std::vector<float> latencies,
            int events_per_call, double elapsed, int64_t errors) {
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double q) {
    return latencies.empty()
               ? 0.0
               : latencies[std::min(latencies.size() - 1, static_cast<size_t>(q * latencies.size()))];
  };
  const double calls = static_cast<double>(latencies.size());
  Figures f{.events_per_s = elapsed > 0 ? calls * events_per_call / elapsed : 0.0,
            .p50_us = pct(0.50), .p99_us = pct(0.99), .p999_us = pct(0.999), .errors = errors};
  state.counters["events_per_s"] = f.events_per_s;
  state.counters["calls"] = calls;
  state.counters["p50_us"] = f.p50_us;
  state.counters["p99_us"] = f.p99_us;
  state.counters["p999_us"] = f.p999_us;
  state.counters["errors"] = static_cast<double>(errors);
  std::lock_guard<std::mutex> lock(g_figures_mu);
  g_figures[{kind, key}] = f;
}

// Runs `writers` threads for g_seconds; each calls `one(thread, i)` in a
// loop, which appends `events_per_call` events and returns false on error.
template <typename Fn>
void RunWriters(benchmark::State& state, const std::string& kind, int events_per_call, Fn one) {
  const int writers = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::atomic<bool> stop{false};
    std::atomic<int64_t> errors{0};
    std::vector<std::vector<float>> latencies(writers);
    std::vector<std::thread> threads;
    const auto start = SteadyClock::now();
    for (int t = 0; t < writers; ++t) {
      threads.emplace_back([&, t] {
        auto& mine = latencies[t];
        mine.reserve(1 << 16);
        for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
          const auto before = SteadyClock::now();
          if (!one(t, i)) errors.fetch_add(1);
          mine.push_back(std::chrono::duration<float, std::micro>(SteadyClock::now() - before).count());
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(g_seconds));
    stop = true;
    for (auto& th : threads) th.join();
    const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
    state.SetIterationTime(elapsed);

    std::vector<float> all;
    for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
    Record(state, kind, writers, std::move(all), events_per_call, elapsed, errors.load());
  }
}

// One event per call: parse + Append, acknowledged once durable.
void BM_TrackDurable(benchmark::State& state) {
  Fixture& fx = Shared();
  const EventLog log(fx.store.get(), &fx.clock);
  const ParseOptions options{.shop_id = "bench"};
  RunWriters(state, "leafloaf", 1, [&](int t, int i) {
    auto events = ParseTrackBody(Body(t, i), options);
    return events.ok() && log.Append(std::move(*events)).ok();
  });
}
BENCHMARK(BM_TrackDurable)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->Iterations(1)->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// The same without the event journal: rows committed before the ack.
void BM_TrackDurableNoJournal(benchmark::State& state) {
  Fixture& fx = SharedNoJournal();
  const EventLog log(fx.store.get(), &fx.clock);
  const ParseOptions options{.shop_id = "bench"};
  RunWriters(state, "no-journal", 1, [&](int t, int i) {
    auto events = ParseTrackBody(Body(t, i), options);
    return events.ok() && log.Append(std::move(*events)).ok();
  });
}
BENCHMARK(BM_TrackDurableNoJournal)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->Iterations(1)
    ->UseManualTime()->Unit(benchmark::kMillisecond);

// Batches of 100 events per call, as a client that buffers events sends them.
void BM_TrackDurableBatch100(benchmark::State& state) {
  Fixture& fx = Shared();
  const EventLog log(fx.store.get(), &fx.clock);
  const ParseOptions options{.shop_id = "bench"};
  RunWriters(state, "leafloaf-batch100", 100, [&](int t, int i) {
    std::string body = "[";
    for (int k = 0; k < 100; ++k) body += (k ? "," : "") + Body(t, i * 100 + k);
    body += "]";
    auto events = ParseTrackBody(body, options);
    return events.ok() && log.Append(std::move(*events)).ok();
  });
}
BENCHMARK(BM_TrackDurableBatch100)->Arg(1)->Arg(8)->Iterations(1)->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Open loop: events are offered at a fixed rate, whatever the store's
// pace, as independent shoppers send them, and each one's latency runs from
// the moment it was due to the moment its acknowledgement is seen (no
// coordinated omission: a stalled store delays the events queued behind it,
// and they are charged for it). Closed-loop writers above measure the most
// the store can take; this measures the latency at a given load, which is
// what "p99 <= 1 ms at 50k events/s" asks. kProducers threads parse and
// submit (EventLog::Start with a callback); each acknowledgement is timed
// in its callback. (Until 2026-12-02 a collector thread per producer waited
// on each event's future: a wakeup per event that this machine's kernel
// makes dear, and a harness cost on the 2 cores, not the store's.)
constexpr int kProducers = 2;

void RunOpenLoop(benchmark::State& state, const std::string& kind, Fixture& fx) {
  const double rate = static_cast<double>(state.range(0));
  // Start from a drained journal: a backlog left by an earlier case would
  // be ingested during this one.
  while (!g_journal_only && fx.store->Stats().journal_backlog > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const EventLog log(fx.store.get(), &fx.clock);
  const ParseOptions options{.shop_id = "bench"};
  for (auto _ : state) {
    // Each event's acknowledgement is seen by its callback (on the store's
    // journal thread, or on the producer's when refused at once), as an
    // event loop would see it: no thread waits per event.
    struct Lane {
      std::vector<float> latencies;  // by event; < 0: not served
      size_t sent = 0;               // events offered (producer's)
      std::vector<float> late;       // by event: due to submitted, us
      std::atomic<int64_t> outstanding{0};
      std::atomic<int64_t> last_ack_ns{0};  // since `start`
    };
    std::vector<Lane> lanes(kProducers);
    const auto start = SteadyClock::now() + std::chrono::milliseconds(5);
    const auto end = start + std::chrono::duration_cast<SteadyClock::duration>(
                                 std::chrono::duration<double>(g_seconds));
    const auto period = std::chrono::duration<double>(kProducers / rate);
    const auto per_lane = static_cast<size_t>(g_seconds * rate / kProducers) + 2;
    for (Lane& lane : lanes) {
      lane.latencies.assign(per_lane, -1.0f);
      lane.late.assign(per_lane, 0.0f);
    }
    std::vector<std::thread> threads;
    for (int p = 0; p < kProducers; ++p) {
      Lane& lane = lanes[p];
      threads.emplace_back([&, p] {  // producer
        prctl(PR_SET_TIMERSLACK, 1UL);  // wake on time, not up to 50 us late
        for (size_t i = 0; i < per_lane; ++i) {
          const auto due = start + std::chrono::duration_cast<SteadyClock::duration>(
                                       period * static_cast<double>(i) +
                                       std::chrono::duration<double>(p / rate));
          if (due >= end) break;
          if (SteadyClock::now() < due) std::this_thread::sleep_until(due);
          auto events = ParseTrackBody(Body(p, static_cast<int>(i)), options);
          if (!events.ok()) std::abort();
          lane.late[i] = std::chrono::duration<float, std::micro>(SteadyClock::now() - due).count();
          lane.outstanding.fetch_add(1, std::memory_order_relaxed);
          lane.sent = i + 1;
          log.Start(std::move(*events), [&lane, i, due, start](WriteResult result) {
            const auto now = SteadyClock::now();
            if (EventLog::Finish(std::move(result)).ok()) {
              lane.latencies[i] = std::chrono::duration<float, std::micro>(now - due).count();
            }
            const int64_t at = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count();
            int64_t last = lane.last_ack_ns.load(std::memory_order_relaxed);
            while (last < at && !lane.last_ack_ns.compare_exchange_weak(last, at)) {
            }
            lane.outstanding.fetch_sub(1, std::memory_order_release);
          });
        }
      });
    }
    for (auto& th : threads) th.join();
    for (Lane& lane : lanes) {
      while (lane.outstanding.load(std::memory_order_acquire) > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    int64_t last_ns = 0;
    std::vector<float> all;
    int64_t errors = 0;
    for (Lane& lane : lanes) {
      last_ns = std::max(last_ns, lane.last_ack_ns.load());
      for (size_t i = 0; i < lane.sent; ++i) {  // served (>= 0) or not (< 0)
        if (lane.latencies[i] < 0) {
          ++errors;
        } else {
          all.push_back(lane.latencies[i]);
        }
      }
    }
    // How late the producers themselves were (woken late, or behind): the
    // part of the latency spent before the store saw the event.
    std::vector<float> late;
    for (Lane& lane : lanes) late.insert(late.end(), lane.late.begin(), lane.late.begin() + lane.sent);
    if (!late.empty()) {
      auto p99 = late.begin() + static_cast<ptrdiff_t>(late.size() * 99 / 100);
      std::nth_element(late.begin(), p99, late.end());
      state.counters["p99_submit_late_us"] = *p99;
    }
    const double elapsed = static_cast<double>(last_ns) / 1e9;
    state.SetIterationTime(elapsed);
    state.counters["offered_per_s"] = rate;
    Record(state, kind, static_cast<int>(rate), std::move(all), 1, elapsed, errors);
  }
}

void BM_TrackOpenLoop(benchmark::State& state) { RunOpenLoop(state, "open-loop", Shared()); }
BENCHMARK(BM_TrackOpenLoop)->Arg(25000)->Arg(50000)->Arg(60000)->Iterations(1)->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// The same offered load on the store without its journal.
void BM_TrackOpenLoopNoJournal(benchmark::State& state) {
  RunOpenLoop(state, "open-loop-no-journal", SharedNoJournal());
}
BENCHMARK(BM_TrackOpenLoopNoJournal)->Arg(25000)->Arg(50000)->Iterations(1)->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Peer: one fsynced transaction per event, one connection per thread.
struct NaiveConnection {
  sqlite3* db = nullptr;
  sqlite3_stmt* product = nullptr;
  sqlite3_stmt* user = nullptr;
  sqlite3_stmt* event = nullptr;
  explicit NaiveConnection(const std::string& path) {
    sqlite3_open(path.c_str(), &db);
    sqlite3_busy_timeout(db, 30000);
    sqlite3_exec(db, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db,
                       "SELECT 1 FROM products WHERE shop_id = ? AND external_id = ? AND deleted = 0",
                       -1, &product, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO users (shop_id, external_id, created_at) VALUES (?, ?, 0) "
                       "ON CONFLICT (shop_id, external_id) DO NOTHING",
                       -1, &user, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO events (shop_id, type, user_external_id, product_external_id, "
                       "session_id, position, context, at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                       -1, &event, nullptr);
  }
  ~NaiveConnection() {
    for (sqlite3_stmt* s : {product, user, event}) sqlite3_finalize(s);
    sqlite3_close(db);
  }
  static void Text(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  bool Track(const Event& e) {
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return false;
    Text(product, 1, e.shop_id);
    Text(product, 2, e.product_external_id);
    bool ok = sqlite3_step(product) == SQLITE_ROW;
    sqlite3_reset(product);
    if (ok) {
      Text(user, 1, e.shop_id);
      Text(user, 2, e.user_external_id);
      ok = sqlite3_step(user) == SQLITE_DONE;
      sqlite3_reset(user);
    }
    if (ok) {
      Text(event, 1, e.shop_id);
      Text(event, 2, e.type);
      Text(event, 3, e.user_external_id);
      Text(event, 4, e.product_external_id);
      Text(event, 5, e.session_id);
      sqlite3_bind_int(event, 6, e.position);
      Text(event, 7, e.context);
      ok = sqlite3_step(event) == SQLITE_DONE;
      sqlite3_reset(event);
    }
    ok = ok && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return ok;
  }
};

void BM_NaiveTransactionPerEvent(benchmark::State& state) {
  Fixture& fx = SharedNaive();
  const std::string path = fx.dir.File("leafloaf.db");
  const ParseOptions options{.shop_id = "bench"};
  std::vector<std::unique_ptr<NaiveConnection>> connections;
  for (int t = 0; t < state.range(0); ++t) {
    connections.push_back(std::make_unique<NaiveConnection>(path));
  }
  RunWriters(state, "naive", 1, [&](int t, int i) {
    auto events = ParseTrackBody(Body(t, i), options);
    return events.ok() && connections[t]->Track((*events)[0]);
  });
}
BENCHMARK(BM_NaiveTransactionPerEvent)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->Iterations(1)
    ->UseManualTime()->Unit(benchmark::kMillisecond);

// The parser alone, per event body.
void BM_ParseTrackBody(benchmark::State& state) {
  const std::string body = Body(1, 1);
  const ParseOptions options{.shop_id = "bench"};
  for (auto _ : state) {
    auto events = ParseTrackBody(body, options);
    benchmark::DoNotOptimize(events);
  }
}
BENCHMARK(BM_ParseTrackBody);

// The device's durable-write latency, which bounds every figure above:
// 4 KiB pwrite + fdatasync, 200 times, in the benchmark's data dir.
std::string FsyncProbe() {
  const std::string path = Shared().dir.File("fsync-probe");
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return "fsync probe: cannot open a file";
  std::vector<float> us;
  std::string page(4096, 'x');
  for (int i = 0; i < 200; ++i) {
    const auto before = SteadyClock::now();
    if (pwrite(fd, page.data(), page.size(), static_cast<off_t>(i) * 4096) < 0) break;
    fdatasync(fd);
    us.push_back(std::chrono::duration<float, std::micro>(SteadyClock::now() - before).count());
  }
  close(fd);
  unlink(path.c_str());
  if (us.empty()) return "fsync probe: write failed";
  std::sort(us.begin(), us.end());
  char out[160];
  std::snprintf(out, sizeof(out), "4 KiB pwrite+fdatasync: p50 %.0f us, p99 %.0f us",
                us[us.size() / 2], us[us.size() * 99 / 100]);
  return out;
}

void PrintSummary(const std::string& probe_before) {
  std::lock_guard<std::mutex> lock(g_figures_mu);
  std::printf("\nratios, leafloaf (group commit) against the naive tracker, same writers:\n");
  std::printf("%8s %14s %14s %8s %10s %14s %12s %10s\n", "writers", "leafloaf ev/s", "naive ev/s",
              "ratio", "p99 us", "naive p99 us", "x no-journ", "targets");
  bool met = false;
  for (const auto& [key, ours] : g_figures) {
    if (key.first != "leafloaf") continue;
    auto peer = g_figures.find({"naive", key.second});
    const double peer_rate = peer == g_figures.end() ? 0 : peer->second.events_per_s;
    // Both targets at the same load: >= 50k events/s with p99 <= 1 ms.
    const bool both = ours.events_per_s >= 50000 && ours.p99_us <= 1000;
    met |= both;
    auto before = g_figures.find({"no-journal", key.second});
    const double before_rate = before == g_figures.end() ? 0 : before->second.events_per_s;
    std::printf("%8d %14.0f %14.0f %8.2f %10.0f %14.0f %12.2f %10s\n", key.second,
                ours.events_per_s, peer_rate, peer_rate > 0 ? ours.events_per_s / peer_rate : 0.0,
                ours.p99_us, peer == g_figures.end() ? 0.0 : peer->second.p99_us,
                before_rate > 0 ? ours.events_per_s / before_rate : 0.0, both ? "met" : "-");
  }
  bool open_met = false;
  for (const auto& [key, f] : g_figures) {
    const bool open = key.first.starts_with("open-loop");
    std::printf("%s, %d %s: %.0f events/s, p50 %.0f us, p99 %.0f us, p99.9 %.0f us%s\n",
                key.first.c_str(), key.second, open ? "events/s offered" : "writers",
                f.events_per_s, f.p50_us, f.p99_us, f.p999_us,
                f.errors ? (", " + std::to_string(f.errors) + " failed").c_str() : "");
    // Kept up with the offered load (all acknowledged within the run, give
    // or take the last acknowledgements) and p99 <= 1 ms.
    if (key.first == "open-loop" && key.second >= 50000 && f.errors == 0 &&
        f.events_per_s >= 0.99 * key.second && f.p99_us <= 1000) {
      open_met = true;
    }
  }
  std::printf("target, closed loop (>= 50k events/s and p99 <= 1 ms, one event per append, "
              "same writers): %s\n", met ? "met" : "MISSED");
  std::printf("target, open loop (50k single events/s offered, all kept up with, p99 <= 1 ms "
              "from when each was due): %s\n", open_met ? "met" : "MISSED");
  std::printf("device before the run: %s\n", probe_before.c_str());
  std::printf("device after the run:  %s\n", FsyncProbe().c_str());
}

}  // namespace
}  // namespace leafloaf::events

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) {
      leafloaf::events::g_seconds = std::atof(argv[i] + 10);
    } else if (std::strcmp(argv[i], "--journal-only") == 0) {
      leafloaf::events::g_journal_only = true;
    } else if (std::strncmp(argv[i], "--users=", 8) == 0) {
      leafloaf::events::g_users = std::max(1, std::atoi(argv[i] + 8));
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  const std::string probe = leafloaf::events::FsyncProbe();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  leafloaf::events::PrintSummary(probe);
  return 0;
}
