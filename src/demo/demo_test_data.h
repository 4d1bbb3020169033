// Test-only: the default demo data (DemoOptions{}), generated once per test
// binary and shared read-only by the demo tests.
#ifndef LEAFLOAF_DEMO_DEMO_TEST_DATA_H_
#define LEAFLOAF_DEMO_DEMO_TEST_DATA_H_

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "demo/demo_data.h"

namespace leafloaf::demo {

inline const absl::StatusOr<DemoData>& DefaultDemoData() {
  static const auto* data = new absl::StatusOr<DemoData>(GenerateDemoData(DemoOptions{}));
  return *data;
}

inline bool ProductHasTag(const Product& product, std::string_view tag) {
  return std::find(product.dietary_tags.begin(), product.dietary_tags.end(), tag) !=
         product.dietary_tags.end();
}

inline bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace leafloaf::demo

#endif  // LEAFLOAF_DEMO_DEMO_TEST_DATA_H_
