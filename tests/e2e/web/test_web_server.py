"""The server itself: listening, the access log, security headers, limits,
bad requests, static assets, and a graceful shutdown."""
import re
import signal
import socket
import subprocess
import threading
import time

import pytest

from e2e_helpers import BIN, base_env, sql_ok
from web_helpers import raw_request, status_of

CSP_PARTS = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"]


def check_security_headers(r):
    csp = r.header("Content-Security-Policy")
    assert csp, r
    for part in CSP_PARTS:
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Referrer-Policy") == "same-origin"
    assert r.header("X-Frame-Options") == "DENY"


@pytest.mark.parametrize("path", ["/", "/dong-gop", "/bao-chi", "/dang-nhap", "/nope", "/api/nope",
                                  "/api/public/summary", "/static/style.css", "/quan-ly"])
def test_security_headers_everywhere(web, path):
    check_security_headers(web.client().get(path))


def test_access_log_line_per_request(web):
    c = web.client()
    c.get("/bao-chi?q=bi-mat")
    c.get("/khong-co-trang-nay")
    log = web.server.wait_log(r'"GET /khong-co-trang-nay" 404 ')
    assert re.search(r'^\S+Z 127\.0\.0\.1 - "GET /bao-chi" 200 \d+ [\d.]+ms$', log, re.M), log[-500:]
    assert re.search(r'"GET /khong-co-trang-nay" 404 ', log)
    # the query string (what people searched for) is not logged
    assert "bi-mat" not in log


def test_access_log_names_the_user(web):
    c = web.client()
    c.login("inspector")
    c.get("/quan-ly")
    assert re.search(r' inspector "GET /quan-ly" 200 ',
                     web.server.wait_log(r' inspector "GET /quan-ly" 200 '))


def test_unknown_page_is_vietnamese_404(web):
    r = web.client().get("/khong-co")
    assert r.status == 404
    assert '<html lang="vi">' in r.text
    assert "Không có trang này" in r.text
    assert r.header("Content-Type").startswith("text/html; charset=utf-8")


def test_unknown_api_is_json_404(web):
    r = web.client().get("/api/public/nope")
    assert r.status == 404
    assert r.header("Content-Type").startswith("application/json")
    assert set(r.json()) == {"error"}


def test_wrong_method_405_with_allow(web):
    c = web.client()
    r = c.request("DELETE", "/dong-gop")
    assert r.status == 405
    assert r.header("Allow") == "GET, HEAD"
    r = c.get("/dang-xuat")
    assert r.status == 405 and r.header("Allow") == "POST"
    r = c.request("PUT", "/dang-nhap")
    assert r.status == 405 and "POST" in r.header("Allow") and "GET" in r.header("Allow")
    r = c.request("PATCH", "/api/staff/donors")
    assert r.status == 405 and r.header("Content-Type").startswith("application/json")


def test_head_has_no_body(web):
    r = web.client().request("HEAD", "/")
    assert r.status == 200 and r.body == b""


def test_declared_oversize_body_413_before_reading(web):
    c = web.client()
    r = c.post("/dang-nhap", body=b"x" * (64 * 1024 + 1),
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 413
    assert "lớn hơn" in r.text
    r = c.post("/api/staff/donors", body=b"{" + b" " * (64 * 1024) + b"}",
               headers={"Content-Type": "application/json", **web.api("admin")})
    assert r.status == 413 and "error" in r.json()


def test_chunked_oversize_body_413(web):
    chunk = b"a=" + b"x" * 8190
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(10)) + b"0\r\n\r\n"
    raw = raw_request(web.port, b"POST /dang-nhap HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n" + body)
    assert status_of(raw) == 413


def test_huge_headers_refused_by_the_server(web):
    raw = raw_request(web.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " +
                      b"y" * 40000 + b"\r\n\r\n")
    assert status_of(raw) in (413, 414, 431)


@pytest.mark.parametrize("ctype", [None, "text/plain", "application/json", "multipart/form-data; boundary=x"])
def test_form_route_refuses_other_content_types(web, ctype):
    c = web.client()
    headers = {"Content-Type": ctype} if ctype else {}
    r = c.post("/dang-nhap", body=b"name=a&password=b", headers=headers)
    assert r.status == 415


def test_api_refuses_form_bodies(web):
    r = web.client().post("/api/staff/donors", form={"name": "A"}, headers=web.api("admin"))
    assert r.status == 415 and "application/json" in r.json()["error"]


@pytest.mark.parametrize("query", ["q=%FF", "q=%C3", "q=abc%ED%A0%80", "%FF=1"])
def test_invalid_utf8_in_query_400(web, query):
    for path in ["/dong-gop", "/api/public/contributions"]:
        r = web.client().get(f"{path}?{query}")
        assert r.status == 400, (path, query, r)
        if path.startswith("/api/"):
            assert "UTF-8" in r.json()["error"]
        else:
            assert "UTF-8" in r.text


