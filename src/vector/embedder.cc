#include "vector/embedder.h"

#include <cassert>
#include <cmath>
#include <cstddef>

namespace leafloaf::vector {

void Normalize(Vector& v) {
  // Accumulate in double: float squares of large components overflow.
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum == 0 || !std::isfinite(sum)) return;
  const double scale = 1.0 / std::sqrt(sum);
  for (float& x : v) x = static_cast<float>(x * scale);
}

float Dot(std::span<const float> a, std::span<const float> b) {
  assert(a.size() == b.size());  // vectors of one embedder share its dim
  float sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

std::string ProductEmbeddingText(const Product& product) {
  std::string text;
  auto append = [&text](const std::string& part) {
    if (part.empty()) return;
    if (!text.empty()) text += ' ';
    text += part;
  };
  append(product.name);
  append(product.brand);
  append(product.category);  // the path as written: "Dairy & Eggs > Milk"
  for (const std::string& tag : product.dietary_tags) append(tag);
  return text;
}

}  // namespace leafloaf::vector
