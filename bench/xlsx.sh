#!/bin/sh
# Excel export benchmark (issue #7): `contribution list --format xlsx` of
# ROWS contributions against `--format csv` of the same list, in the same
# run.  Usage: bench/xlsx.sh [ROWS]   (default 1000000)
set -eu
ROWS=${1:-1000000}
BIN=${ANSINH_BIN:-build/ansinh}
OUT=${BENCH_OUT:-bench/out}
mkdir -p "$OUT"
DB="$OUT/xlsx.db"

measure() {
	/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null
	cat "$OUT/time.txt"
}

rm -f "$DB" "$DB-wal" "$DB-shm"
ANSINH_NOW=2020-01-15T03:00:00Z "$BIN" --db "$DB" demo --donors 100000 --contributions "$ROWS" > /dev/null
n=$("$BIN" --db "$DB" contribution list --format csv | tail -n +2 | wc -l)
# warm the page cache, then alternate: best of two each
"$BIN" --db "$DB" contribution list --format csv -o "$OUT/list.csv"
csv_s=999999 csv_kb=0 x_s=999999 x_kb=0
for i in 1 2; do
	set -- $(measure "$BIN" --db "$DB" contribution list --format csv -o "$OUT/list.csv")
	csv_s=$(awk -v a="$1" -v b="$csv_s" 'BEGIN { print a < b ? a : b }') csv_kb=$2
	set -- $(measure "$BIN" --db "$DB" contribution list --format xlsx -o "$OUT/list.xlsx")
	x_s=$(awk -v a="$1" -v b="$x_s" 'BEGIN { print a < b ? a : b }') x_kb=$2
done
awk -v rows="$n" -v c="$csv_s" -v ckb="$csv_kb" -v x="$x_s" -v xkb="$x_kb" \
    -v csz="$(stat -c %s "$OUT/list.csv")" -v xsz="$(stat -c %s "$OUT/list.xlsx")" 'BEGIN {
	printf "contribution list, %d rows\n", rows
	printf "  --format csv:  %6.2f s  %9.0f rows/s  peak %4.0f MiB  %6.1f MB\n", c, rows / c, ckb / 1024, csz / 1e6
	printf "  --format xlsx: %6.2f s  %9.0f rows/s  peak %4.0f MiB  %6.1f MB\n", x, rows / x, xkb / 1024, xsz / 1e6
	printf "  ratio xlsx / csv: %.2f x time, %+.0f MiB peak memory\n", x / c, (xkb - ckb) / 1024
}'
