#!/bin/sh
# Installs the Debian packages ansinh needs to build and test, when they are
# missing.  As root it runs apt-get; otherwise it prints the exact command.
set -e
PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libutf8proc-dev libicu-dev
libcmocka-dev libsodium-dev libssl-dev libcjson-dev libmicrohttpd-dev python3-pytest time
golang-go golang-golang-x-mod-dev
libcairo2-dev libpango1.0-dev fonts-liberation2 libxlsxwriter-dev libqrencode-dev libzip-dev libexpat1-dev zlib1g-dev libfreetype-dev
zbar-tools poppler-utils python3-openpyxl python3-selenium chromium chromium-driver
libreoffice-calc-nogui python3-pil"
# `install-deps.sh bench` adds what the benchmarks compare against.
if [ "$1" = bench ]; then
	PKGS="$PKGS wrk nginx-light libreoffice-writer-nogui"
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || apt-get update
	apt-get install -y -qq $missing
else
	echo "ansinh needs these Debian packages:$missing" >&2
	echo "run: sudo apt-get install -y$missing" >&2
	exit 1
fi
