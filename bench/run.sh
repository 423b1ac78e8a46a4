#!/bin/sh
# make bench: every benchmark; each compares with a baseline measured in the
# same run.  Results go to stdout; docs/benchmarks.md keeps the figures.
set -eu
cd "$(dirname "$0")/.."
echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
sh bench/import.sh "${IMPORT_ROWS:-1000000}"
sh bench/xlsx.sh "${XLSX_ROWS:-1000000}"
sh bench/bank.sh "${BANK_LINES:-1000000}"
sh bench/letters.sh
for b in build/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== $b"
	"$b"
done
