// Memory graph edges as the preference engine derives them.
#include <cmath>

#include "gtest/gtest.h"
#include "personalize/preference_engine.h"
#include "personalize/test_util.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"

namespace leafloaf::personalize {
namespace {

using testing::kT0;
using testing::MakeEvent;
using testing::MakeProduct;

const MemoryEdge* FindEdge(const std::vector<MemoryEdge>& edges, std::string_view kind,
                           std::string_view id, std::string_view relation) {
  for (const MemoryEdge& e : edges) {
    if (e.dst_kind == kind && e.dst_id == id && e.relation == relation) return &e;
  }
  return nullptr;
}

class MemoryGraphTest : public ::testing::Test {
 protected:
  MemoryGraphTest() {
    for (const Product& p :
         {MakeProduct("chips", "Jalapeño Potato Chips", "Snacks > Chips", "Kettle Brand", 499),
          MakeProduct("takis", "Takis Fuego Rolled Tortilla Chips", "Snacks > Chips", "Takis", 499,
                      {}, "", R"({"flavor": "spicy"})"),
          MakeProduct("milk", "Whole Milk, 1 gal", "Dairy & Eggs > Milk", "Horizon", 429)}) {
      table_.Upsert(p, extractor_);
    }
  }
  ApplyResult Apply(const std::string& type, const std::string& product, Micros at,
                    double quantity = 0) {
    return engine_.Apply(MakeEvent(type, "U1", product, at, quantity), *table_.Find(product));
  }

  AttributeExtractor extractor_;
  FeatureTable table_;
  // Negative events move brands and categories fully here, so the edges'
  // closing and "avoids" paths are reachable with a few events.
  static PersonalizationConfig FullContext() {
    PersonalizationConfig c;
    c.signals.negative_context_share = 1.0;
    return c;
  }
  StaticConfigSource config_{FullContext()};
  PreferenceEngine engine_{&config_};
};

TEST_F(MemoryGraphTest, PurchasedEdgeCountsPurchasesFromTheFirstOne) {
  ApplyResult first = Apply("purchase", "milk", kT0, 1);
  const MemoryEdge* e = FindEdge(first.edges, "product", "milk", "purchased");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->shop_id, "shop");
  EXPECT_EQ(e->user_external_id, "U1");
  EXPECT_EQ(e->weight, 1);
  EXPECT_EQ(e->valid_from, kT0);
  EXPECT_EQ(e->valid_to, 0);
  ApplyResult second = Apply("purchase", "milk", kT0 + kMicrosPerDay, 1);
  e = FindEdge(second.edges, "product", "milk", "purchased");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->weight, 2);
  EXPECT_EQ(e->valid_from, kT0);  // the same row, updated
  ApplyResult click = Apply("click_product", "milk", kT0 + 2 * kMicrosPerDay);
  EXPECT_NE(FindEdge(click.edges, "product", "milk", "clicked"), nullptr);
}

TEST_F(MemoryGraphTest, PrefersEdgeOpensAtTheThresholdAndClosesWhenPushedBack) {
  // One click (0.2) is below prefers_threshold (0.3): no edge yet.
  ApplyResult click = Apply("click_product", "milk", kT0);
  EXPECT_EQ(FindEdge(click.edges, "brand", "Horizon", "prefers"), nullptr);
  ApplyResult cart = Apply("add_to_cart", "milk", kT0 + 1, 1);
  const MemoryEdge* opened = FindEdge(cart.edges, "brand", "Horizon", "prefers");
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(opened->valid_from, kT0 + 1);
  EXPECT_EQ(opened->valid_to, 0);
  EXPECT_NEAR(opened->weight, 0.7, 1e-6);
  // Departments are categories in the graph.
  EXPECT_NE(FindEdge(cart.edges, "category", "Dairy & Eggs > Milk", "prefers"), nullptr);
  EXPECT_NE(FindEdge(cart.edges, "category", "Dairy & Eggs", "prefers"), nullptr);

  // 0.7 - 0.3 = 0.4 still prefers; - 0.3 more = 0.1 does not.
  ApplyResult removed = Apply("remove_from_cart", "milk", kT0 + 2, 1);
  const MemoryEdge* reweighted = FindEdge(removed.edges, "brand", "Horizon", "prefers");
  ASSERT_NE(reweighted, nullptr);
  EXPECT_EQ(reweighted->valid_to, 0);
  EXPECT_NEAR(reweighted->weight, 0.4, 1e-6);
  removed = Apply("remove_from_cart", "milk", kT0 + 3, 1);
  const MemoryEdge* closed = FindEdge(removed.edges, "brand", "Horizon", "prefers");
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->valid_from, kT0 + 1);
  EXPECT_EQ(closed->valid_to, kT0 + 3);
  EXPECT_TRUE(engine_.OpenEdges("shop", "U1", kT0 + 3).empty());
}

