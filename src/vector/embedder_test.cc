#include "vector/embedder.h"

#include <cmath>

#include "gtest/gtest.h"

namespace leafloaf::vector {
namespace {

TEST(EmbedderTest, NormalizeScalesToUnitLength) {
  Vector v = {3, 4};
  Normalize(v);
  EXPECT_FLOAT_EQ(v[0], 0.6f);
  EXPECT_FLOAT_EQ(v[1], 0.8f);
  EXPECT_FLOAT_EQ(Dot(v, v), 1.0f);
}

TEST(EmbedderTest, NormalizeLeavesZeroVectorAlone) {
  Vector v(5, 0.0f);
  Normalize(v);
  EXPECT_EQ(v, Vector(5, 0.0f));
}

TEST(EmbedderTest, NormalizeDoesNotOverflowOnLargeComponents) {
  Vector v = {3e30f, 4e30f};
  Normalize(v);
  EXPECT_FLOAT_EQ(v[0], 0.6f);
  EXPECT_FLOAT_EQ(v[1], 0.8f);
}

TEST(EmbedderTest, DotIsInnerProduct) {
  const Vector a = {1, 2, 3};
  const Vector b = {4, -5, 6};
  EXPECT_FLOAT_EQ(Dot(a, b), 12.0f);
}

TEST(EmbedderTest, ProductTextJoinsFieldsSkippingEmptyOnes) {
  Product product;
  product.name = "Oat Milk Original";
  product.brand = "Oatly";
  product.category = "Dairy & Eggs > Plant-Based Milk";
  product.dietary_tags = {"dairy-free", "vegan"};
  product.description = "not embedded";
  EXPECT_EQ(ProductEmbeddingText(product),
            "Oat Milk Original Oatly Dairy & Eggs > Plant-Based Milk dairy-free vegan");
  product.brand.clear();
  product.dietary_tags.clear();
  EXPECT_EQ(ProductEmbeddingText(product), "Oat Milk Original Dairy & Eggs > Plant-Based Milk");
  EXPECT_EQ(ProductEmbeddingText(Product{}), "");
}

}  // namespace
}  // namespace leafloaf::vector
