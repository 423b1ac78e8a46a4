#!/bin/sh
# Before/after comparison of the transparency log's bench (issue #5,
# docs/benchmarks.md): runs two bench_log binaries in alternation (before,
# after, after, before) with the same arguments, each under /usr/bin/time,
# printing the time and load average of each run.  Build "before" from the
# commit to compare with (a copy of build/bench/bench_log taken before the
# change), "after" with `make build/bench/bench_log`.
#   sh bench/log_cmp.sh BEFORE_BIN AFTER_BIN [leaves contributions verified]
set -eu
before=$1 after=$2
shift 2
for which in before after after before; do
	if [ "$which" = before ]; then bin=$before; else bin=$after; fi
	echo "=== $which $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)"
	/usr/bin/time -f "time: user %U sys %S wall %e" "$bin" "$@" 2>&1
done
echo "=== end $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)"
