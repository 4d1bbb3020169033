// The Store contract: every backend must pass this suite. It is
// parameterized by a factory so the PostgreSQL backend can join it.
#include <algorithm>
#include <functional>
#include <thread>

#include "gtest/gtest.h"
#include "store/store_contract_fixture.h"

namespace leafloaf {
namespace {

TEST_P(StoreContractTest, ProductRoundTripsAllFields) {
  Product p = MakeProduct("s1", "P1", "Oat Milk", "Dairy > Milk");
  p.sku = "SKU-1";
  p.size = 64;
  p.unit = "fl oz";
  p.description = "creamy";
  p.stock = 12;
  p.attributes = R"({"aisle":3})";
  ASSERT_TRUE(WriteOne(p).results.at(0).ok());
  auto got = store_->GetProduct("s1", "P1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name, "Oat Milk");
  EXPECT_EQ(got->sku, "SKU-1");
  EXPECT_EQ(got->category, "Dairy > Milk");
  EXPECT_EQ(got->price_cents, 199);
  EXPECT_DOUBLE_EQ(got->size, 64);
  EXPECT_EQ(got->unit, "fl oz");
  EXPECT_EQ(got->dietary_tags, (std::vector<std::string>{"organic", "vegan"}));
  EXPECT_EQ(got->stock, 12);
  EXPECT_EQ(got->attributes, R"({"aisle":3})");
  EXPECT_GT(got->id, 0);
}

TEST_P(StoreContractTest, UpsertByExternalIdCreatesNoDuplicates) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results.at(0).ok());
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Whole Milk", "Dairy")).results.at(0).ok());
  EXPECT_EQ(store_->CountRows("s1")->products, 1);
  EXPECT_EQ(store_->GetProduct("s1", "P1")->name, "Whole Milk");
}

TEST_P(StoreContractTest, ShopsNeverSeeEachOthersRows) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results.at(0).ok());
  EXPECT_EQ(store_->GetProduct("s2", "P1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListProducts("s2", {})->products.empty());
  EXPECT_EQ(store_->CountRows("s2")->products, 0);
  // The same external id in another shop is another product.
  ASSERT_TRUE(WriteOne(MakeProduct("s2", "P1", "Bread", "Bakery")).results.at(0).ok());
  EXPECT_EQ(store_->GetProduct("s1", "P1")->name, "Milk");
  EXPECT_EQ(store_->GetProduct("s2", "P1")->name, "Bread");
}

TEST_P(StoreContractTest, InvalidMutationIsRejectedAndOthersInBatchLand) {
  WriteBatch batch;
  batch.Add(MakeProduct("s1", "P1", "Milk", "Dairy"));
  batch.Add(MakeProduct("s1", "P2", "", "Dairy"));  // no name
  Product negative = MakeProduct("s1", "P3", "Eggs", "Dairy");
  negative.price_cents = -5;
  batch.Add(negative);
  WriteResult r = store_->Write(std::move(batch));
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_TRUE(r.results[0].ok());
  EXPECT_EQ(r.results[1].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.results[2].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.accepted(), 1u);
  EXPECT_EQ(store_->CountRows("s1")->products, 1);
}

TEST_P(StoreContractTest, AtomicBatchIsAllOrNothing) {
  WriteBatch batch;
  batch.atomic = true;
  batch.Add(MakeProduct("s1", "P1", "Milk", "Dairy"));
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "missing", .product_external_id = "P1"});
  WriteResult r = store_->Write(std::move(batch));
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.results[0].code(), absl::StatusCode::kAborted);
  EXPECT_EQ(r.results[1].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->CountRows("s1")->products, 0);
}

