#include "search/product_index.h"

#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"

namespace leafloaf::search {
namespace {

Product P(std::string id, std::string name, std::string brand, std::string category,
          Cents price = 299, std::vector<std::string> tags = {}, std::string description = "") {
  Product p;
  p.shop_id = "s";
  p.external_id = std::move(id);
  p.name = std::move(name);
  p.brand = std::move(brand);
  p.category = std::move(category);
  p.price_cents = price;
  p.dietary_tags = std::move(tags);
  p.description = std::move(description);
  return p;
}

class ProductIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = text::Analyzer::Create({});
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    analyzer_ = std::move(*analyzer);
    index_ = std::make_unique<ProductIndex>(analyzer_.get());
    index_->Upsert(P("1", "Whole Milk, 1 gal", "Horizon", "Dairy & Eggs > Milk", 499, {"organic"}), 50);
    index_->Upsert(P("2", "Oat Milk Original", "Oatly", "Dairy & Eggs > Plant-Based Milk", 449,
                     {"vegan", "plant-based", "dairy-free"}), 30);
    index_->Upsert(P("3", "Almond Milk Unsweetened", "Silk", "Dairy & Eggs > Plant-Based Milk", 379,
                     {"vegan", "plant-based", "dairy-free"}), 10);
    index_->Upsert(P("4", "Bananas", "", "Produce > Fruit", 69, {"vegan"}), 200);
    index_->Upsert(P("5", "Sharp Cheddar Cheese", "Tillamook", "Dairy & Eggs > Cheese", 599), 20);
    index_->Upsert(P("6", "Broccoli Crowns", "", "Produce > Vegetables", 199, {"vegan"}), 40);
    index_->Upsert(P("7", "Greek Yogurt Plain", "Fage", "Dairy & Eggs > Yogurt", 549), 25);
    index_->Upsert(P("8", "Chocolate Milk", "Horizon", "Dairy & Eggs > Milk", 329, {}, "milk chocolate drink"), 5);
    index_->Upsert(P("9", "Frozen Pepperoni Pizza", "DiGiorno", "Frozen > Frozen Pizza", 799), 15);
    index_->Finish();
  }
  std::vector<std::string> Ids(const SearchRequest& r) {
    auto resp = index_->Search(r);
    EXPECT_TRUE(resp.ok()) << resp.status();
    std::vector<std::string> ids;
    if (resp.ok()) {
      for (const auto& h : resp->hits) ids.push_back(h.product_id);
    }
    return ids;
  }
  std::vector<std::string> Ids(std::string q) { return Ids(SearchRequest{.query = std::move(q)}); }

  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<ProductIndex> index_;
};

TEST_F(ProductIndexTest, NameMatchesOutrankDescriptionMatches) {
  auto ids = Ids("milk");
  ASSERT_GE(ids.size(), 4u);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "8"), ids.end());
  EXPECT_NE(ids.back(), "1");
}

TEST_F(ProductIndexTest, AllWordsMustMatchWhenSomeProductHasThemAll) {
  EXPECT_EQ(Ids("oat milk"), (std::vector<std::string>{"2"}));
  EXPECT_EQ(Ids("frozen pizza"), (std::vector<std::string>{"9"}));
}

// Every query word in the name, not as a phrase: the closer together, the
// higher. Both names hold the same words, so only their order differs.
TEST_F(ProductIndexTest, QueryWordsCloseTogetherInTheNameRankHigher) {
  index_->Upsert(P("far", "Oat Cereal Bars Crunchy Milk", "", "Snacks"), 0);
  index_->Upsert(P("near", "Milk Oat Cereal Bars Crunchy", "", "Snacks"), 0);
  auto r = index_->Search({.query = "oat milk", .limit = 20, .filters = {.category = "Snacks"}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_EQ(r->hits[0].product_id, "near");
  EXPECT_GT(r->hits[0].score, r->hits[1].score * 1.03f);
}

// A name word standing for several query words (a repeated word) counts
// as adjacent: the boost stays finite and at most the configured one.
TEST_F(ProductIndexTest, ProximityOfRepeatedWordsIsBounded) {
  for (const char* query : {"milk milk", "milk milk oat"}) {
    auto r = index_->Search({.query = query, .limit = 20});
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_FALSE(r->hits.empty()) << query;
    for (const auto& h : r->hits) EXPECT_TRUE(std::isfinite(h.score)) << query << " " << h.product_id;
  }
  auto r = index_->Search({.query = "milk milk oat", .limit = 20});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->hits[0].product_id, "2");  // Oat Milk Original
}

// Words past the 32nd are ignored, whatever the query's length.
TEST_F(ProductIndexTest, LongQueriesUseTheirFirstWords) {
  std::string query = "greek yogurt";
  for (int i = 0; i < 40; ++i) query += " word" + std::to_string(i);
  EXPECT_EQ(Ids(SearchRequest{.query = query, .limit = 5}), (std::vector<std::string>{"7"}));
}

TEST_F(ProductIndexTest, UnknownWordsAreDropped) {
  auto resp = index_->Search({.query = "cheddar zzzqqq"});
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->hits.size(), 1u);
  EXPECT_EQ(resp->hits[0].product_id, "5");
  EXPECT_EQ(resp->dropped_words, (std::vector<std::string>{"zzzqqq"}));
}

TEST_F(ProductIndexTest, TypoQueriesFindTheIntendedProduct) {
  EXPECT_EQ(Ids("bananna").at(0), "4");
  EXPECT_EQ(Ids("chedar").at(0), "5");
  EXPECT_EQ(Ids("brocoli").at(0), "6");
  EXPECT_EQ(Ids("yougurt").at(0), "7");
}

