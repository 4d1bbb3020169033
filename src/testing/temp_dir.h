// TempDir: a fresh directory per test, removed on destruction (STYLE.md:
// never a shared path reset with rm -rf).
#ifndef LEAFLOAF_TESTING_TEMP_DIR_H_
#define LEAFLOAF_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace leafloaf::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "leafloaf-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The real datasets folder (../shared/data), from LEAFLOAF_SHARED_DATA.
// Empty when it does not exist.
inline std::string SharedDataDir() {
  const char* dir = std::getenv("LEAFLOAF_SHARED_DATA");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) return {};
  return dir;
}

// True under CI (CI=true), where a missing dataset is a failure, not a skip.
inline bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

}  // namespace leafloaf::testing

// Skips the test when the shared datasets are missing, or fails under CI.
#define LEAFLOAF_REQUIRE_SHARED_DATA(dir_var)                                              \
  std::string dir_var = ::leafloaf::testing::SharedDataDir();                             \
  if (dir_var.empty()) {                                                                  \
    if (::leafloaf::testing::UnderCi()) FAIL() << "../shared/data is missing under CI";   \
    GTEST_SKIP() << "../shared/data not found (set LEAFLOAF_SHARED_DATA); skipping";      \
  }

#endif  // LEAFLOAF_TESTING_TEMP_DIR_H_
