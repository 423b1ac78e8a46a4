#!/bin/sh
# Bulk-import benchmark (issue #2): import a generated contributions CSV and
# compare with `sqlite3 :memory: ".import --csv"` of the same file into a
# bare table, measured in the same run.  Usage: bench/import.sh [ROWS]
set -eu
ROWS=${1:-1000000}
BIN=${ANSINH_BIN:-build/ansinh}
OUT=${BENCH_OUT:-bench/out}
mkdir -p "$OUT"
CSV="$OUT/contributions-$ROWS.csv"
DB="$OUT/import.db"

build/bench/gen_contributions "$ROWS" > "$CSV"
size=$(stat -c %s "$CSV")

# seconds with nanoseconds, from GNU time's elapsed and max RSS (KiB)
measure() {
	/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null
	cat "$OUT/time.txt"
}

rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" demo --donors 1 --contributions 0 > /dev/null
set -- $(measure "$BIN" --db "$DB" import contributions "$CSV")
ans_s=$1 ans_kb=$2
set -- $(measure sqlite3 :memory: ".import --csv $CSV t")
sql_s=$1
rm -f "$DB-wal" "$DB-shm"

awk -v rows="$ROWS" -v size="$size" -v a="$ans_s" -v kb="$ans_kb" -v s="$sql_s" 'BEGIN {
	printf "import %d rows (%.1f MB CSV)\n", rows, size / 1e6
	printf "  ansinh import contributions: %6.2f s  %9.0f rows/s  peak %.0f MiB\n", a, rows / a, kb / 1024
	printf "  sqlite3 .import (bare table): %6.2f s  %9.0f rows/s\n", s, rows / s
	printf "  ratio ansinh / sqlite3:       %6.2f x\n", a / s
}'
"$BIN" --db "$DB" verify | head -1
