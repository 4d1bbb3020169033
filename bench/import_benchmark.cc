// Import throughput (rows/s) on the real Complete Journey and Instacart
// samples in ../shared/data, against a peer measured in the same run: the
// sqlite3 shell's `.import --csv` of the same files into untyped tables
// (a raw load with no parsing of values, validation, id resolution or
// upserts — the floor any importer on SQLite pays).
//
// Usage: import_benchmark [SHARED_DATA_DIR] [REPEATS]
// Each case runs REPEATS times (default 3) into a fresh data dir; the
// median is reported.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "ingest/importer.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace fs = std::filesystem;

namespace {

struct Case {
  std::string name;
  std::string format;
  std::vector<std::string> paths;  // relative to the shared data dir
};

int64_t CountDataRows(const std::string& path) {
  std::ifstream in(path);
  int64_t lines = 0;
  std::string line;
  while (std::getline(in, line)) ++lines;
  return lines > 0 ? lines - 1 : 0;
}

std::vector<std::string> CsvFiles(const std::string& path) {
  std::vector<std::string> files;
  if (fs::is_regular_file(path)) return {path};
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Seconds for the sqlite3 shell to .import every file into its own table.
double SqliteShellImport(const std::vector<std::string>& files) {
  leafloaf::testing::TempDir dir;
  std::string script = dir.File("import.sql");
  {
    std::ofstream out(script);
    out << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n";
    int n = 0;
    for (const auto& f : files) out << ".import --csv '" << f << "' t" << n++ << "\n";
  }
  std::string cmd = "sqlite3 '" + dir.File("peer.db") + "' < '" + script + "' > /dev/null";
  auto start = std::chrono::steady_clock::now();
  int rc = std::system(cmd.c_str());
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rc != 0) {
    std::cerr << "sqlite3 shell failed (is the sqlite3 package installed?)\n";
    return -1;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = argc > 1 ? argv[1] : "../shared/data";
  int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  if (!fs::is_directory(shared)) {
    std::cerr << "no shared data at " << shared << "\n";
    return 1;
  }
  const std::vector<Case> cases = {
      {"completejourney", "completejourney",
       {"completejourney/products.csv", "completejourney/transactions_sample.csv",
        "completejourney/demographics.csv"}},
      {"instacart", "instacart", {"instacart_samples/random_orders_sample"}},
  };
  std::printf("%-16s %10s %10s %12s %12s %14s %8s\n", "dataset", "rows", "leafloaf_s",
              "leafloaf_r/s", "sqlite3_s", "sqlite3_r/s", "ratio");
  for (const Case& c : cases) {
    std::vector<std::string> paths, files;
    int64_t rows = 0;
    for (const auto& p : c.paths) {
      paths.push_back(shared + "/" + p);
      for (const auto& f : CsvFiles(shared + "/" + p)) {
        files.push_back(f);
        rows += CountDataRows(f);
      }
    }
    std::vector<double> ours, peer;
    for (int r = 0; r < repeats; ++r) {
      leafloaf::testing::TempDir dir;
      auto store = leafloaf::OpenSqliteStore(
          {.path = dir.File("leafloaf.db"), .synchronous_full = false});
      if (!store.ok()) {
        std::cerr << store.status() << "\n";
        return 1;
      }
      auto start = std::chrono::steady_clock::now();
      auto report = leafloaf::RunImport(
          **store, {.shop_id = "bench", .format = c.format, .paths = paths});
      (*store)->Close();
      ours.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (!report.ok()) {
        std::cerr << report.status() << "\n";
        return 1;
      }
      peer.push_back(SqliteShellImport(files));
    }
    double ours_s = Median(ours), peer_s = Median(peer);
    std::printf("%-16s %10lld %10.3f %12.0f %12.3f %14.0f %8.2f\n", c.name.c_str(),
                static_cast<long long>(rows), ours_s, rows / ours_s, peer_s, rows / peer_s,
                peer_s / ours_s);
  }
  std::printf("ratio = leafloaf rows/s divided by sqlite3 .import rows/s (same files, same run)\n");
  return 0;
}
