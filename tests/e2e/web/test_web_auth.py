"""Accounts, sessions, CSRF, API tokens and login rate limits."""
import re
import subprocess

import pytest

from e2e_helpers import BIN, Runner, base_env, count, sql_ok
from web_helpers import PASSWORD, Client


def test_login_sets_a_strict_httponly_cookie(web):
    c = web.client()
    page = c.get("/dang-nhap")
    assert page.status == 200 and '<html lang="vi">' in page.text
    pre = page.header("Set-Cookie")
    assert "asx_pre=" in pre and "HttpOnly" in pre and "SameSite=Strict" in pre
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": "clerk", "password": PASSWORD})
    assert r.status == 303 and r.header("Location") == "/quan-ly"
    cookie = [v for v in r.all("Set-Cookie") if v.startswith("asx_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP, no trusted proxy
    token = cookie.split(";")[0].split("=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 bits
    assert c.get("/quan-ly").status == 200


def test_session_token_is_stored_hashed(web):
    c = web.client()
    c.login("propaganda")
    token = c.cookies["asx_session"]
    dump = sql_ok(web.db, "SELECT hex(token_hash), csrf FROM web_session;")
    assert token not in dump
    import base64
    import hashlib
    h = hashlib.sha256(token.encode()).hexdigest().upper()
    assert h in dump
    raw = base64.urlsafe_b64decode(token + "=").hex().upper()
    assert raw not in dump


def test_secure_cookie_behind_trusted_proxy(server_at):
    site = server_at("--trusted-proxy", "127.0.0.1")
    c = site.client()
    page = c.get("/dang-nhap", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.header("Set-Cookie")
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": "clerk", "password": PASSWORD},
               headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    assert r.status == 303
    cookie = [v for v in r.all("Set-Cookie") if v.startswith("asx_session=")][0]
    assert "; Secure" in cookie
    assert r.header("Strict-Transport-Security")
    # the client's address from the proxy is what is logged
    assert "203.0.113.7" in site.server.wait_log(r"203\.0\.113\.7")


def test_forwarded_headers_ignored_without_trusted_proxy(web):
    c = web.client()
    page = c.get("/dang-nhap", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.9"})
    assert "Secure" not in page.header("Set-Cookie")
    c.get("/kiem-tra-forwarded", headers={"X-Forwarded-For": "198.51.100.9"})
    log = web.server.wait_log(r'"GET /kiem-tra-forwarded" 404')
    line = [x for x in log.splitlines() if "/kiem-tra-forwarded" in x][0]
    assert " 127.0.0.1 " in line and "198.51.100.9" not in log


@pytest.mark.parametrize("name,password", [("clerk", "sai-mat-khau"), ("khong-co-ai", PASSWORD),
                                           ("CLERK", PASSWORD)])
def test_wrong_login_401_and_no_session(fresh, name, password):
    c = fresh.client()
    r = c.login(name, password, expect=401)
    assert "không đúng" in r.text
    assert "asx_session" not in c.cookies
    assert c.get("/quan-ly").status == 303


def test_login_form_needs_its_csrf_token(web):
    c = web.client()
    c.get("/dang-nhap")
    r = c.post("/dang-nhap", form={"name": "clerk", "password": PASSWORD})
    assert r.status == 403 and "asx_session" not in c.cookies
    r = c.post("/dang-nhap", form={"csrf": "x" * 43, "name": "clerk", "password": PASSWORD})
    assert r.status == 403
    # a token from another browser's form does not work either
    other = web.client().get("/dang-nhap").csrf()
    r = c.post("/dang-nhap", form={"csrf": other, "name": "clerk", "password": PASSWORD})
    assert r.status == 403 and "asx_session" not in c.cookies


def test_missing_fields_422(web):
    c = web.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": "clerk"})
    assert r.status == 422


def test_next_page_after_login(web):
    c = web.client()
    r = c.get("/quan-ly/nha-hao-tam")
    assert r.status == 303 and r.header("Location") == "/dang-nhap?next=%2Fquan-ly%2Fnha-hao-tam"
    page = c.get(r.header("Location"))
    assert 'name="next" value="/quan-ly/nha-hao-tam"' in page.text
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": "clerk", "password": PASSWORD,
                                   "next": "/quan-ly/nha-hao-tam"})
    assert r.header("Location") == "/quan-ly/nha-hao-tam"


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example", "/quan-ly/../dang-nhap",
                                 "/quan-ly?x=<script>", "javascript:alert(1)"])
def test_next_cannot_leave_the_staff_pages(web, nxt):
    c = web.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": "clerk", "password": PASSWORD,
                                   "next": nxt})
    assert r.header("Location") == "/quan-ly"


