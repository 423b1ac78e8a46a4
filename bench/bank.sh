#!/bin/sh
# Bank statement benchmark (issue #6): import and reconcile a generated
# statement of LINES lines (default 1,000,000) against DONORS donors
# (100,000) and PLEDGES pledges (20,000), with known truth; report lines/s,
# peak memory and the precision / recall of the automatic matches.  The
# baseline, in the same run: `sqlite3 :memory: ".import --csv"` of the same
# statement into a bare table, and `ansinh import contributions` of as many
# generated contributions (bench/gen_contributions): what recording each
# credit line as a contribution (journal, transparency log) costs anyway.
# Usage: bench/bank.sh [LINES] [DONORS] [PLEDGES]
set -eu
LINES=${1:-1000000}
DONORS=${2:-100000}
PLEDGES=${3:-20000}
BIN=${ANSINH_BIN:-build/ansinh}
OUT=${BENCH_OUT:-bench/out}
mkdir -p "$OUT"
DB="$OUT/bank.db"
CSV="$OUT/statement-$LINES.csv"
TRUTH="$OUT/statement-$LINES.truth"

rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" demo --donors 1 --contributions 0 > /dev/null
build/bench/gen_bank "$DB" "$DONORS" "$PLEDGES" vcb 0071000123456 "$LINES" "$CSV" "$TRUTH"
size=$(stat -c %s "$CSV")

/usr/bin/time -v -o "$OUT/bank-time.txt" "$BIN" --db "$DB" import bank "$CSV"
ans_s=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
	for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$OUT/bank-time.txt")
ans_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/bank-time.txt")
ans_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$OUT/bank-time.txt")
# the baseline reads the same file, preamble included, into one text table
/usr/bin/time -f "%e" -o "$OUT/time.txt" sqlite3 :memory: ".import --csv $CSV t" 2> /dev/null
sql_s=$(cat "$OUT/time.txt")
CDB="$OUT/bank-contrib.db"
rm -f "$CDB" "$CDB-wal" "$CDB-shm"
"$BIN" --db "$CDB" demo --donors 1 --contributions 0 > /dev/null
build/bench/gen_contributions "$LINES" > "$OUT/bank-contrib.csv"
/usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" "$BIN" --db "$CDB" import contributions "$OUT/bank-contrib.csv" > /dev/null
imp_s=$(awk '{ print $1 }' "$OUT/time.txt")
imp_cpu=$(awk '{ print $2 + $3 }' "$OUT/time.txt")
rm -f "$CDB" "$CDB-wal" "$CDB-shm" "$OUT/bank-contrib.csv"

load=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v n="$LINES" -v size="$size" -v a="$ans_s" -v kb="$ans_kb" -v s="$sql_s" -v c="$imp_s" \
    -v acpu="$ans_cpu" -v ccpu="$imp_cpu" -v load="$load" 'BEGIN {
	printf "import bank: %d lines (%.1f MB CSV), load average %s\n", n, size / 1e6, load
	printf "  ansinh import bank (match + record):  %6.2f s  %9.0f lines/s  peak %.0f MiB  CPU %.2f s\n", a, n / a, kb / 1024, acpu
	printf "  sqlite3 .import (bare table):         %6.2f s  %9.0f lines/s\n", s, n / s
	printf "  ansinh import contributions (same n): %6.2f s  %9.0f rows/s  CPU %.2f s\n", c, n / c, ccpu
	printf "  ratio import bank / sqlite3:          %6.2f x\n", a / s
	printf "  ratio import bank / import contributions: %6.2f x\n", a / c
}'
build/bench/gen_bank --score "$DB" "$TRUTH"
"$BIN" --db "$DB" verify | head -1
