#!/bin/sh
# Web benchmark (issue #4): wrk on the public search API (varying queries,
# bench/web-queries.lua) and on the portal's home page, over a database of
# ROWS generated contributions, and in the same run nginx serving static
# files of the same sizes (the ceiling for this machine).  2 threads, 64
# connections, DURATION seconds each (default 30).
#   Usage: bench/web.sh [ROWS]        DURATION=5 bench/web.sh   (a trial run)
set -eu
ROWS=${1:-1000000}
DURATION=${DURATION:-30}
BIN=${ANSINH_BIN:-build/ansinh}
OUT=${BENCH_OUT:-bench/out}
PORT=${WEB_PORT:-18480}
NGINX_PORT=${NGINX_PORT:-18481}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
DB="$OUT/web-$ROWS.db"
WRK="wrk -t2 -c64 -d${DURATION}s --latency"

if [ ! -f "$DB" ]; then
	echo "building $DB ($ROWS contributions; once)"
	build/bench/gen_contributions "$ROWS" > "$OUT/web-$ROWS.csv"
	"$BIN" --db "$DB.tmp" demo --donors 1 --contributions 0 > /dev/null
	"$BIN" --db "$DB.tmp" import contributions "$OUT/web-$ROWS.csv" > /dev/null
	rm -f "$OUT/web-$ROWS.csv"
	mv "$DB.tmp" "$DB"
	rm -f "$DB.tmp-wal" "$DB.tmp-shm"
fi

srv_pid= ngx_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
	[ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null
	return 0
}
trap cleanup EXIT INT TERM

t0=$(date +%s.%N)
"$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" > "$OUT/web-serve.out" 2> /dev/null &
srv_pid=$!
until grep -q listening "$OUT/web-serve.out" 2>/dev/null; do
	kill -0 "$srv_pid" || { echo "ansinh serve did not start"; exit 1; }
	sleep 0.1
done
t1=$(date +%s.%N)
BASE="http://127.0.0.1:$PORT"

# each distinct query once, uncached (the first time after a write)
cold=$(awk '/^local queries/ { on = 1 } on { print } on && /^}/ { exit }' bench/web-queries.lua |
	grep -o '"[^"]*"' | tr -d '"' | while read -r q; do
		enc=$(printf '%s' "$q" | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /%/g; s/^/%/')
		curl -s -o /dev/null -w '%{time_total}\n' "$BASE/api/public/contributions?q=$enc"
	done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f %.1f %d", a[int(NR/2)+1]*1000, a[NR]*1000, NR }')

curl -s -o "$OUT/web-api.json" "$BASE/api/public/contributions?q=nguyen"
curl -s -o "$OUT/web-home.html" "$BASE/"

run_wrk() { # URL [script] -> "req/s p50 p99"
	$WRK -s "bench/${2:-web-plain.lua}" "$1" 2>&1 | awk '
		/^Requests\/sec:/ { rps = $2 }
		/^LAT / { split($2, a, "="); split($3, b, "="); p50 = a[2]; p99 = b[2] }
		/Non-2xx/ { bad = $NF }
		END { sub(/ms/, "", p50); sub(/ms/, "", p99); printf "%s %s %s %s", rps, p50, p99, bad + 0 }'
}

# warm-up (not measured): every query's answer once, as after a write
wrk -t2 -c64 -d3s -s bench/web-queries.lua "$BASE/api/public/contributions" > /dev/null 2>&1
set -- $(run_wrk "$BASE/api/public/contributions" web-queries.lua)
api_rps=$1 api_p50=$2 api_p99=$3 api_bad=$4
set -- $(run_wrk "$BASE/")
home_rps=$1 home_p50=$2 home_p99=$3 home_bad=$4
rss_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$srv_pid/status")
kill "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=

# nginx, as this user, on a loopback port, the same bytes as static files
NG="$OUT/nginx"
rm -rf "$NG"; mkdir -p "$NG/root" "$NG/tmp"
cp "$OUT/web-api.json" "$NG/root/api.json"
cp "$OUT/web-home.html" "$NG/root/home.html"
cat > "$NG/nginx.conf" <<CONF
worker_processes 2;
pid $NG/nginx.pid;
error_log $NG/error.log;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $NG/tmp; proxy_temp_path $NG/tmp; fastcgi_temp_path $NG/tmp;
	uwsgi_temp_path $NG/tmp; scgi_temp_path $NG/tmp;
	types { application/json json; text/html html; }
	server { listen 127.0.0.1:$NGINX_PORT; root $NG/root; }
}
CONF
nginx -p "$NG" -c "$NG/nginx.conf" -e "$NG/error.log" &
ngx_pid=$!
sleep 0.5
set -- $(run_wrk "http://127.0.0.1:$NGINX_PORT/api.json")
ng_api_rps=$1 ng_api_p99=$3
set -- $(run_wrk "http://127.0.0.1:$NGINX_PORT/home.html")
ng_home_rps=$1 ng_home_p99=$3

awk -v rows="$ROWS" -v d="$DURATION" -v start="$(echo "$t1 - $t0" | bc)" -v cold="$cold" \
    -v ar="$api_rps" -v a50="$api_p50" -v a99="$api_p99" -v ab="$api_bad" \
    -v hr="$home_rps" -v h50="$home_p50" -v h99="$home_p99" -v hb="$home_bad" \
    -v nar="$ng_api_rps" -v na99="$ng_api_p99" -v nhr="$ng_home_rps" -v nh99="$ng_home_p99" \
    -v rss="$rss_kb" -v asz="$(stat -c %s "$OUT/web-api.json")" -v hsz="$(stat -c %s "$OUT/web-home.html")" 'BEGIN {
	split(cold, c, " ")
	printf "web: %d contributions, wrk -t2 -c64 -d%ds\n", rows, d
	printf "  server start (figures read): %.1f s; peak RSS %.1f MiB\n", start, rss / 1024
	printf "  first query of each of %d searches: median %.1f ms, max %.1f ms\n", c[3], c[1], c[2]
	printf "  %-38s %10s %9s %9s %8s\n", "", "req/s", "p50 ms", "p99 ms", "non-2xx"
	printf "  %-38s %10.0f %9s %9s %8d\n", "ansinh GET /api/public/contributions?q=", ar, a50, a99, ab
	printf "  %-38s %10.0f %9s %9s\n", "nginx static file (" asz " bytes)", nar, "", na99
	printf "  %-38s %10.2f\n", "ratio ansinh / nginx", ar / nar
	printf "  %-38s %10.0f %9s %9s %8d\n", "ansinh GET / (home page)", hr, h50, h99, hb
	printf "  %-38s %10.0f %9s %9s\n", "nginx static file (" hsz " bytes)", nhr, "", nh99
	printf "  %-38s %10.2f\n", "ratio ansinh / nginx", hr / nhr
}'
