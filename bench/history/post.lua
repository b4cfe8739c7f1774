-- wrk script: sends $METHOD (default GET) with the JSON body in $BODY, if any, and counts answers
-- that are not 2xx or that carry GraphQL errors; prints "BAD <n>" at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

wrk.method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("bad") or 0)
  end
  io.write(string.format("BAD %d\n", total))
end
