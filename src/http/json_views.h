// JSON views of stored records, as the HTTP API returns them. Records are
// addressed by their external (source) ids: `product_id`, `user_id`.
#ifndef LEAFLOAF_HTTP_JSON_VIEWS_H_
#define LEAFLOAF_HTTP_JSON_VIEWS_H_

#include <string_view>

#include "catalog/product.h"
#include "nlohmann/json.hpp"

namespace leafloaf::http {

nlohmann::json ProductJson(const Product& product);

// Parses a stored attributes string as a JSON object; {} when empty or invalid.
nlohmann::json AttributesJson(std::string_view attributes);

}  // namespace leafloaf::http

#endif  // LEAFLOAF_HTTP_JSON_VIEWS_H_
