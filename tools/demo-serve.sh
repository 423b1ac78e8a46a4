#!/bin/sh
# make demo: a fresh demo.db (the Trà Vinh 2019 campaign), one account per
# role with a known password, then the web server on http://127.0.0.1:8080
# in the foreground (Ctrl-C stops it cleanly).
#
# DEMO ONLY: these passwords are printed on the terminal and written in
# this file; never use them on a real database.
set -eu
BIN=${ANSINH_BIN:-build/ansinh}
DB=${DEMO_DB:-demo.db}
LISTEN=${DEMO_LISTEN:-127.0.0.1:8080}

rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" demo
"$BIN" --db "$DB" report progress | head -n 12
pwfile=$(mktemp)
trap 'rm -f "$pwfile"' EXIT INT TERM
echo
echo "Demo accounts (DEMO ONLY — known passwords, do not use on real data):"
for role in admin mobiliser clerk propaganda unit_officer fund_manager inspector; do
	pw="demo-$role-2019"
	printf '%s\n' "$pw" > "$pwfile"
	if [ "$role" = unit_officer ]; then
		"$BIN" --db "$DB" user add "$role" --role "$role" --unit TV-CL --password-file "$pwfile" > /dev/null
		printf '  %-14s %-22s (Huyện Càng Long)\n' "$role" "$pw"
	else
		"$BIN" --db "$DB" user add "$role" --role "$role" --password-file "$pwfile" > /dev/null
		printf '  %-14s %s\n' "$role" "$pw"
	fi
done
rm -f "$pwfile"
echo
echo "Portal: http://$LISTEN/    Staff: http://$LISTEN/dang-nhap    Ctrl-C stops the server."
exec "$BIN" --db "$DB" serve --listen "$LISTEN"
