-- wrk script: POST /api/interactions/track with varied users and products.
--   LEAFLOAF_KEY    API key (required)
--   TRACK_BATCH     events per request: 1 (default) sends one object, N > 1 an array
--   TRACK_PRODUCTS  products P000001..P<N> exist in the shop (default 1000)
--   TRACK_USERS     distinct user ids (default 5000)
-- Used by scripts/bench-track-http; see docs/BENCHMARKS.md.
local key = os.getenv("LEAFLOAF_KEY") or error("set LEAFLOAF_KEY")
local batch = tonumber(os.getenv("TRACK_BATCH") or "1")
local products = tonumber(os.getenv("TRACK_PRODUCTS") or "1000")
local users = tonumber(os.getenv("TRACK_USERS") or "5000")
local types = {"click_product", "add_to_cart", "displayed_but_scrolled", "purchase"}
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = key

local function event()
  counter = counter + 1
  return string.format(
    '{"event_type":"%s","user_id":"U%d","product_id":"P%06d","session_id":"s%d","position":%d}',
    types[counter % #types + 1], math.random(users), math.random(products),
    counter % 97, counter % 20)
end

function request()
  local body
  if batch <= 1 then
    body = event()
  else
    local parts = {}
    for i = 1, batch do parts[i] = event() end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format(nil, nil, nil, body)
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