def test_stale_csrf_token_403_and_nothing_stored(web):
    c = web.client()
    c.login("clerk")
    before = count(web.db, "donor")
    r = c.post("/quan-ly/nha-hao-tam/moi", form={"csrf": "stale" * 8, "name": "Người Không Lưu",
                                                 "kind": "individual", "unit": "TV-CL"})
    assert r.status == 403 and "Biểu mẫu đã cũ" in r.text
    r = c.post("/quan-ly/nha-hao-tam/moi", form={"name": "Người Không Lưu", "kind": "individual",
                                                 "unit": "TV-CL"})
    assert r.status == 403
    assert count(web.db, "donor") == before


def test_csrf_token_of_an_old_session_is_stale(web):
    c = web.client()
    c.login("clerk")
    old = c.csrf()
    c.post("/dang-xuat", form={"csrf": old})
    c.login("clerk")
    r = c.post("/dang-xuat", form={"csrf": old})
    assert r.status == 403
    assert c.get("/quan-ly").status == 200


def test_logout_ends_the_session(web):
    c = web.client()
    c.login("clerk")
    cookie = c.cookies["asx_session"]
    r = c.post("/dang-xuat", form={"csrf": c.csrf()})
    assert r.status == 303 and r.header("Location") == "/dang-nhap?ra=1"
    assert "asx_session" not in c.cookies
    # the old cookie, replayed, opens nothing
    thief = Client(web.port)
    thief.cookies["asx_session"] = cookie
    r = thief.get("/quan-ly")
    assert r.status == 303 and r.header("Location").startswith("/dang-nhap")
    assert "Max-Age=0" in (r.header("Set-Cookie") or "")
    assert "Bạn đã đăng xuất" in c.get("/dang-nhap?ra=1").text


def test_logout_needs_csrf(web):
    c = web.client()
    c.login("clerk")
    assert c.post("/dang-xuat", form={}).status == 403
    assert c.get("/quan-ly").status == 200


def test_password_change(fresh):
    c, other = fresh.client(), fresh.client()
    c.login("mobiliser")
    other.login("mobiliser")
    csrf = c.csrf()
    r = c.post("/quan-ly/mat-khau", form={"csrf": csrf, "current": "sai", "new": "mat-khau-moi-1",
                                          "confirm": "mat-khau-moi-1"})
    assert r.status == 422 and "không đúng" in r.text
    r = c.post("/quan-ly/mat-khau", form={"csrf": csrf, "current": PASSWORD, "new": "ngan",
                                          "confirm": "ngan"})
    assert r.status == 422
    r = c.post("/quan-ly/mat-khau", form={"csrf": csrf, "current": PASSWORD, "new": "mat-khau-moi-1",
                                          "confirm": "mat-khau-moi-2"})
    assert r.status == 422
    r = c.post("/quan-ly/mat-khau", form={"csrf": csrf, "current": PASSWORD, "new": "mật-khẩu-mới-1",
                                          "confirm": "mật-khẩu-mới-1"})
    assert r.status == 303
    assert "Đã đổi mật khẩu" in c.get(r.header("Location")).text
    # this browser has a new session, the other one's ended
    assert c.get("/quan-ly").status == 200
    assert other.get("/quan-ly").status == 303
    fresh.client().login("mobiliser", PASSWORD, expect=401)
    fresh.client().login("mobiliser", "mật-khẩu-mới-1")


