-- wrk script for bench/web.sh: GET /api/public/contributions?q=... with
-- varying searches (names typed without diacritics, with them, prefixes,
-- receipt numbers, pages), one after the other per connection, and the
-- latency distribution reported as p50/p99 in a line the script reads.
local queries = {
  "nguyen", "tran", "le", "pham", "hoang", "huynh", "vo", "dang", "bui", "do",
  "duc", "Đức", "thi", "van", "anh", "minh", "hoa", "lan", "thanh", "hung",
  "nguyen van", "tran thi", "le thi", "pham van", "nguyen thi kim", "tran thi kim",
  "ng", "tr", "ph", "hu", "cong ty", "hop tac xa", "truong", "so giao duc",
  "TV2019-000123", "tv2019-500000", "TV2019-999999", "nguyen%20van%20an",
}
local paths = {}
for i, q in ipairs(queries) do
  local enc = q:gsub("([^%w%-%.%%])", function(c) return string.format("%%%02X", string.byte(c)) end)
  paths[#paths + 1] = "/api/public/contributions?q=" .. enc
  paths[#paths + 1] = "/api/public/contributions?q=" .. enc .. "&page=2"
end
paths[#paths + 1] = "/api/public/contributions"
paths[#paths + 1] = "/api/public/contributions?page=50"

local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("LAT p50=%.3fms p99=%.3fms max=%.3fms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
