#include "bench/search/catalog.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "ingest/csv_reader.h"
#include "ingest/importer.h"
#include "search/search_service.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "text/analyzer.h"

namespace leafloaf::searchbench {
namespace {

namespace fs = std::filesystem;

struct SourceSpec {
  Source source;
  std::string shop;  // also the external id prefix
  std::string format;
  std::vector<std::string> paths;  // relative to the shared data dir
};

std::vector<SourceSpec> Sources() {
  return {
      {Source::kOpenFoodFacts, "off", "openfoodfacts",
       {"openfoodfacts_lifyzer_us_subset/off_products_us_25k.csv"}},
      {Source::kCompleteJourney, "cj", "completejourney", {"completejourney/products.csv"}},
      // Catalog files only: the samples' orders are not needed for search.
      {Source::kInstacart, "ic", "instacart",
       {"instacart_samples/random_orders_sample/aisles.csv",
        "instacart_samples/random_orders_sample/departments.csv",
        "instacart_samples/random_orders_sample/products.csv",
        "instacart_samples/user_histories_sample/products.csv"}},
  };
}

// Calls `row` with each record of a CSV file and a column lookup by name.
using ColumnOf = std::function<int(std::string_view)>;
absl::Status ForEachCsvRow(
    const std::string& path,
    const std::function<void(const ColumnOf&, const std::vector<std::string>&)>& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  CsvReader reader(in);
  CsvRecord record;
  std::vector<std::string> header;
  bool first = true;
  const ColumnOf column = [&header](std::string_view name) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(record);
    if (!more.ok()) {
      if (more.status().code() == absl::StatusCode::kDataLoss) return more.status();
      continue;  // a malformed record: the importer reports it; skip here
    }
    if (!*more) return absl::OkStatus();
    if (first) {
      header = record.fields;
      first = false;
      continue;
    }
    row(column, record.fields);
  }
}

std::string Field(const std::vector<std::string>& fields, int column) {
  if (column < 0 || column >= static_cast<int>(fields.size())) return {};
  return absl::AsciiStrToLower(fields[column]);
}

using LabelMap = absl::flat_hash_map<std::string, ProductLabels>;

absl::Status ReadInstacartLabels(const std::string& shared, LabelMap& labels) {
  const std::string dir = shared + "/instacart_samples/";
  absl::flat_hash_map<std::string, std::string> aisles, departments;
  LL_RETURN_IF_ERROR(ForEachCsvRow(
      dir + "random_orders_sample/aisles.csv", [&](const ColumnOf& col, const auto& f) {
        aisles[Field(f, col("aisle_id"))] = Field(f, col("aisle"));
      }));
  LL_RETURN_IF_ERROR(ForEachCsvRow(
      dir + "random_orders_sample/departments.csv", [&](const ColumnOf& col, const auto& f) {
        departments[Field(f, col("department_id"))] = Field(f, col("department"));
      }));
  auto add = [&](const ColumnOf& col, const std::vector<std::string>& f) {
    ProductLabels l{.source = Source::kInstacart};
    if (col("aisle") >= 0) {
      l.aisle = Field(f, col("aisle"));
      l.department = Field(f, col("department"));
    } else {
      l.aisle = aisles[Field(f, col("aisle_id"))];
      l.department = departments[Field(f, col("department_id"))];
    }
    labels.emplace(absl::StrCat("ic:", Field(f, col("product_id"))), std::move(l));
  };
  LL_RETURN_IF_ERROR(ForEachCsvRow(dir + "random_orders_sample/products.csv", add));
  return ForEachCsvRow(dir + "user_histories_sample/products.csv", add);
}

absl::Status ReadCompleteJourneyLabels(const std::string& shared, LabelMap& labels) {
  return ForEachCsvRow(
      shared + "/completejourney/products.csv", [&](const ColumnOf& col, const auto& f) {
        labels.emplace(absl::StrCat("cj:", Field(f, col("product_id"))),
                       ProductLabels{.source = Source::kCompleteJourney,
                                     .department = Field(f, col("department")),
                                     .category = Field(f, col("product_category")),
                                     .type = Field(f, col("product_type"))});
      });
}

}  // namespace

const char* SourceName(Source source) {
  switch (source) {
    case Source::kOpenFoodFacts: return "openfoodfacts";
    case Source::kCompleteJourney: return "completejourney";
    case Source::kInstacart: return "instacart";
  }
  return "?";
}

absl::StatusOr<BenchCatalog> BuildCatalog(const std::string& shared_dir) {
  const auto start = std::chrono::steady_clock::now();
  BenchCatalog catalog;
  LabelMap labels;
  LL_RETURN_IF_ERROR(ReadInstacartLabels(shared_dir, labels));
  LL_RETURN_IF_ERROR(ReadCompleteJourneyLabels(shared_dir, labels));

  testing::TempDir dir;
  if (dir.path().empty()) return absl::InternalError("cannot create a temp dir");
  LL_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                      OpenSqliteStore({.path = dir.File("catalog.db"), .synchronous_full = false}));
  for (const SourceSpec& spec : Sources()) {
    ImportOptions options{.shop_id = spec.shop, .format = spec.format};
    for (const std::string& path : spec.paths) {
      std::string full = shared_dir + "/" + path;
      if (!fs::exists(full)) return absl::NotFoundError(absl::StrCat("missing dataset file ", full));
      options.paths.push_back(std::move(full));
    }
    LL_ASSIGN_OR_RETURN(ImportReport report, RunImport(*store, options));
    catalog.rows_rejected += report.rejected();

    ProductFilter filter{.limit = 1000};
    do {
      LL_ASSIGN_OR_RETURN(ProductPage page, store->ListProducts(spec.shop, filter));
      for (Product& product : page.products) {
        product.external_id = absl::StrCat(spec.shop, ":", product.external_id);
        auto it = labels.find(product.external_id);
        ProductLabels product_labels =
            it != labels.end() ? it->second : ProductLabels{.source = spec.source};
        catalog.raw_text_bytes += product.name.size() + product.brand.size() +
                                  product.category.size() + product.description.size();
        catalog.index_of.emplace(product.external_id,
                                 static_cast<int32_t>(catalog.products.size()));
        catalog.products.push_back(std::move(product));
        catalog.labels.push_back(std::move(product_labels));
        ++(spec.source == Source::kOpenFoodFacts     ? catalog.off_products
           : spec.source == Source::kCompleteJourney ? catalog.cj_products
                                                     : catalog.ic_products);
      }
      filter.after_id = page.next_after_id;
    } while (filter.after_id != 0);
  }
  catalog.import_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // What `leafloaf serve` does at start: every shop's index rebuilt from
  // the store (text only; the benchmark's embeddings are trained apart).
  LL_ASSIGN_OR_RETURN(std::unique_ptr<text::Analyzer> analyzer, text::Analyzer::Create({}));
  {
    const auto load_start = std::chrono::steady_clock::now();
    search::SearchService service(store.get(), analyzer.get());
    for (const SourceSpec& spec : Sources()) LL_RETURN_IF_ERROR(service.LoadShop(spec.shop));
    catalog.startup_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  }
  const auto close_start = std::chrono::steady_clock::now();
  store->Close();
  catalog.import_seconds +=  // as before the rebuild was timed: closing counts
      std::chrono::duration<double>(std::chrono::steady_clock::now() - close_start).count();
  return catalog;
}

}  // namespace leafloaf::searchbench
