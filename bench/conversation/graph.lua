-- wrk script: one conversation turn per request, POST /graph/invoke, or the
-- peer POST /api/search/personalized with the same users and product words.
--   LEAFLOAF_KEY    API key (required)
--   GRAPH_MODE      "graph" (default) or "search" (the peer)
--   GRAPH_USERS     demo users U0001..U<N> (default 200)
-- Turns rotate through the mix below: searches, questions, reminders and
-- cart changes (adds balanced by removes, so carts stay small). Each
-- request is a new session (wrk keeps no state between turns).
-- Used by scripts/bench-graph-http; see docs/BENCHMARKS.md.
local key = os.getenv("LEAFLOAF_KEY") or error("set LEAFLOAF_KEY")
local mode = os.getenv("GRAPH_MODE") or "graph"
local users = tonumber(os.getenv("GRAPH_USERS") or "200")
local turns = {
  {"organic milk", "organic milk"},
  {"add 2 bananas", "bananas"},
  {"what's in my cart", "cart"},
  {"do you have greek yogurt", "greek yogurt"},
  {"what goes with pasta", "pasta"},
  {"is the oat milk vegan", "oat milk"},
  {"remove the bananas", "bananas"},
  {"what am I running low on", "coffee"},
  {"find gluten free bread", "gluten free bread"},
  {"add a dozen eggs", "eggs"},
  {"take the eggs out", "eggs"},
  {"help", "help"},
}
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = key

function request()
  counter = counter + 1
  local turn = turns[counter % #turns + 1]
  -- A user keeps one conversation's worth of turns in a row.
  local user = string.format("U%04d", math.floor(counter / #turns) % users + 1)
  local body
  if mode == "search" then
    body = string.format('{"user_id":"%s","query":"%s","limit":5}', user, turn[2])
    return wrk.format(nil, "/api/search/personalized", nil, body)
  end
  body = string.format('{"user_id":"%s","query":"%s"}', user, turn[1])
  return wrk.format(nil, "/graph/invoke", nil, body)
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", non200))
  io.write(string.format("latency us: p50 %d p90 %d p99 %d max %d\n", latency:percentile(50),
                         latency:percentile(90), latency:percentile(99), latency.max))
end