def test_session_of_a_removed_user(web, web_template):
    run = Runner(web_template["dir"])
    pw = web_template["dir"] / "password"
    run.ok("user", "add", "tam-thoi", "--role", "clerk", "--password-file", pw, db=web.db)
    token = run.ok("token", "add", "--user", "tam-thoi", db=web.db).strip()
    c = web.client()
    c.login("tam-thoi")
    assert c.get("/quan-ly").status == 200
    api = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/staff/me", headers=api, cookies=False).status == 200
    run.ok("user", "remove", "tam-thoi", db=web.db)
    r = c.get("/quan-ly")
    assert r.status == 303 and r.header("Location").startswith("/dang-nhap")
    r = c.get("/api/staff/me")
    assert r.status == 401 and "error" in r.json()
    r = web.client().get("/api/staff/me", headers=api)
    assert r.status == 401
    web.client().login("tam-thoi", expect=401)
    # its name stays taken
    r = run("user", "add", "tam-thoi", "--role", "clerk", "--password-file", pw, db=web.db)
    assert r.rc == 1 and "exists already" in r.err


def test_session_of_a_user_deleted_behind_our_back(web, web_template):
    run = Runner(web_template["dir"])
    run.ok("user", "add", "xoa-tay", "--role", "inspector", "--password-file",
           web_template["dir"] / "password", db=web.db)
    c = web.client()
    c.login("xoa-tay")
    sql_ok(web.db, "PRAGMA foreign_keys=OFF; DELETE FROM web_user WHERE name = 'xoa-tay';")
    assert c.get("/quan-ly").status == 303
    assert c.get("/api/staff/me").status == 401


def test_api_token(web):
    for role in web.tokens:
        r = web.client().get("/api/staff/me", headers=web.api(role))
        assert r.status == 200, role
        me = r.json()
        assert me["role"] == role and me["via"] == "token"
    r = web.client().get("/api/staff/me", headers={"Authorization": "Bearer asx_" + "A" * 43})
    assert r.status == 401 and r.header("WWW-Authenticate") == "Bearer"
    for bad in ["Basic YWRtaW46eA==", "Bearer", "Bearer !!!", "bearer x y"]:
        assert web.client().get("/api/staff/me", headers={"Authorization": bad}).status == 401


def test_tokens_are_not_accepted_on_pages(web):
    r = web.client().get("/quan-ly", headers=web.api("admin"))
    assert r.status == 303


def test_token_revoke(web, web_template):
    run = Runner(web_template["dir"])
    token = run.ok("token", "add", "--user", "clerk", "--label", "thu hoi", db=web.db).strip()
    listed = run.ok("token", "list", "--format", "json", db=web.db)
    assert token not in listed
    tid = [t for t in __import__("json").loads(listed) if t["label"] == "thu hoi"][0]["id"]
    h = {"Authorization": f"Bearer {token}"}
    assert web.client().get("/api/staff/me", headers=h).status == 200
    run.ok("token", "revoke", str(tid), db=web.db)
    assert web.client().get("/api/staff/me", headers=h).status == 401
    r = run("token", "revoke", str(tid), db=web.db)
    assert r.rc == 1


def test_session_api_writes_need_the_csrf_header(web):
    c = web.client()
    c.login("clerk")
    body = {"name": "Qua Phiên", "kind": "individual", "unit": "TV-CL"}
    r = c.post("/api/staff/donors", json=body)
    assert r.status == 403 and "CSRF" in r.json()["error"]
    r = c.post("/api/staff/donors", json=body, headers={"X-CSRF-Token": c.csrf()})
    assert r.status == 201


def test_rate_limit_per_account(fresh):
    c = fresh.client()
    for _ in range(5):
        c.login("clerk", "sai-mat-khau", expect=401)
    r = c.login("clerk", PASSWORD, expect=429)
    assert int(r.header("Retry-After")) > 0
    assert "quá nhiều lần" in r.text
    # another account from the same address still may log in
    fresh.client().login("admin")


def test_rate_limit_per_address(fresh):
    c = fresh.client()
    for i in range(20):
        c.login(f"nguoi-la-{i}", "sai-mat-khau", expect=401)
    r = c.login("admin", PASSWORD, expect=429)
    assert r.header("Retry-After")


def test_password_hash_is_argon2id_interactive(web):
    out = sql_ok(web.db, "SELECT pw_hash FROM web_user WHERE name = 'admin';").strip()
    assert out.startswith("$argon2id$v=19$m=65536,t=2,p=1$"), out
    assert PASSWORD not in sql_ok(web.db, "SELECT * FROM web_user;")


