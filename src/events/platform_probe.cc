// platform_probe: what this machine lets a durable acknowledgement cost.
//
// Tracking's latency target (p99 <= 1 ms, durably) has two floors that no
// software above the kernel can lower: the device's own write + fdatasync,
// and how late a thread runs while another thread syncs. On a virtual
// machine the second can dwarf the first: on this project's 2-vCPU
// Firecracker/PVM guest, threads woken by timers ran milliseconds late
// while a sibling synced, and ~100 us late otherwise (docs/BENCHMARKS.md).
// This tool measures both, each against itself without the disk, in the
// same run:
//
//   1. write + fdatasync of 4 KiB appends, one after another;
//   2. a thread spinning on the clock: its gaps over 200 us, alone and
//      while a second thread runs the sync loop;
//   3. two threads sleeping until deadlines 80 us apart: how late they
//      wake, alone and while the sync loop runs.
//
// With --pin, the syncing thread runs on CPU 1 and the others on CPU 0
// (the kernel may place them anywhere otherwise).
//
// Usage: platform_probe [--dir=DIR] [--seconds=S] [--pin]   (default: ., 2 s)
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

bool g_pin = false;

// Binds the calling thread to `cpu` under --pin.
void Pin(int cpu) {
  if (!g_pin) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    std::fprintf(stderr, "platform_probe: cannot pin to CPU %d: %s\n", cpu, std::strerror(errno));
  }
}

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};

Percentiles Summarize(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 99 / 100], v.back()};
}

// Appends 4 KiB pages to DIR/platform-probe.dat with pwrite + fdatasync
// until `stop`; returns each sync's latency.
std::vector<double> SyncLoop(const std::string& dir, const std::atomic<bool>& stop) {
  const std::string path = dir + "/platform-probe.dat";
  std::vector<double> us;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "platform_probe: cannot create %s: %s\n", path.c_str(),
                 std::strerror(errno));
    std::exit(1);
  }
  const std::string page(4096, 'x');
  for (off_t at = 0; !stop.load(std::memory_order_relaxed); at += 4096) {
    const auto before = Clock::now();
    if (::pwrite(fd, page.data(), page.size(), at) < 0 || ::fdatasync(fd) != 0) break;
    us.push_back(Micros(Clock::now() - before));
  }
  ::close(fd);
  ::unlink(path.c_str());
  return us;
}

// Runs `work` for `seconds`, with the sync loop beside it when `with_syncs`.
template <typename Work>
void Beside(bool with_syncs, const std::string& dir, Work&& work) {
  std::atomic<bool> stop{false};
  std::thread syncer;
  if (with_syncs) {
    syncer = std::thread([&] {
      Pin(1);
      SyncLoop(dir, stop);
    });
  }
  work();
  stop = true;
  if (syncer.joinable()) syncer.join();
}

struct Stalls {
  int count = 0;        // gaps over 200 us
  double total_ms = 0;  // their sum
  double max_us = 0;
};

Stalls Spin(double seconds) {
  Stalls out;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(seconds));
  auto prev = start;
  while (true) {
    const auto now = Clock::now();
    if (now >= end) break;
    const double gap = Micros(now - prev);
    if (gap > 200) {
      ++out.count;
      out.total_ms += gap / 1000;
      out.max_us = std::max(out.max_us, gap);
    }
    prev = now;
  }
  return out;
}

// Two sleepers, each due every 80 us (offset by 40 us): lateness per wake.
std::vector<double> Sleepers(double seconds) {
  constexpr auto kPeriod = std::chrono::microseconds(80);
  const auto start = Clock::now() + std::chrono::milliseconds(2);
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(seconds));
  std::vector<std::vector<double>> late(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      Pin(0);
      for (int64_t i = 0;; ++i) {
        const auto due = start + kPeriod * i + kPeriod * t / 2;
        if (due >= end) break;
        std::this_thread::sleep_until(due);
        late[t].push_back(Micros(Clock::now() - due));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  late[0].insert(late[0].end(), late[1].begin(), late[1].end());
  return late[0];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = ".";
  double seconds = 2;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--dir=", 6) == 0) {
      dir = argv[i] + 6;
    } else if (std::strcmp(argv[i], "--pin") == 0) {
      g_pin = true;
    } else if (std::strncmp(argv[i], "--seconds=", 10) == 0) {
      seconds = std::max(0.2, std::atof(argv[i] + 10));
    } else {
      std::fprintf(stderr, "usage: %s [--dir=DIR] [--seconds=S] [--pin]\n", argv[0]);
      return 2;
    }
  }
  Pin(0);  // the spinner (this thread)
  std::atomic<bool> stop{false};
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
  });
  const Percentiles sync = Summarize(SyncLoop(dir, stop));
  timer.join();
  std::printf("fdatasync, 4 KiB appends:      p50 %6.0f us  p99 %6.0f us  max %6.0f us\n",
              sync.p50, sync.p99, sync.max);

  for (bool with_syncs : {false, true}) {
    Stalls s;
    Beside(with_syncs, dir, [&] { s = Spin(seconds); });
    std::printf("spinning thread, %-13s %4d gaps > 200 us, %7.1f ms lost (%.1f%%), max %6.0f us\n",
                with_syncs ? "syncs beside:" : "alone:", s.count, s.total_ms,
                s.total_ms / (seconds * 10), s.max_us);
  }
  Percentiles wake[2];
  for (bool with_syncs : {false, true}) {
    Beside(with_syncs, dir, [&] { wake[with_syncs] = Summarize(Sleepers(seconds)); });
    std::printf("sleepers' lateness, %-10s p50 %6.0f us  p99 %6.0f us  max %6.0f us\n",
                with_syncs ? "syncs:" : "alone:", wake[with_syncs].p50, wake[with_syncs].p99,
                wake[with_syncs].max);
  }
  std::printf("wake p99 with syncs / alone: %.1fx\n",
              wake[0].p99 > 0 ? wake[1].p99 / wake[0].p99 : 0.0);
  // A durable acknowledgement waits for a whole sync begun after it
  // arrived, and then for a thread to wake with the answer: its p99 is at
  // least the larger of the two p99s (a sum's percentile is at least each
  // part's).
  const double floor = std::max(sync.p99, wake[1].p99);
  std::printf("floor for a durable acknowledgement's p99 (the larger of sync p99 and wake p99 "
              "beside syncs): %.0f us: p99 <= 1 ms is %s on this machine now\n",
              floor, floor <= 1000 ? "within reach" : "NOT reachable");
  return 0;
}
