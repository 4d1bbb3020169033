// Test fixture for importer tests: a fresh SQLite store in a temp dir,
// helpers to write fixture files and run imports. Test-only.
#ifndef LEAFLOAF_INGEST_IMPORT_TEST_UTIL_H_
#define LEAFLOAF_INGEST_IMPORT_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ingest/importer.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("leafloaf.db"), .synchronous_full = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  // Writes `content` to NAME in the temp dir (folders created); returns its path.
  std::string Write(const std::string& name, const std::string& content) {
    std::filesystem::path path = std::filesystem::path(dir_.path()) / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  absl::StatusOr<ImportReport> TryImport(const std::string& format, std::vector<std::string> paths,
                                         const std::string& shop = "s") {
    ImportOptions options;
    options.shop_id = shop;
    options.format = format;
    options.paths = std::move(paths);
    options.batch_mutations = batch_mutations_;
    return RunImport(*store_, options);
  }

  ImportReport Import(const std::string& format, std::vector<std::string> paths,
                      const std::string& shop = "s") {
    absl::StatusOr<ImportReport> report = TryImport(format, std::move(paths), shop);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *std::move(report) : ImportReport();
  }

  ShopCounts Counts(const std::string& shop = "s") {
    absl::StatusOr<ShopCounts> counts = store_->CountRows(shop);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : ShopCounts();
  }

  static std::string Printed(const ImportReport& report) {
    std::ostringstream out;
    PrintImportReport(report, out);
    return out.str();
  }

  // Bad rows as "basename:line: reason", for exact comparisons.
  static std::vector<std::string> Errors(const ImportReport& report) {
    std::vector<std::string> errors;
    for (const RowError& error : report.errors) {
      errors.push_back(std::filesystem::path(error.file).filename().string() + ":" +
                       std::to_string(error.line) + ": " + error.reason);
    }
    return errors;
  }

  leafloaf::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  size_t batch_mutations_ = 2000;
};

inline void PrintTo(const RowError& error, std::ostream* os) {
  *os << error.file << ":" << error.line << ": " << error.reason;
}

inline bool operator==(const ShopCounts& a, const ShopCounts& b) {
  return a.products == b.products && a.users == b.users && a.households == b.households &&
         a.orders == b.orders && a.order_lines == b.order_lines && a.reviews == b.reviews &&
         a.competitor_prices == b.competitor_prices && a.events == b.events;
}

inline std::ostream& operator<<(std::ostream& os, const ShopCounts& c) {
  return os << "{products " << c.products << ", users " << c.users << ", households "
            << c.households << ", orders " << c.orders << ", lines " << c.order_lines
            << ", reviews " << c.reviews << ", prices " << c.competitor_prices << "}";
}

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_IMPORT_TEST_UTIL_H_
