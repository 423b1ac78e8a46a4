#!/bin/sh
# The transparency log against Go's reference code (golang.org/x/mod/sumdb
# note and tlog), offline: builds a log with the real binary (init, a demo,
# then a reversal and a contribution so there are several checkpoints),
# exports it before and after growing it, prints proofs with the CLI, and
# runs tests/interop/checklog.go over the export.  Exit 0 when Go agrees
# with everything; otherwise it says what failed.
#
#   sh tests/interop/run.sh            (ANSINH_BIN picks the binary)
#   INTEROP_CONTRIBUTIONS=70000 ...    (past 65,536 leaves: full level-1 tile)
#
# Needs the Debian packages golang-go and golang-golang-x-mod-dev; Go builds
# in GOPATH mode from /usr/share/gocode, with no network and no module proxy.
set -eu
cd "$(dirname "$0")/../.."
BIN=${ANSINH_BIN:-$PWD/build/ansinh}
N=${INTEROP_CONTRIBUTIONS:-3000}
GOSRC=/usr/share/gocode

if ! command -v go >/dev/null 2>&1 || [ ! -d "$GOSRC/src/golang.org/x/mod/sumdb/tlog" ]; then
	echo "interop: FAILED: needs Go and golang.org/x/mod (apt-get install -y golang-go golang-golang-x-mod-dev)" >&2
	exit 1
fi
if [ ! -x "$BIN" ]; then
	echo "interop: FAILED: no ansinh binary at $BIN (run make)" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-interop.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail() {
	echo "interop: FAILED: $*" >&2
	exit 1
}

# Go from the Debian source tree only: GOPATH mode, no proxy, no downloads.
export GO111MODULE=off GOPATH="$GOSRC" GOPROXY=off GOFLAGS= GOCACHE="$T/gocache"
go build -o "$T/checklog" tests/interop/checklog.go || fail "cannot build tests/interop/checklog.go"

DB="$T/log.db"
A() { ANSINH_NOW=2019-12-01T03:00:00Z ANSINH_USER=interop "$BIN" --db "$DB" "$@"; }
A init --log-origin interop.ansinh.test/travinh >/dev/null || fail "ansinh init"
A demo --donors 500 --contributions "$N" >/dev/null || fail "ansinh demo"
VKEY=$(A log key) || fail "ansinh log key"
SKEY=$(A log key export) || fail "ansinh log key export"
A log export "$T/v1" >/dev/null || fail "ansinh log export (first)"
A log prove --entry 17 >"$T/inclusion" || fail "ansinh log prove"
A log consistency --from 100 >"$T/consistency" || fail "ansinh log consistency"

# Grow the log: a reversal and a contribution, each with its checkpoint.
A contribution reverse 10 --reason "kiểm tra liên thông" >/dev/null || fail "contribution reverse"
A contribution add --donor 1 --amount 250000 --channel cash --campaign TV2019 --date 2019-10-02 \
	>/dev/null || fail "contribution add"
A log export "$T/v2" >/dev/null || fail "ansinh log export (second)"
A log prove --leaf 0 >"$T/inclusion2" || fail "ansinh log prove --leaf 0"
A verify >/dev/null || fail "ansinh verify"

"$T/checklog" -dir "$T/v2" -key "$VKEY" -skey "$SKEY" -old "$T/v1/checkpoint" \
	-proof "$T/inclusion" -proof "$T/consistency" -proof "$T/inclusion2" ||
	fail "Go's sumdb/note and sumdb/tlog disagree with the exported log (above)"
"$T/checklog" -dir "$T/v1" -key "$VKEY" >/dev/null || fail "the first export (above)"

# The same log served by `ansinh serve` (C2SP tlog-tiles under /log/), read
# over HTTP by Go (a tlog.TileReader over HTTP), with the same checks.
A serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$T"' EXIT INT TERM
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
[ -n "$PORT" ] || fail "ansinh serve did not start: $(cat "$T/serve.err")"
"$T/checklog" -dir "http://127.0.0.1:$PORT/log" -key "$VKEY" -skey "$SKEY" -old "$T/v1/checkpoint" \
	-proof "$T/inclusion" -proof "$T/consistency" || fail "Go over HTTP: the served log (above)"
kill $SERVER
wait $SERVER 2>/dev/null || true

# The checker must notice a changed entry (one amount's digit) and a wrong key.
cp -R "$T/v2" "$T/bad"
sed -i '0,/amount 1/s//amount 2/' "$T/bad/tile/entries/000"
if "$T/checklog" -dir "$T/bad" -key "$VKEY" >/dev/null 2>&1; then
	fail "checklog accepted an export whose entry was changed"
fi
OTHER=$(ANSINH_NOW=2019-12-01T03:00:00Z "$BIN" --db "$T/other.db" init --log-origin interop.ansinh.test/travinh |
	sed -n 's/.*verifier key //p')
if "$T/checklog" -dir "$T/v2" -key "$OTHER" >/dev/null 2>&1; then
	fail "checklog accepted the checkpoint under another key"
fi
echo "interop: ok"
