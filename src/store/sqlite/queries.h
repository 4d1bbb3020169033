// Read queries over one connection. Every query is scoped to a shop.
#ifndef LEAFLOAF_STORE_SQLITE_QUERIES_H_
#define LEAFLOAF_STORE_SQLITE_QUERIES_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/sqlite/statement.h"
#include "store/store.h"

namespace leafloaf::sqlite {

absl::StatusOr<Product> QueryProduct(Database& db, std::string_view shop_id,
                                     std::string_view external_id);
absl::StatusOr<ProductPage> QueryProducts(Database& db, std::string_view shop_id,
                                          const ProductFilter& filter);
absl::StatusOr<User> QueryUser(Database& db, std::string_view shop_id,
                               std::string_view external_id);
absl::StatusOr<std::vector<OrderWithLines>> QueryUserOrders(Database& db, std::string_view shop_id,
                                                            std::string_view user_external_id,
                                                            int limit);
absl::StatusOr<OrderWithLines> QueryOrder(Database& db, std::string_view shop_id,
                                          std::string_view order_external_id);
absl::StatusOr<std::vector<CartLine>> QueryCart(Database& db, std::string_view shop_id,
                                                std::string_view user_external_id);
absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> QueryProductOrderCounts(
    Database& db, std::string_view shop_id);
absl::Status ScanBaskets(Database& db, std::string_view shop_id, int64_t max_orders,
                         const std::function<void(const std::vector<std::string>&)>& fn);
absl::Status ScanOrders(Database& db, std::string_view shop_id,
                        const std::function<absl::Status(const OrderWithLines&)>& fn);
absl::Status ScanEvents(Database& db, std::string_view shop_id, int64_t after_id,
                        const std::function<absl::Status(const Event&)>& fn);
absl::StatusOr<ApiKey> QueryApiKey(Database& db, std::string_view key_hash);
absl::StatusOr<ShopCounts> QueryCounts(Database& db, std::string_view shop_id);
absl::StatusOr<std::vector<std::string>> QueryShops(Database& db);

}  // namespace leafloaf::sqlite

#endif  // LEAFLOAF_STORE_SQLITE_QUERIES_H_
