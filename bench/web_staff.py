#!/usr/bin/python3
"""Staff pages at scale (issue #4): the time of one request to each staff
list and the dashboard, as an administrator (whole province) and as a unit
officer (one district), over a database of ROWS generated contributions
(bench/web.sh builds it), against the public portal's home page in the same
run (the baseline the portal's own work made fast).  Median of N requests.
    Usage: bench/web_staff.py [DB] [N]      (default bench/out/web-1000000.db, 15)"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("ANSINH_BIN", str(Path(os.environ.get("ANSINH_BIN", "build/ansinh")).resolve()))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests/e2e/web"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests/e2e"))
from web_helpers import PASSWORD, Server  # noqa: E402

DB = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/web-1000000.db")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 15
BIN = os.environ["ANSINH_BIN"]
PAGES = ["/quan-ly", "/quan-ly/dong-gop", "/quan-ly/dong-gop?page=150",
         "/quan-ly/dong-gop?q=nguyen", "/quan-ly/nha-hao-tam", "/quan-ly/nha-hao-tam?page=20"]


def ms(client, path):
    times = []
    for _ in range(N):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, (path, r)
    return statistics.median(times)


def main():
    pw = DB.parent / "bench-password"
    pw.write_text(PASSWORD + "\n")
    for name, extra in (("bench-admin", ["--role", "admin"]),
                        ("bench-officer", ["--role", "unit_officer", "--unit", "TV-CL"])):
        subprocess.run([BIN, "--db", str(DB), "user", "add", name, *extra, "--password-file",
                        str(pw)], capture_output=True)  # once; "already exists" later
    server = Server(DB, DB.parent / "web-staff.log")
    try:
        public = server.client()
        base = ms(public, "/")
        print(f"baseline: portal home page {base:.1f} ms (median of {N})")
        print(f"{'page':40} {'admin ms':>9} {'ratio':>6} {'officer ms':>11} {'ratio':>6}")
        clients = []
        for who in ("bench-admin", "bench-officer"):
            c = server.client()
            c.login(who)
            clients.append(c)
        for p in PAGES:
            a, o = ms(clients[0], p), ms(clients[1], p)
            print(f"{p:40} {a:9.1f} {a / base:6.1f} {o:11.1f} {o / base:6.1f}")
    finally:
        server.stop()


main()