def test_user_add_validation(run, fresh_copy, tmp):
    pw = tmp / "pw"
    pw.write_text(PASSWORD + "\n")
    db = fresh_copy
    cases = [
        (["user", "add", "x", "--role", "unit_officer", "--password-file", pw], 2, "--unit"),
        (["user", "add", "x", "--role", "clerk", "--unit", "TV-CL", "--password-file", pw], 2, "--unit"),
        (["user", "add", "x", "--role", "boss", "--password-file", pw], 2, "--role"),
        (["user", "add", "Hoa", "--role", "clerk", "--password-file", pw], 2, "user name"),
        (["user", "add", "x", "--role", "unit_officer", "--unit", "NOPE", "--password-file", pw], 1, "NOPE"),
        (["user", "add", "x", "--role", "clerk", "--password-file", tmp / "none"], 1, "password-file"),
        (["user", "add", "x", "--role", "clerk"], 1, "password"),
        (["user", "add", "--role", "clerk"], 2, "usage"),
    ]
    for args, rc, word in cases:
        r = run(*args, db=db, input="")
        assert r.rc == rc, (args, r)
        assert word in r.err, (args, r.err)
        assert r.err.count("\n") == 1
    short = tmp / "short"
    short.write_text("ngan\n")
    r = run("user", "add", "x", "--role", "clerk", "--password-file", short, db=db)
    assert r.rc == 1 and "at least 8" in r.err
    assert "x" not in run.ok("user", "list", "--format", "csv", db=db).split()


def test_user_add_reads_password_from_stdin(run, fresh_copy):
    run.ok("user", "add", "tu-ban-phim", "--role", "inspector", db=fresh_copy,
           input="mat khau go tay\n")
    out = run.ok("user", "list", "--format", "json", db=fresh_copy)
    assert '"tu-ban-phim"' in out and "mat khau" not in out


def test_user_passwd_cli_ends_sessions(fresh, web_template, tmp):
    c = fresh.client()
    c.login("inspector")
    new = tmp / "new"
    new.write_text("mot-mat-khau-khac\n")
    p = subprocess.run([BIN, "--db", str(fresh.db), "user", "passwd", "inspector", "--password-file",
                        str(new)], capture_output=True, env=base_env())
    assert p.returncode == 0, p.stderr
    assert c.get("/quan-ly").status == 303
    fresh.client().login("inspector", "mot-mat-khau-khac")


def test_audit_trail_records_accounts_and_logins(web):
    web.client().login("fund_manager")
    out = sql_ok(web.db, "SELECT action || ' ' || object FROM audit_event WHERE action IN "
                 "('user.add','token.add','login');")
    assert "user.add user:fund_manager" in out
    assert "login user:fund_manager" in out
    assert "token.add" in out


def test_user_role_cli_moves_an_account_and_ends_its_sessions(fresh):
    c = fresh.client()
    c.login("clerk")
    assert c.get("/quan-ly/dong-gop/moi").status == 200
    bad = subprocess.run([BIN, "--db", str(fresh.db), "user", "role", "clerk", "boss"],
                         capture_output=True, text=True, env=base_env())
    assert bad.returncode == 2 and "'boss' is not one of" in bad.stderr
    no_unit = subprocess.run([BIN, "--db", str(fresh.db), "user", "role", "clerk", "unit_officer"],
                             capture_output=True, text=True, env=base_env())
    assert no_unit.returncode != 0 and "unit" in no_unit.stderr
    p = subprocess.run([BIN, "--db", str(fresh.db), "user", "role", "clerk", "inspector"],
                       capture_output=True, text=True, env=base_env())
    assert p.returncode == 0, p.stderr
    assert "clerk is now inspector" in p.stdout
    assert c.get("/quan-ly").status == 303  # the old session is gone
    c = fresh.client()
    c.login("clerk")
    assert c.get("/quan-ly/dong-gop/moi").status == 403  # an inspector does not record money
    out = sql_ok(fresh.db, "SELECT action || ' ' || object || ' ' || detail FROM audit_event "
                 "WHERE action = 'user.role';")
    assert "user.role user:clerk inspector" in out