TEST_P(StoreContractTest, EraseUserActivityRemovesEventsEdgesAndNothingElse) {
  WriteBatch setup;
  setup.Add(MakeProduct("s1", "P1", "Milk", "Dairy"));
  setup.Add(MakeProduct("s2", "P1", "Milk", "Dairy"));
  for (const char* shop : {"s1", "s2"}) {
    for (const char* user : {"U1", "U2"}) {
      setup.Add(Event{.shop_id = shop, .type = "click_product", .user_external_id = user,
                      .product_external_id = "P1", .at = 1});
      setup.Add(MemoryEdge{.shop_id = shop, .user_external_id = user, .dst_kind = "product",
                           .dst_id = "P1", .relation = "clicked", .weight = 1, .valid_from = 1});
    }
  }
  ASSERT_TRUE(store_->Write(std::move(setup)).status.ok());
  WriteResult r = WriteOne(EraseUserActivity{.shop_id = "s1", .user_external_id = "U1"});
  ASSERT_TRUE(r.status.ok());
  ASSERT_TRUE(r.results[0].ok()) << r.results[0];
  EXPECT_EQ(r.ids[0], 1);  // one event erased
  auto users_with_events = [&](const std::string& shop) {
    std::vector<std::string> users;
    EXPECT_TRUE(store_->ScanEvents(shop, 0, [&](const Event& e) {
      users.push_back(e.user_external_id);
      return absl::OkStatus();
    }).ok());
    return users;
  };
  EXPECT_EQ(users_with_events("s1"), std::vector<std::string>{"U2"});
  EXPECT_EQ(users_with_events("s2"), (std::vector<std::string>{"U1", "U2"}));  // other shop
  // Erasing a user with nothing stored is fine and erases nothing.
  r = WriteOne(EraseUserActivity{.shop_id = "s1", .user_external_id = "nobody"});
  ASSERT_TRUE(r.results[0].ok());
  EXPECT_EQ(r.ids[0], 0);
  EXPECT_EQ(WriteOne(EraseUserActivity{.shop_id = "s1"}).results[0].code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, ScanBasketsGivesTheLatestOrdersOldestFirst) {
  WriteBatch batch;
  for (const char* id : {"P1", "P2", "P3"}) batch.Add(MakeProduct("s1", id, "Milk", "Dairy"));
  for (int o = 1; o <= 3; ++o) {
    const std::string order = "O" + std::to_string(o);
    batch.Add(Order{.shop_id = "s1", .external_id = order, .user_external_id = "U1",
                    .placed_at = 1'600'000'000'000'000 + o});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order, .product_external_id = "P1"});
    batch.Add(OrderLine{.shop_id = "s1", .order_external_id = order,
                        .product_external_id = "P" + std::to_string(o == 1 ? 2 : 3)});
  }
  ASSERT_TRUE(store_->Write(std::move(batch)).status.ok());
  std::vector<std::vector<std::string>> baskets;
  ASSERT_TRUE(store_->ScanBaskets("s1", 2, [&](const auto& b) {
    baskets.push_back(b);
    std::sort(baskets.back().begin(), baskets.back().end());
  }).ok());
  EXPECT_EQ(baskets, (std::vector<std::vector<std::string>>{{"P1", "P3"}, {"P1", "P3"}}));
  baskets.clear();
  ASSERT_TRUE(store_->ScanBaskets("s1", 100, [&](const auto& b) { baskets.push_back(b); }).ok());
  EXPECT_EQ(baskets.size(), 3u);
}

TEST_P(StoreContractTest, ScanOrdersGivesEveryOrderWithItsUserAndLines) {
  WriteBatch batch;
  for (const char* id : {"P1", "P2"}) batch.Add(MakeProduct("s1", id, "Milk", "Dairy"));
  batch.Add(MakeProduct("s2", "P1", "Milk", "Dairy"));
  batch.Add(Order{.shop_id = "s1", .external_id = "O1", .user_external_id = "U1",
                  .placed_at = 1'600'000'000'000'000});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O1", .product_external_id = "P1",
                      .quantity = 2, .unit_price_cents = 350});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O1", .product_external_id = "P2"});
  batch.Add(Order{.shop_id = "s1", .external_id = "O2", .user_external_id = "U2",
                  .placed_at = 1'600'000'000'000'001});
  batch.Add(Order{.shop_id = "s1", .external_id = "O3", .user_external_id = "U1",
                  .placed_at = 1'600'000'000'000'002});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O3", .product_external_id = "P2"});
  batch.Add(Order{.shop_id = "s2", .external_id = "O1", .user_external_id = "U1",
                  .placed_at = 1'600'000'000'000'000});
  batch.Add(OrderLine{.shop_id = "s2", .order_external_id = "O1", .product_external_id = "P1"});
  ASSERT_TRUE(store_->Write(std::move(batch)).status.ok());
  std::vector<OrderWithLines> orders;
  ASSERT_TRUE(store_->ScanOrders("s1", [&](const OrderWithLines& o) {
    orders.push_back(o);
    return absl::OkStatus();
  }).ok());
  ASSERT_EQ(orders.size(), 2u);  // O2 has no lines
  EXPECT_EQ(orders[0].order.external_id, "O1");
  EXPECT_EQ(orders[0].order.user_external_id, "U1");
  EXPECT_EQ(orders[0].order.placed_at, 1'600'000'000'000'000);
  ASSERT_EQ(orders[0].lines.size(), 2u);
  EXPECT_EQ(orders[0].lines[0].product_external_id, "P1");
  EXPECT_EQ(orders[0].lines[0].quantity, 2);
  EXPECT_EQ(orders[0].lines[0].unit_price_cents, 350);
  EXPECT_EQ(orders[1].order.external_id, "O3");
  ASSERT_EQ(orders[1].lines.size(), 1u);
  EXPECT_EQ(orders[1].lines[0].product_external_id, "P2");
  // A callback error stops the scan and is returned.
  int calls = 0;
  absl::Status stopped = store_->ScanOrders("s1", [&](const OrderWithLines&) {
    ++calls;
    return absl::CancelledError("enough");
  });
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST_P(StoreContractTest, OrderLinesResolveExternalIdsAndReportUnknownOnes) {
  WriteBatch batch;
  batch.Add(MakeProduct("s1", "P1", "Milk", "Dairy"));
  batch.Add(Order{.shop_id = "s1", .external_id = "O1", .user_external_id = "U1",
                  .placed_at = 1'600'000'000'000'000});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O1", .product_external_id = "P1",
                      .quantity = 2, .unit_price_cents = 350});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O1", .product_external_id = "nope"});
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "O9", .product_external_id = "P1"});
  WriteResult r = store_->Write(std::move(batch));
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.results[2].ok()) << r.results[2];
  EXPECT_EQ(r.results[3].code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.results[3].message().find("product 'nope'"), std::string::npos) << r.results[3];
  EXPECT_EQ(r.results[4].code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.results[4].message().find("order 'O9'"), std::string::npos) << r.results[4];

  auto counts = store_->ProductOrderCounts("s1");
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0], (std::pair<std::string, int64_t>{"P1", 1}));
  EXPECT_TRUE(store_->ProductOrderCounts("s2")->empty());

  std::vector<std::vector<std::string>> baskets;
  ASSERT_TRUE(store_->ScanBaskets("s1", 10, [&](const auto& b) { baskets.push_back(b); }).ok());
  EXPECT_EQ(baskets, (std::vector<std::vector<std::string>>{{"P1"}}));
  baskets.clear();
  ASSERT_TRUE(store_->ScanBaskets("s2", 10, [&](const auto& b) { baskets.push_back(b); }).ok());
  EXPECT_TRUE(baskets.empty());

  auto user = store_->GetUser("s1", "U1");
  ASSERT_TRUE(user.ok()) << user.status();  // created on first use
  auto orders = store_->ListUserOrders("s1", "U1", 10);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  ASSERT_EQ((*orders)[0].lines.size(), 1u);
  EXPECT_EQ((*orders)[0].lines[0].product_external_id, "P1");
  EXPECT_DOUBLE_EQ((*orders)[0].lines[0].quantity, 2);
  EXPECT_EQ((*orders)[0].lines[0].unit_price_cents, 350);
  EXPECT_EQ(store_->ListUserOrders("s2", "U1", 10)->size(), 0u);
}

TEST_P(StoreContractTest, ListProductsPagesWithCursorAndFilters) {
  WriteBatch batch;
  for (int i = 0; i < 25; ++i) {
    batch.Add(MakeProduct("s1", "P" + std::to_string(i), "Item " + std::to_string(i),
                          i % 2 ? "Dairy > Milk" : "Bakery > Bread", i % 3 ? "Acme" : "Zest"));
  }
  batch.Add(MakeProduct("s1", "X", "Dairyland Cheese", "Dairyland"));  // not under "Dairy"
  ASSERT_EQ(store_->Write(std::move(batch)).accepted(), 26u);

  ProductFilter filter{.limit = 10};
  int seen = 0, pages = 0;
  while (true) {
    auto page = store_->ListProducts("s1", filter);
    ASSERT_TRUE(page.ok());
    seen += static_cast<int>(page->products.size());
    ++pages;
    if (page->next_after_id == 0) break;
    filter.after_id = page->next_after_id;
  }
  EXPECT_EQ(seen, 26);
  EXPECT_EQ(pages, 3);

  auto dairy = store_->ListProducts("s1", {.category = "dairy", .limit = 100});
  EXPECT_EQ(dairy->products.size(), 12u);
  auto milk = store_->ListProducts("s1", {.category = "Dairy > Milk", .limit = 100});
  EXPECT_EQ(milk->products.size(), 12u);
  auto zest = store_->ListProducts("s1", {.brand = "zest", .limit = 100});
  EXPECT_EQ(zest->products.size(), 9u);
  EXPECT_EQ(store_->ListProducts("s1", {.limit = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, DeletedProductDisappearsAndCanReturn) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  ASSERT_TRUE(WriteOne(DeleteProduct{"s1", "P1"}).results[0].ok());
  EXPECT_EQ(store_->GetProduct("s1", "P1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(WriteOne(DeleteProduct{"s1", "P1"}).results[0].code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  EXPECT_TRUE(store_->GetProduct("s1", "P1").ok());
}

TEST_P(StoreContractTest, ApiKeysAreFoundByHashAcrossShops) {
  ApiKey key{.shop_id = "s1", .key_hash = std::string(64, 'a'), .role = Role::kMerchant};
  ASSERT_TRUE(WriteOne(key).results[0].ok());
  auto found = store_->FindApiKey(std::string(64, 'a'));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->shop_id, "s1");
  EXPECT_EQ(found->role, Role::kMerchant);
  EXPECT_EQ(store_->FindApiKey(std::string(64, 'b')).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(WriteOne(key).results[0].code(), absl::StatusCode::kAlreadyExists);
}

TEST_P(StoreContractTest, EventsCreateTheirUserAndNeedAKnownProduct) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  EXPECT_EQ(store_->GetUser("s1", "new-user").status().code(), absl::StatusCode::kNotFound);
  WriteResult ok = WriteOne(Event{.shop_id = "s1", .type = "click_product",
                                  .user_external_id = "new-user", .product_external_id = "P1"});
  ASSERT_TRUE(ok.results[0].ok()) << ok.results[0];
  EXPECT_GT(ok.ids[0], 0);
  EXPECT_TRUE(store_->GetUser("s1", "new-user").ok());

  WriteResult unknown = WriteOne(Event{.shop_id = "s1", .type = "click_product",
                                       .user_external_id = "other-user",
                                       .product_external_id = "P404"});
  EXPECT_EQ(unknown.results[0].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser("s1", "other-user").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->CountRows("s1")->events, 1);
  // A product of another shop is unknown here.
  WriteResult cross = WriteOne(Event{.shop_id = "s2", .type = "click_product",
                                     .user_external_id = "new-user", .product_external_id = "P1"});
  EXPECT_EQ(cross.results[0].code(), absl::StatusCode::kNotFound);
}

// The writer remembers products and users it has seen (sqlite::KnownRows);
// a delete or a rolled-back batch must not leave a stale memory.
TEST_P(StoreContractTest, EventsSeeProductDeletesAndRolledBackRows) {
  auto click = [](std::string user, std::string product) {
    return Event{.shop_id = "s1", .type = "click_product", .user_external_id = std::move(user),
                 .product_external_id = std::move(product)};
  };
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  ASSERT_TRUE(WriteOne(click("U1", "P1")).results[0].ok());
  ASSERT_TRUE(WriteOne(DeleteProduct{.shop_id = "s1", .external_id = "P1"}).results[0].ok());
  EXPECT_EQ(WriteOne(click("U1", "P1")).results[0].code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  EXPECT_TRUE(WriteOne(click("U1", "P1")).results[0].ok());

  // A product and a user created in a batch that rolls back are unknown after.
  WriteBatch batch;
  batch.atomic = true;
  batch.Add(MakeProduct("s1", "P2", "Oat milk", "Dairy"));
  batch.Add(click("U2", "P2"));
  batch.Add(OrderLine{.shop_id = "s1", .order_external_id = "missing", .product_external_id = "P2"});
  WriteResult r = store_->Write(std::move(batch));
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.results[1].code(), absl::StatusCode::kAborted);
  EXPECT_EQ(WriteOne(click("U3", "P2")).results[0].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser("s1", "U2").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(WriteOne(click("U2", "P1")).results[0].ok());
  EXPECT_TRUE(store_->GetUser("s1", "U2").ok());
  EXPECT_EQ(store_->CountRows("s1")->events, 3);
}

TEST_P(StoreContractTest, ScanEventsGivesOneShopsEventsInOrderWithAllFields) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  ASSERT_TRUE(WriteOne(MakeProduct("s2", "P1", "Milk", "Dairy")).results[0].ok());
  WriteBatch batch;
  batch.Add(Event{.shop_id = "s1", .type = "rate", .user_external_id = "U1",
                  .product_external_id = "P1", .session_id = "sess", .strength = 4,
                  .quantity = 0, .query = "milk", .position = 3, .context = R"({"a":1})",
                  .at = 1000});
  batch.Add(Event{.shop_id = "s2", .type = "click_product", .user_external_id = "U9",
                  .product_external_id = "P1", .at = 1500});
  batch.Add(Event{.shop_id = "s1", .type = "search", .user_external_id = "U2", .query = "eggs",
                  .at = 2000});
  WriteResult written = store_->Write(std::move(batch));
  ASSERT_EQ(written.accepted(), 3u);

  std::vector<Event> seen;
  ASSERT_TRUE(store_->ScanEvents("s1", 0, [&](const Event& e) {
    seen.push_back(e);
    return absl::OkStatus();
  }).ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].id, written.ids[0]);
  EXPECT_EQ(seen[0].shop_id, "s1");
  EXPECT_EQ(seen[0].type, "rate");
  EXPECT_EQ(seen[0].user_external_id, "U1");
  EXPECT_EQ(seen[0].product_external_id, "P1");
  EXPECT_EQ(seen[0].session_id, "sess");
  EXPECT_EQ(seen[0].strength, 4);
  EXPECT_EQ(seen[0].query, "milk");
  EXPECT_EQ(seen[0].position, 3);
  EXPECT_EQ(seen[0].context, R"({"a":1})");
  EXPECT_EQ(seen[0].at, 1000);
  EXPECT_EQ(seen[1].type, "search");
  EXPECT_EQ(seen[1].product_external_id, "");
  EXPECT_EQ(seen[1].position, -1);

  // Resuming after an id, and stopping early with the callback's status.
  seen.clear();
  ASSERT_TRUE(store_->ScanEvents("s1", written.ids[0], [&](const Event& e) {
    seen.push_back(e);
    return absl::OkStatus();
  }).ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].id, written.ids[2]);
  int calls = 0;
  absl::Status stopped = store_->ScanEvents("s1", 0, [&](const Event&) {
    ++calls;
    return absl::CancelledError("enough");
  });
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST_P(StoreContractTest, AcknowledgedWritesSurviveReopen) {
  ASSERT_TRUE(WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy")).results[0].ok());
  WriteBatch batch;
  for (int i = 0; i < 100; ++i) {
    batch.Add(Event{.shop_id = "s1", .type = "click_product", .user_external_id = "U1",
                    .product_external_id = "P1"});
  }
  WriteResult r = store_->Write(std::move(batch));
  ASSERT_EQ(r.accepted(), 100u);
  EXPECT_GT(r.ids[99], r.ids[0]);
  Reopen();
  EXPECT_EQ(store_->CountRows("s1")->events, 100);
  EXPECT_EQ(store_->ListShops()->size(), 1u);
}

TEST_P(StoreContractTest, ConcurrentWritersAreGroupCommitted) {
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        WriteBatch batch;
        batch.Add(Event{.shop_id = "s1", .type = "search", .user_external_id = std::to_string(t)});
        EXPECT_EQ(store_->Write(std::move(batch)).accepted(), 1u);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->CountRows("s1")->events, kThreads * kPerThread);
  StoreStats stats = store_->Stats();
  EXPECT_EQ(stats.batches_committed, kThreads * kPerThread);
  EXPECT_LE(stats.commits, stats.batches_committed);
  EXPECT_LE(stats.syncs, stats.commits);  // 0 when the COMMIT syncs itself
  EXPECT_EQ(stats.schema_version, 3);
}

TEST_P(StoreContractTest, ClosedStoreRejectsWrites) {
  store_->Close();
  WriteResult r = WriteOne(MakeProduct("s1", "P1", "Milk", "Dairy"));
  EXPECT_EQ(r.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->Ping().code(), absl::StatusCode::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(StoreBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace leafloaf
