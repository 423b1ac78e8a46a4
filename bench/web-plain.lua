-- wrk script for bench/web.sh: one fixed request; prints p50/p99 like
-- web-queries.lua so the script reads both the same way.
done = function(summary, latency, requests)
  io.write(string.format("LAT p50=%.3fms p99=%.3fms max=%.3fms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