TEST_F(ProductIndexTest, PrefixOfLastWordMatchesAsYouType) {
  EXPECT_EQ(Ids("chedd").at(0), "5");
  EXPECT_EQ(Ids("oat mi").at(0), "2");
  // Without prefix matching a fragment finds nothing.
  EXPECT_TRUE(Ids(SearchRequest{.query = "chedd", .prefix = false}).empty());
}

TEST_F(ProductIndexTest, FiltersAndFacets) {
  SearchRequest r{.query = "milk"};
  r.filters.dietary_tags = {"vegan"};
  auto vegan = Ids(r);
  std::sort(vegan.begin(), vegan.end());
  EXPECT_EQ(vegan, (std::vector<std::string>{"2", "3"}));

  SearchRequest by_brand{.query = "milk"};
  by_brand.filters.brands = {"horizon"};
  auto horizon = Ids(by_brand);
  std::sort(horizon.begin(), horizon.end());
  EXPECT_EQ(horizon, (std::vector<std::string>{"1", "8"}));

  SearchRequest cheap{.query = "milk"};
  cheap.filters.max_price_cents = 400;
  for (const auto& id : Ids(cheap)) EXPECT_TRUE(id == "3" || id == "8") << id;

  SearchRequest dairy{.query = ""};
  dairy.filters.category = "dairy & eggs";
  auto resp = index_->Search(dairy);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->total, 6);
  ASSERT_FALSE(resp->facets.brand.empty());
  EXPECT_EQ(resp->facets.brand[0].value, "Horizon");
  EXPECT_EQ(resp->facets.brand[0].count, 2);
  ASSERT_FALSE(resp->facets.department.empty());
  EXPECT_EQ(resp->facets.department[0].value, "Dairy & Eggs");
}

TEST_F(ProductIndexTest, EmptyQueryBrowsesByPopularity) {
  auto ids = Ids("");
  ASSERT_EQ(ids.size(), 9u);
  EXPECT_EQ(ids[0], "4");  // 200 orders
  EXPECT_EQ(ids[1], "1");  // 50 orders
}

TEST_F(ProductIndexTest, UpdatesAndDeletesAreVisibleAtOnce) {
  index_->Upsert(P("10", "Soy Milk", "Silk", "Dairy & Eggs > Plant-Based Milk"));
  EXPECT_EQ(Ids("soy").at(0), "10");
  index_->Upsert(P("10", "Soya Drink", "Silk", "Dairy & Eggs > Plant-Based Milk"));
  EXPECT_TRUE(Ids(SearchRequest{.query = "soy", .prefix = false, .typos = false}).empty());
  EXPECT_EQ(Ids("soya").at(0), "10");
  EXPECT_TRUE(index_->Remove("10"));
  EXPECT_TRUE(Ids("soya").empty());
  EXPECT_FALSE(index_->Remove("10"));
  EXPECT_EQ(index_->size(), 9u);
}

TEST_F(ProductIndexTest, HighlightsMarkMatchedWords) {
  auto resp = index_->Search({.query = "oat milk"});
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->hits.size(), 1u);
  ASSERT_EQ(resp->hits[0].highlights.size(), 1u);
  EXPECT_EQ(resp->hits[0].highlights[0].snippet, "<mark>Oat</mark> <mark>Milk</mark> Original");
}

TEST_F(ProductIndexTest, BadRequestsAreInvalidArgument) {
  EXPECT_EQ(index_->Search({.query = std::string(2000, 'a')}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search({.query = "milk\xff"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search({.query = "milk", .limit = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  SearchRequest bad_tag{.query = "milk"};
  bad_tag.filters.dietary_tags = {"carnivore"};
  EXPECT_EQ(index_->Search(bad_tag).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ProductIndexTest, PagingIsStable) {
  auto all = Ids(SearchRequest{.query = "", .limit = 9});
  auto first = Ids(SearchRequest{.query = "", .limit = 4});
  auto second = Ids(SearchRequest{.query = "", .limit = 4, .offset = 4});
  first.insert(first.end(), second.begin(), second.end());
  EXPECT_EQ(first, std::vector<std::string>(all.begin(), all.begin() + 8));
}

TEST_F(ProductIndexTest, StockChangesAndRewritesKeepWhatTheIndexKnows) {
  auto orders_of = [&](const std::string& id) {
    auto resp = index_->Search(SearchRequest{.query = "bananas"});
    EXPECT_TRUE(resp.ok());
    for (const auto& h : resp->hits) {
      if (h.product_id == id) return h.orders;
    }
    return int64_t{-1};
  };
  const int64_t before = orders_of("4");
  EXPECT_GT(before, 0);
  // A rewrite of the product (a price change) keeps its popularity.
  index_->Upsert(P("4", "Bananas", "", "Produce > Fruit", 59, {"vegan"}),
                 ProductIndex::kKeepPopularity);
  EXPECT_EQ(orders_of("4"), before);
  // Sold out, then restocked: only the in-stock filter sees it.
  SearchRequest in_stock{.query = "bananas"};
  in_stock.filters.in_stock_only = true;
  ASSERT_TRUE(index_->SetInStock("4", false));
  EXPECT_TRUE(Ids(in_stock).empty());
  EXPECT_EQ(Ids("bananas"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(orders_of("4"), before);
  ASSERT_TRUE(index_->SetInStock("4", true));
  EXPECT_EQ(Ids(in_stock), (std::vector<std::string>{"4"}));
  EXPECT_FALSE(index_->SetInStock("no-such", false));
}

}  // namespace
}  // namespace leafloaf::search