def test_invalid_utf8_in_path_400(web):
    raw = raw_request(web.port, b"GET /don-vi/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(raw) in (400, 404)


def test_invalid_utf8_in_form_400(web):
    c = web.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", body=b"csrf=" + page.csrf().encode() + b"&name=%FF%FE&password=x",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400 and "UTF-8" in r.text


def test_malformed_form_encoding_400(web):
    c = web.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", body=b"csrf=" + page.csrf().encode() + b"&name=%G1&password=%",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400


def test_too_many_fields_400(web):
    c = web.client()
    page = c.get("/dang-nhap")
    body = "&".join(f"f{i}=1" for i in range(200)) + "&csrf=" + page.csrf()
    r = c.post("/dang-nhap", body=body.encode(),
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400


@pytest.mark.parametrize("body", [b"{", b"[1,2]", b'"x"', b'{"name": {"a": 1}}', b'{"amount": 1.5}',
                                  b'{"name": "\xff"}', b"\x00{}"])
def test_bad_json_400(web, body):
    r = web.client().post("/api/staff/donors", body=body,
                          headers={"Content-Type": "application/json", **web.api("admin")})
    assert r.status == 400, r
    assert "error" in r.json()


def test_static_assets_embedded_with_cache_headers(web):
    c = web.client()
    home = c.get("/").text
    m = re.search(r'href="(/static/style\.css\?v=([0-9a-f]{16}))"', home)
    assert m, home[:800]
    r = c.get(m.group(1))
    assert r.status == 200
    assert r.header("Content-Type") == "text/css; charset=utf-8"
    assert "immutable" in r.header("Cache-Control") and "max-age=31536000" in r.header("Cache-Control")
    etag = r.header("ETag")
    assert etag == f'"{m.group(2)}"'
    assert b"progress" in r.body
    r2 = c.get("/static/style.css", headers={"If-None-Match": etag})
    assert r2.status == 304 and r2.body == b""
    r3 = c.get("/static/style.css")
    assert r3.status == 200 and "max-age=300" in r3.header("Cache-Control")
    js = re.search(r'src="(/static/app\.js\?v=[0-9a-f]{16})"', home).group(1)
    r4 = c.get(js)
    assert r4.status == 200 and r4.header("Content-Type").startswith("text/javascript")
    assert c.get("/static/nope.css").status == 404


def test_staff_pages_are_not_cached(web):
    c = web.client()
    c.login("clerk")
    assert c.get("/quan-ly").header("Cache-Control") == "no-store"
    assert c.get("/dang-nhap").header("Cache-Control") == "no-store"


def test_sigterm_stops_cleanly(fresh):
    c = fresh.client()
    assert c.get("/").status == 200
    rc = fresh.server.stop(signal.SIGTERM)
    assert rc == 0
    log = fresh.server.log_text()
    assert "SIGTERM" in log and "ansinh serve: stopped" in log
    # the database is closed cleanly: no WAL left behind, books consistent
    assert not (fresh.db.parent / (fresh.db.name + "-wal")).exists() or \
        (fresh.db.parent / (fresh.db.name + "-wal")).stat().st_size == 0
    p = subprocess.run([BIN, "--db", str(fresh.db), "verify"], capture_output=True, env=base_env())
    assert p.returncode == 0, p.stderr


def test_sigint_stops_cleanly(fresh):
    assert fresh.server.stop(signal.SIGINT) == 0
    assert "SIGINT" in fresh.server.log_text()


def test_request_in_flight_finishes_after_sigterm(fresh):
    """A request whose body is still arriving when SIGTERM comes is answered
    before the server exits."""
    s = socket.create_connection(("127.0.0.1", fresh.port), timeout=30)
    body = b"name=a&password=bcdefgh&csrf=x"
    s.sendall(b"POST /dang-nhap HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
    time.sleep(0.5)
    fresh.server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert fresh.server.proc.poll() is None, "exited with a request in flight"
    s.sendall(body[10:])
    out = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    assert status_of(out) == 403  # answered (the CSRF token was wrong)
    assert fresh.server.stop() == 0


def test_new_connections_refused_after_sigterm(fresh):
    s = socket.create_connection(("127.0.0.1", fresh.port), timeout=30)
    s.sendall(b"POST /dang-nhap HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    time.sleep(0.3)
    fresh.server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", fresh.port), timeout=2)
    s.close()
    assert fresh.server.stop() == 0


def test_bad_listen_address_is_usage_error(tmp, web_template):
    for listen in ["nope", "127.0.0.1:99999", "127.0.0.1:x", "[::1:80"]:
        p = subprocess.run([BIN, "--db", str(web_template["db"]), "serve", "--listen", listen],
                           capture_output=True, env=base_env(), timeout=30)
        assert p.returncode == 2, (listen, p.stderr)
        # the last line: the server may log its portal figures before it listens
        assert p.stderr.decode().splitlines()[-1].startswith("ansinh serve: --listen")


def test_port_in_use_is_failure(web, web_template):
    p = subprocess.run([BIN, "--db", str(web_template["db"]), "serve", "--listen",
                        f"127.0.0.1:{web.port}"], capture_output=True, env=base_env(), timeout=30)
    assert p.returncode == 1
    assert "cannot listen" in p.stderr.decode()


def test_serve_refuses_missing_database(tmp):
    p = subprocess.run([BIN, "--db", str(tmp / "none.db"), "serve"], capture_output=True,
                       env=base_env(), timeout=30)
    assert p.returncode == 1 and b"no database" in p.stderr


def test_concurrent_requests(web):
    errors = []

    def worker():
        c = web.client()
        for _ in range(10):
            r = c.get("/api/public/contributions?q=nguyen&per_page=5")
            if r.status != 200:
                errors.append(r.status)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_migration_0003_applied(web):
    out = sql_ok(web.db, "SELECT name FROM schema_migration ORDER BY version;")
    assert "0003_web.sql" in out
