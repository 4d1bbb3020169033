#include "search/hybrid.h"
#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "search/product_index.h"

namespace leafloaf::search {
namespace {

std::vector<uint32_t> Docs(const std::vector<HybridCandidate>& c) {
  std::vector<uint32_t> out;
  for (const auto& x : c) out.push_back(x.doc);
  return out;
}

TEST(FuseRankingsTest, ReciprocalRankFusionWeighsBothRankings) {
  // Text order 1, 2, 3; vector order 3, 2, 1; 4 only from vectors.
  std::vector<HybridCandidate> c = {{.doc = 1, .text_score = 9.0f, .similarity = 0.1f},
                                    {.doc = 2, .text_score = 5.0f, .similarity = 0.5f},
                                    {.doc = 3, .text_score = 1.0f, .similarity = 0.9f},
                                    {.doc = 4, .similarity = 0.7f}};
  HybridOptions o{.mode = HybridMode::kRrf, .weight = 0.0f, .rrf_k = 60};
  FuseRankings(c, o);
  EXPECT_EQ(Docs(c), (std::vector<uint32_t>{1, 2, 3, 4}));  // text only
  o.weight = 1.0f;
  FuseRankings(c, o);
  EXPECT_EQ(Docs(c), (std::vector<uint32_t>{3, 4, 2, 1}));  // vectors only
  o.weight = 0.5f;
  FuseRankings(c, o);
  // Vector ranks: 3, 4, 2, 1. 3: 1/63 + 1/61 > 1: 1/61 + 1/64 > 2: 1/62 + 1/63;
  // 4 has no text rank.
  EXPECT_EQ(Docs(c), (std::vector<uint32_t>{3, 1, 2, 4}));
  EXPECT_NEAR(c[0].fused, 0.5f / 63 + 0.5f / 61, 1e-7);
}

TEST(FuseRankingsTest, RelativeScoreFusionScalesEachSide) {
  std::vector<HybridCandidate> c = {{.doc = 1, .text_score = 10.0f, .similarity = 0.2f},
                                    {.doc = 2, .text_score = 9.0f, .similarity = 0.9f},
                                    {.doc = 3, .similarity = 1.0f}};
  FuseRankings(c, {.mode = HybridMode::kRelative, .weight = 0.5f});
  // 1: 0.5*1 + 0.5*0 = 0.5; 2: 0.5*0 + 0.5*0.875 = 0.4375; 3: 0 + 0.5*1 = 0.5.
  EXPECT_EQ(Docs(c), (std::vector<uint32_t>{1, 3, 2}));
  EXPECT_NEAR(c[2].fused, 0.4375f, 1e-6);
}

TEST(FuseRankingsTest, ParsesModes) {
  EXPECT_EQ(*ParseHybridMode("rrf"), HybridMode::kRrf);
  EXPECT_EQ(*ParseHybridMode("relative"), HybridMode::kRelative);
  EXPECT_EQ(*ParseHybridMode("off"), HybridMode::kOff);
  EXPECT_FALSE(ParseHybridMode("RRF ").ok());
  EXPECT_STREQ(HybridModeName(HybridMode::kRelative), "relative");
}

// An index where vectors, not words, tie "plant based" to the milks; with
// each vector structure (the server's search.vector_index).
class HybridSearchTest : public ::testing::TestWithParam<vector::VectorStructure> {
 protected:
  void SetUp() override {
    auto analyzer = text::Analyzer::Create({});
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = std::move(*analyzer);
    IndexOptions options;
    options.vectors.structure = GetParam();
    index_ = std::make_unique<ProductIndex>(analyzer_.get(), options);
    Add("oat", "Oatly Oat Drink", "Beverages", {1, 0, 0});
    Add("almond", "Almond Breeze Drink", "Beverages", {0.9f, 0.1f, 0});
    Add("cola", "Cola Drink", "Beverages", {0, 0, 1});
    Add("burger", "Plant Based Burger", "Frozen", {0.8f, 0.6f, 0});
    Add("beef", "Beef Burger", "Frozen", {0, 0.2f, 0.9f});
  }
  void Add(std::string id, std::string name, std::string category, std::vector<float> v) {
    Product p;
    p.shop_id = "s";
    p.external_id = std::move(id);
    p.name = std::move(name);
    p.category = std::move(category);
    float n = 0;
    for (float x : v) n += x * x;
    for (float& x : v) x /= std::sqrt(n);
    index_->Upsert(p, 0, v);
  }
  std::vector<std::string> Ids(const SearchResponse& r) {
    std::vector<std::string> ids;
    for (const auto& h : r.hits) ids.push_back(h.product_id);
    return ids;
  }

  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<ProductIndex> index_;
};

INSTANTIATE_TEST_SUITE_P(Structures, HybridSearchTest,
                         ::testing::Values(vector::VectorStructure::kIvfPq,
                                           vector::VectorStructure::kHnsw),
                         [](const auto& info) {
                           return info.param == vector::VectorStructure::kHnsw ? "Hnsw" : "IvfPq";
                         });

TEST_P(HybridSearchTest, VectorsFindProductsWithoutSharedWords) {
  SearchRequest r{.query = "plant based", .facets = true};
  auto text_only = index_->Search(r);
  ASSERT_TRUE(text_only.ok());
  EXPECT_EQ(Ids(*text_only), (std::vector<std::string>{"burger"}));
  EXPECT_FALSE(text_only->hybrid_applied);

  r.query_vector = {1, 0, 0};
  r.hybrid.min_similarity = 0.5f;
  auto hybrid = index_->Search(r);
  ASSERT_TRUE(hybrid.ok());
  EXPECT_TRUE(hybrid->hybrid_applied);
  // The text match first, then the milks by similarity; cola and beef are
  // below min_similarity.
  EXPECT_EQ(Ids(*hybrid), (std::vector<std::string>{"burger", "oat", "almond"}));
  EXPECT_EQ(hybrid->total, 3);
  ASSERT_TRUE(hybrid->hits[1].vector_similarity.has_value());
  EXPECT_NEAR(*hybrid->hits[1].vector_similarity, 1.0f, 1e-5);
  int64_t beverages = 0;
  for (const auto& f : hybrid->facets.category) beverages += f.value == "Beverages" ? f.count : 0;
  EXPECT_EQ(beverages, 2);  // facets count the vector-only hits too

  r.hybrid.mode = HybridMode::kOff;
  EXPECT_EQ(Ids(*index_->Search(r)), (std::vector<std::string>{"burger"}));
}

TEST_P(HybridSearchTest, FiltersApplyToVectorHitsAndUpdatesMoveVectors) {
  SearchRequest r{.query = "plant based", .query_vector = {1, 0, 0}};
  r.hybrid.min_similarity = 0.5f;
  r.filters.category = "Frozen";
  EXPECT_EQ(Ids(*index_->Search(r)), (std::vector<std::string>{"burger"}));
  r.filters.category.clear();
  index_->Remove("oat");
  EXPECT_EQ(Ids(*index_->Search(r)), (std::vector<std::string>{"burger", "almond"}));
  Add("almond", "Almond Breeze Drink", "Beverages", {0, 0, 1});  // now far away
  EXPECT_EQ(Ids(*index_->Search(r)), (std::vector<std::string>{"burger"}));
  EXPECT_EQ(index_->vector_count(), 4u);
}

TEST_P(HybridSearchTest, ConfidentTextSkipsTheVectorSide) {
  // "burger" is named by two products: with text_confident_hits 2 the text
  // ranking is confident and no neighbour joins; with 3 it is not.
  SearchRequest r{.query = "burger", .query_vector = {1, 0, 0}};
  r.hybrid.min_similarity = 0.5f;
  r.hybrid.text_confident_hits = 2;
  auto confident = index_->Search(r);
  ASSERT_TRUE(confident.ok());
  EXPECT_FALSE(confident->hybrid_applied);
  EXPECT_FALSE(confident->needs_query_vector);
  EXPECT_EQ(confident->total, 2);
  r.hybrid.text_confident_hits = 3;
  auto unsure = index_->Search(r);
  ASSERT_TRUE(unsure.ok());
  EXPECT_TRUE(unsure->hybrid_applied);
  EXPECT_EQ(unsure->total, 4);  // + oat and almond
  r.hybrid.text_confident_hits = 0;  // always ask the vectors
  EXPECT_TRUE(index_->Search(r)->hybrid_applied);
}

TEST_P(HybridSearchTest, SearchHybridEmbedsOnlyWhenTheVectorSideRuns) {
  int calls = 0;
  auto embed = [&](std::string_view query) {
    ++calls;
    EXPECT_EQ(query, "burger");
    return std::vector<float>{1, 0, 0};
  };
  SearchRequest r{.query = "burger"};
  r.hybrid.min_similarity = 0.5f;
  r.hybrid.text_confident_hits = 2;
  auto confident = index_->SearchHybrid(r, embed);
  ASSERT_TRUE(confident.ok());
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(confident->hybrid_applied);

  r.hybrid.text_confident_hits = 3;
  auto text_only = index_->Search(r);
  ASSERT_TRUE(text_only.ok());
  EXPECT_TRUE(text_only->needs_query_vector);  // no vector given
  EXPECT_FALSE(text_only->hybrid_applied);
  auto hybrid = index_->SearchHybrid(r, embed);
  ASSERT_TRUE(hybrid.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(hybrid->hybrid_applied);
  EXPECT_EQ(hybrid->total, 4);

  // An embedder that fails (empty vector) leaves the text ranking.
  auto failed = index_->SearchHybrid(r, [](std::string_view) { return std::vector<float>(); });
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->hybrid_applied);
  EXPECT_EQ(failed->total, 2);

  // Without the gate the query is embedded first: one call, one pass.
  calls = 0;
  r.hybrid.text_confident_hits = 0;
  auto ungated = index_->SearchHybrid(r, embed);
  ASSERT_TRUE(ungated.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(ungated->hybrid_applied);
  r.hybrid.mode = HybridMode::kOff;
  EXPECT_FALSE(index_->SearchHybrid(r, embed)->hybrid_applied);
  EXPECT_EQ(calls, 1);  // hybrid off: not embedded
}

// Past the training threshold the vector index is IVF-PQ: writes must
// still be visible to the next search.
TEST(HybridTrainedIndexTest, WritesAreVisibleAtOnceAfterTraining) {
  auto analyzer = text::Analyzer::Create({});
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  IndexOptions options;
  options.vectors.ivf.train_threshold = 500;
  options.vectors.build_threads = 1;
  ProductIndex index(analyzer->get(), options);
  constexpr int kDim = 16;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  auto random_unit = [&] {
    std::vector<float> v(kDim);
    float n = 0;
    for (float& x : v) {
      x = normal(rng);
      n += x * x;
    }
    for (float& x : v) x /= std::sqrt(n);
    return v;
  };
  std::vector<std::string> ids;
  std::vector<std::vector<float>> vectors;
  for (int i = 0; i < 1000; ++i) {
    Product p{.shop_id = "s", .external_id = "p" + std::to_string(i), .name = "Tea " + std::to_string(i)};
    index.Upsert(p);
    ids.push_back(p.external_id);
    vectors.push_back(random_unit());
  }
  index.SetEmbeddings(ids, vectors);
  ASSERT_EQ(index.vector_count(), 1000u);
  EXPECT_LT(index.VectorMemoryBytes(), 1000u * 26 + 64 * 1024);  // codes, not floats

  // A new product sharing no word with the query, right on its vector.
  const std::vector<float> query = random_unit();
  Product milk{.shop_id = "s", .external_id = "milk", .name = "Oat Milk"};
  index.Upsert(milk, 0, query);
  SearchRequest r{.query = "tea", .limit = 5, .query_vector = query};
  r.hybrid.weight = 1.0f;  // by vectors alone
  auto found = index.Search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->hits.empty());
  EXPECT_EQ(found->hits[0].product_id, "milk");
  EXPECT_GT(*found->hits[0].vector_similarity, 0.8f);
  // Moved far away by an update, then deleted: gone at once.
  std::vector<float> away(query);
  for (float& x : away) x = -x;
  index.Upsert(milk, 0, away);
  EXPECT_NE(index.Search(r)->hits[0].product_id, "milk");
  index.Upsert(milk, 0, query);
  EXPECT_EQ(index.Search(r)->hits[0].product_id, "milk");
  ASSERT_TRUE(index.Remove("milk"));
  auto after = index.Search(r);
  ASSERT_TRUE(after.ok());
  for (const SearchHit& h : after->hits) EXPECT_NE(h.product_id, "milk");
  EXPECT_EQ(index.vector_count(), 1000u);
}

}  // namespace
}  // namespace leafloaf::search
