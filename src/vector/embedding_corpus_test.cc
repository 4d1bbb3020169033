#include "vector/embedding_corpus.h"

#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::vector {
namespace {

TEST(EmbeddingCorpusTest, ProductTokensAreStableLettersAndDistinct) {
  EXPECT_EQ(ProductToken("P000001"), ProductToken("P000001"));
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const std::string token = ProductToken("P" + std::to_string(i));
    ASSERT_EQ(token.size(), 10u);
    for (char c : token) ASSERT_TRUE(c >= 'a' && c <= 'z') << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(EmbeddingCorpusTest, WordsAreFoldedWithoutNumbersOrStopWords) {
  EXPECT_EQ(EmbeddingWords("Oatly Oat Milk, 1/2 Gal of the BEST Crème"),
            (std::vector<std::string>{"oatly", "oat", "milk", "gal", "best", "creme"}));
  Product p{.name = "Silk Soy Milk", .brand = "Silk", .category = "Dairy > Plant-Based Milk",
            .dietary_tags = {"vegan"}};
  EXPECT_EQ(ProductWords(p), (std::vector<std::string>{"silk", "soy", "milk", "silk", "dairy",
                                                       "plant", "based", "milk", "vegan"}));
}

TEST(EmbeddingCorpusTest, WritesProductAndBasketSentences) {
  testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Add(Product{.shop_id = "s", .external_id = "A", .name = "Oat Milk", .category = "Dairy"});
  batch.Add(Product{.shop_id = "s", .external_id = "B", .name = "Granola", .category = "Cereal"});
  batch.Add(Product{.shop_id = "other", .external_id = "C", .name = "Secret", .category = "X"});
  batch.Add(Order{.shop_id = "s", .external_id = "O1", .user_external_id = "U", .placed_at = 1});
  batch.Add(OrderLine{.shop_id = "s", .order_external_id = "O1", .product_external_id = "A"});
  batch.Add(OrderLine{.shop_id = "s", .order_external_id = "O1", .product_external_id = "B"});
  ASSERT_TRUE((*store)->Write(std::move(batch)).status.ok());

  std::ostringstream out;
  CorpusStats stats;
  ASSERT_TRUE(WriteCorpus(**store, "s", 100, out, &stats).ok());
  EXPECT_EQ(stats.products, 2);
  EXPECT_EQ(stats.baskets, 1);
  const std::string a = ProductToken("A"), b = ProductToken("B");
  const std::string text = out.str();
  EXPECT_NE(text.find(a + " oat milk dairy " + a + "\n"), std::string::npos) << text;
  EXPECT_NE(text.find(b + " granola cereal " + b + "\n"), std::string::npos) << text;
  EXPECT_TRUE(text.find(a + " " + b + "\n") != std::string::npos ||
              text.find(b + " " + a + "\n") != std::string::npos)
      << text;
  EXPECT_EQ(text.find("secret"), std::string::npos);  // another shop's product
}

}  // namespace
}  // namespace leafloaf::vector
