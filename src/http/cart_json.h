// JSON views of the cart and of a placed order, shared by the cart
// endpoints and the conversation's replies (docs/API.md has the fields).
#ifndef LEAFLOAF_HTTP_CART_JSON_H_
#define LEAFLOAF_HTTP_CART_JSON_H_

#include "cart/cart_service.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

nlohmann::json CartJson(const cart::Cart& cart);
nlohmann::json OrderJson(const cart::CheckoutResult& placed);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_CART_JSON_H_
