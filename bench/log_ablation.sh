#!/bin/sh
# Where the transparency log's cost per contribution goes (issue #5,
# docs/benchmarks.md "Where the log's cost goes").
#
# Records M contributions through the store functions of the journal path
# (bench_log's part 3, `bench_log --record`) in a fresh process and a fresh
# database per measurement, R rounds in alternation of:
#   off          without the log (the baseline)
#   on           with the log
#   no-rows      with the log, its tile rows and salt seeds not written
#   no-sha       with the log, SHA-256 replaced by a filler (no hashing)
#   no-both      both of the above
# The last three come from a copy of the source with bench/log_ablation.patch
# applied (hooks that read ABLATE_ROWS and ABLATE_SHA), built in a scratch
# directory; the product itself has no such switch.  Prints the median CPU
# time per contribution of each and how much each adds to the baseline.
#
#   sh bench/log_ablation.sh [contributions=300000] [rounds=8]
set -eu
M=${1:-300000}
R=${2:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT INT TERM
mkdir -p "$OUT"

make -s -C "$ROOT" build/bench/bench_log
echo "building the ablated copy in $SCRATCH ..."
git -C "$ROOT" archive HEAD | tar -x -C "$SCRATCH"
(cd "$SCRATCH" && git apply "$ROOT/bench/log_ablation.patch" && make -s build/bench/bench_log)

PLAIN=$ROOT/build/bench/bench_log
ABL=$SCRATCH/build/bench/bench_log
RES=$SCRATCH/results
: > "$RES"
i=0
while [ "$i" -lt "$R" ]; do
	i=$((i + 1))
	echo "round $i of $R" >&2
	BENCH_OUT=$OUT "$PLAIN" --record "$M" off | sed 's/^off/off/' >> "$RES"
	BENCH_OUT=$OUT "$PLAIN" --record "$M" on | sed 's/^on/on/' >> "$RES"
	BENCH_OUT=$OUT ABLATE_ROWS=1 "$ABL" --record "$M" on | sed 's/^on/no-rows/' >> "$RES"
	BENCH_OUT=$OUT ABLATE_SHA=1 "$ABL" --record "$M" on | sed 's/^on/no-sha/' >> "$RES"
	BENCH_OUT=$OUT ABLATE_ROWS=1 ABLATE_SHA=1 "$ABL" --record "$M" on | sed 's/^on/no-both/' >> "$RES"
done
rm -f "$OUT/log-record-on.db" "$OUT/log-record-off.db" "$OUT"/log-record-*.db-wal "$OUT"/log-record-*.db-shm

echo "$M contributions per measurement, $R rounds, median per contribution (load: $(cut -d' ' -f1-3 /proc/loadavg))"
awk '
	{ wall[$1, ++n[$1]] = $2; cpu[$1, n[$1]] = $3 }
	function median(a, k, c,    i, j, t, v) {
		for (i = 1; i <= c; i++) v[i] = a[k, i]
		for (i = 2; i <= c; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
	}
	END {
		split("off on no-rows no-sha no-both", order, " ")
		base = median(cpu, "off", n["off"])
		printf "%-9s %10s %10s %12s\n", "", "wall us", "cpu us", "cpu vs off"
		for (i = 1; i <= 5; i++) {
			k = order[i]
			c = median(cpu, k, n[k])
			printf "%-9s %10.3f %10.3f %+11.1f%%\n", k, median(wall, k, n[k]), c, (c / base - 1) * 100
		}
	}' "$RES"