TEST_F(MemoryGraphTest, ScrollingPastSpicySnacksOpensAnAvoidsEdge) {
  ApplyResult first = Apply("displayed_but_scrolled", "chips", kT0);
  EXPECT_EQ(FindEdge(first.edges, "attribute", "spicy", "avoids"), nullptr);
  ApplyResult second = Apply("displayed_but_scrolled", "takis", kT0 + 1);
  const MemoryEdge* avoids = FindEdge(second.edges, "attribute", "spicy", "avoids");
  ASSERT_NE(avoids, nullptr);
  EXPECT_NEAR(avoids->weight, -0.1, 1e-6);
  // Brands were scrolled once each: no edge for them.
  EXPECT_EQ(FindEdge(second.edges, "brand", "Takis", "avoids"), nullptr);
  std::vector<MemoryEdge> open = engine_.OpenEdges("shop", "U1", kT0 + 1);
  EXPECT_NE(FindEdge(open, "attribute", "spicy", "avoids"), nullptr);
}

TEST_F(MemoryGraphTest, SmallWeightChangesAreNotRewritten) {
  Apply("purchase", "milk", kT0, 1);  // brand affinity 1.0, edge opened
  // +0.2 is below edge_weight_step (25%): no rewrite; the next one is.
  EXPECT_EQ(FindEdge(Apply("click_product", "milk", kT0 + 1).edges, "brand", "Horizon", "prefers"),
            nullptr);
  const ApplyResult second = Apply("click_product", "milk", kT0 + 2);  // keeps the edges alive
  const MemoryEdge* rewritten = FindEdge(second.edges, "brand", "Horizon", "prefers");
  ASSERT_NE(rewritten, nullptr);
  EXPECT_EQ(rewritten->valid_from, kT0);
  EXPECT_NEAR(rewritten->weight, 1.4, 1e-6);
}

TEST_F(MemoryGraphTest, DecayClosesEdgesAtTheCrossingTime) {
  Apply("add_to_cart", "milk", kT0, 1);  // 0.5 >= 0.3
  // 0.5 decays to 0.3 after 30 x log2(0.5 / 0.3) days.
  const Micros crossing = kT0 + static_cast<Micros>(30 * 86400e6 * std::log2(0.5 / 0.3));
  EXPECT_TRUE(engine_.ExpireEdges("shop", "U1", crossing - kMicrosPerDay).empty());
  std::vector<MemoryEdge> closed = engine_.ExpireEdges("shop", "U1", kT0 + 60 * kMicrosPerDay);
  const MemoryEdge* brand = FindEdge(closed, "brand", "Horizon", "prefers");
  ASSERT_NE(brand, nullptr);
  EXPECT_EQ(brand->valid_from, kT0);
  EXPECT_NEAR(static_cast<double>(brand->valid_to), static_cast<double>(crossing), 2.0);
  EXPECT_TRUE(engine_.ExpireEdges("shop", "U1", kT0 + 60 * kMicrosPerDay).empty());

  // Lazily, too: the next event on a decayed-out key closes the old edge at
  // the crossing and opens a new one.
  ApplyResult again = Apply("add_to_cart", "chips", kT0, 1);
  ApplyResult later = Apply("add_to_cart", "chips", kT0 + 60 * kMicrosPerDay, 1);
  int brand_edges = 0;
  for (const MemoryEdge& e : later.edges) {
    if (e.dst_id != "Kettle Brand") continue;
    ++brand_edges;
    if (e.valid_to != 0) {
      EXPECT_EQ(e.valid_from, kT0);
      EXPECT_NEAR(static_cast<double>(e.valid_to), static_cast<double>(crossing), 2.0);
    } else {
      EXPECT_EQ(e.valid_from, kT0 + 60 * kMicrosPerDay);
    }
  }
  EXPECT_EQ(brand_edges, 2);
  EXPECT_FALSE(again.edges.empty());
}

TEST_F(MemoryGraphTest, EdgesAreAcceptedByTheStore) {
  leafloaf::testing::TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("leafloaf.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<MemoryEdge> edges;
  auto add = [&](ApplyResult r) { edges.insert(edges.end(), r.edges.begin(), r.edges.end()); };
  add(Apply("purchase", "milk", kT0, 1));
  add(Apply("purchase", "milk", kT0 + 1, 1));
  // Eight removals take the brand from 2.0 to -0.4: prefers closes, avoids
  // opens.
  for (int i = 0; i < 8; ++i) add(Apply("remove_from_cart", "milk", kT0 + 2 + i, 1));
  int closed_prefers = 0;
  for (const MemoryEdge& e : edges) {
    closed_prefers += e.dst_id == "Horizon" && e.relation == "prefers" && e.valid_to != 0;
  }
  EXPECT_EQ(closed_prefers, 1);
  ASSERT_NE(FindEdge(edges, "brand", "Horizon", "avoids"), nullptr);
  WriteBatch batch;
  for (const MemoryEdge& e : edges) batch.Add(e);
  const size_t n = batch.size();
  EXPECT_EQ((*store)->Write(std::move(batch)).accepted(), n);
}

}  // namespace
}  // namespace leafloaf::personalize
