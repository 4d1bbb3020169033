#include "vector/fasttext_embedder.h"

#include <algorithm>
#include <random>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "vector/vector_index.h"

namespace leafloaf::vector {
namespace {

// A small shop where plant-based shoppers buy oat, almond and soy drinks
// together with products called "plant based", and other shoppers buy
// dairy milk with beef. No drink's text says "plant" or "based".
class FastTextEmbedderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("leafloaf.db"), .synchronous_full = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    WriteBatch batch;
    auto product = [&](std::string id, std::string name, std::string category) {
      products_.push_back(Product{.shop_id = "s", .external_id = id, .name = name,
                                  .category = category, .price_cents = 299});
      batch.Add(products_.back());
    };
    product("oat", "Oatly Oat Drink", "Beverages");
    product("almond", "Almond Breeze Almond Drink", "Beverages");
    product("soy", "Silk Soy Drink", "Beverages");
    product("burger", "Beyond Plant Based Burger", "Frozen");
    product("protein", "Plant Based Protein Powder", "Supplements");
    product("cheese-v", "Plant Based Nacho Shreds", "Refrigerated");
    product("milk", "Whole Milk", "Dairy > Milk");
    product("beef", "Ground Beef", "Meat");
    product("cheddar", "Sharp Cheddar Cheese", "Dairy > Cheese");
    product("butter", "Salted Butter", "Dairy > Butter");
    // Twenty more products on each side, with words of their own.
    const char* plant_words[] = {"tofu", "tempeh", "seitan", "hummus", "lentil"};
    const char* dairy_words[] = {"ribeye", "brisket", "gouda", "brie", "yogurt"};
    for (int i = 0; i < 20; ++i) {
      product("pa" + std::to_string(i), std::string(plant_words[i % 5]) + " Style " + std::to_string(i), "Deli");
      product("da" + std::to_string(i), std::string(dairy_words[i % 5]) + " Cut " + std::to_string(i), "Deli");
    }
    std::mt19937 rng(5);
    for (int o = 0; o < 1200; ++o) {
      const std::string order = "O" + std::to_string(o);
      batch.Add(Order{.shop_id = "s", .external_id = order, .user_external_id = "U",
                      .placed_at = o + 1});
      // Plant-based shoppers buy from the first six and the "pa" products,
      // the others from the dairy and meat ones.
      const bool plant = o % 2 == 0;
      std::vector<std::string> pool = plant ? std::vector<std::string>{"oat", "almond", "soy", "burger", "protein", "cheese-v"}
                                            : std::vector<std::string>{"milk", "beef", "cheddar", "butter"};
      for (int i = 0; i < 20; ++i) pool.push_back((plant ? "pa" : "da") + std::to_string(i));
      std::shuffle(pool.begin(), pool.end(), rng);
      for (size_t i = 0; i < 5; ++i) {
        batch.Add(OrderLine{.shop_id = "s", .order_external_id = order, .product_external_id = pool[i]});
      }
    }
    ASSERT_TRUE(store_->Write(std::move(batch)).status.ok());
  }

  FastTextOptions Deterministic() {
    FastTextOptions options;
    options.dim = 32;
    options.epochs = 20;
    options.threads = 1;
    options.buckets = 20000;
    return options;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<Product> products_;
};

TEST_F(FastTextEmbedderTest, TrainsSavesAndLoadsAModel) {
  const std::string path = FastTextModelPath(dir_.path(), "s");
  auto report = TrainFastText(*store_, "s", path, Deterministic());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->corpus.products, 50);
  EXPECT_EQ(report->corpus.baskets, 1200);
  EXPECT_GT(report->vocabulary, 20);
  auto embedder = FastTextEmbedder::Load(path);
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  EXPECT_EQ((*embedder)->dim(), 32);
  auto q = (*embedder)->EmbedQuery("oat drink");
  ASSERT_TRUE(q.ok());
  EXPECT_NEAR(Dot(*q, *q), 1.0f, 1e-4);
  // A query of nothing the model knows is all zeros, not noise.
  auto empty = (*embedder)->EmbedQuery("12 of the");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(Dot(*empty, *empty), 0.0f);
}

TEST_F(FastTextEmbedderTest, PlantBasedFindsPlantDrinksWithoutSharedWords) {
  const std::string path = FastTextModelPath(dir_.path(), "s");
  ASSERT_TRUE(TrainFastText(*store_, "s", path, Deterministic()).ok());
  auto embedder = FastTextEmbedder::Load(path);
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  auto vectors = (*embedder)->EmbedProducts(products_);
  ASSERT_TRUE(vectors.ok());
  auto q = (*embedder)->EmbedQuery("plant based drink");
  ASSERT_TRUE(q.ok());
  auto sim = [&](const std::string& id) {
    for (size_t i = 0; i < products_.size(); ++i) {
      if (products_[i].external_id == id) return Dot(*q, (*vectors)[i]);
    }
    return -2.0f;
  };
  for (const char* plant : {"oat", "almond", "soy"}) {
    for (const char* dairy : {"milk", "beef", "cheddar", "butter"}) {
      EXPECT_GT(sim(plant), sim(dairy)) << plant << " vs " << dairy;
    }
  }
  // Co-purchased products are nearer each other than products never
  // bought together; their tokens carry it (the words here differ).
  (*embedder)->set_token_weight(4.0f);
  auto by_baskets = (*embedder)->EmbedProducts(products_);
  ASSERT_TRUE(by_baskets.ok());
  double within = 0, across = 0;
  int n_within = 0, n_across = 0;
  for (size_t a = 10; a < products_.size(); ++a) {
    for (size_t b = a + 1; b < products_.size(); ++b) {
      const bool same = products_[a].external_id[0] == products_[b].external_id[0];
      (same ? within : across) += Dot((*by_baskets)[a], (*by_baskets)[b]);
      ++(same ? n_within : n_across);
    }
  }
  EXPECT_GT(within / n_within, across / n_across + 0.2) << within / n_within << " " << across / n_across;
}

TEST_F(FastTextEmbedderTest, ReportsMissingModelsAndEmptyShops) {
  EXPECT_EQ(FastTextEmbedder::Load(dir_.File("none.bin")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(TrainFastText(*store_, "empty", dir_.File("e.bin"), Deterministic()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leafloaf::vector
