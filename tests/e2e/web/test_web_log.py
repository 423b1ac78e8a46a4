"""The transparency log over HTTP (C2SP tlog-tiles under /log/), the donors'
/verify page with its JSON proof, and `ansinh log watch` against live
servers: the served bytes are those of `ansinh log export`, bad paths are
400 and tiles past the tree 404, a code is found / not found / malformed,
the proof checks with Python's hashlib, and a fork between two servers under
the same key makes the witness fail loudly."""
import base64
import hashlib
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from e2e_helpers import Runner, copy_db, one_line, sql_ok
from web_helpers import Server

FULL = "public, max-age=31536000, immutable"


def node(a, b):
    return hashlib.sha256(b"\x01" + a + b).digest()


def root_from_path(leaf, index, size, path):
    """RFC 9162 2.1.3.2: the root an inclusion proof leads to."""
    r = hashlib.sha256(b"\x00" + leaf).digest()
    fn, sn = index, size - 1
    for p in path:
        assert sn > 0, "path too long"
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    assert sn == 0, "path too short"
    return r


def checkpoint_of(text):
    lines = text.split("\n")
    return lines[0], int(lines[1]), base64.b64decode(lines[2])


@pytest.fixture
def site(fresh, tmp):
    fresh.run = Runner(tmp)
    fresh.run.db = fresh.db
    return fresh


def code_of(site, donor_id):
    receipt = sql_ok(site.db, f"SELECT receipt_no FROM contribution WHERE donor_id = {donor_id} "
                              "ORDER BY id DESC LIMIT 1;").strip()
    return receipt, site.run.ok("log", "code", receipt).strip()


def test_served_bytes_are_the_exported_tree(site, tmp):
    c = site.client()
    r = c.get("/log/checkpoint")
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Cache-Control") == "public, max-age=5"
    origin, size, root = checkpoint_of(r.text)
    assert size > 2000
    out = tmp / "export"
    site.run.ok("log", "export", out)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) >= 18
    assert any(".p/" in str(p) for p in files) and any("entries" in str(p) for p in files)
    for p in files:
        rel = p.relative_to(out).as_posix()
        r = c.get("/log/" + rel)
        assert r.status == 200, (rel, r)
        assert r.body == p.read_bytes(), rel
        if rel == "checkpoint":
            continue
        assert r.header("Content-Type") == "application/octet-stream", rel
        assert r.header("Cache-Control") == ("public, max-age=60" if ".p/" in rel else FULL), rel
    # the tiles hash to the checkpoint's root: level 0 is the leaf hashes
    leaves = c.get("/log/tile/0/000").body
    assert len(leaves) == 256 * 32
    bundle = c.get("/log/tile/entries/000").body
    n = int.from_bytes(bundle[:2], "big")
    assert hashlib.sha256(b"\x00" + bundle[2:2 + n]).digest() == leaves[:32]
    assert bundle[2:2 + n].startswith(b"ansinh-entry/1\nid 1\n")


@pytest.mark.parametrize("path,status", [
    ("tile/0/1", 400), ("tile/0/0001", 400), ("tile/9/000", 404), ("tile/0/000.p/0", 400),
    ("tile/0/000.p/256", 400), ("tile/0/000.p/", 400), ("tile/entries/abc", 400),
    ("tile/0/x000/001", 400), ("tile/0/001/", 400), ("tile//000", 400), ("tile/-1/000", 400),
    ("checkpoint/", 400), ("tile", 400), ("nothing", 400), ("tile/0/x999/999", 404),
    ("tile/entries/x001/000", 404), ("tile/3/000", 404), ("tile/1/001.p/3", 404),
])
def test_bad_paths(web, path, status):
    r = web.client().get("/log/" + path)
    assert r.status == status, (path, r)
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Cache-Control") == "no-store"
    assert r.text.endswith("\n") and r.text.count("\n") == 1 and len(r.text) > 10


def test_log_root_and_post(web):
    c = web.client()
    assert c.get("/log/").status == 404  # {*} takes at least one character
    assert c.post("/log/checkpoint", form={}).status in (403, 405)


def test_checkpoint_covers_a_contribution_just_recorded(site):
    c = site.client()
    _, size, _ = checkpoint_of(c.get("/log/checkpoint").text)
    for amount in ("100.000", "200.000"):  # the second within the same second
        site.run.ok("contribution", "add", "--donor", site.ids["duc"], "--amount", amount,
                    "--channel", "cash", "--date", "20/09/2019")
    _, size2, root = checkpoint_of(c.get("/log/checkpoint").text)
    assert size2 == size + 2
    assert site.run.ok("log", "checkpoint").split("\n")[1] == str(size2)


def test_verify_found(site):
    receipt, code = code_of(site, site.ids["duc"])
    for path in ("/verify", "/xac-minh"):
        r = site.client().get(path + "?code=" + urllib.parse.quote(code))
        assert r.status == 200, r
        t = r.text
        assert "Đã được ghi nhận" in t and "notice-ok" in t
        assert receipt in t and "2.000.000" in t and "17/09/2019" in t
        assert "Đỗ Minh Đức" in t  # a public name
        assert "máy chủ kiểm tra" in t
        assert re.search(r'<script src="/static/verify\.js\?v=[0-9a-f]+" defer>', t)
        assert "<script>" not in t and "/static/verify.css?v=" in t
    # lower case, as a donor may type it
    assert site.client().get("/verify?code=" + code.lower()).status == 200


@pytest.mark.parametrize("who,name", [("hidden", "Trần Bí Mật"), ("named", "Lê Công Khai")])
def test_verify_never_names_an_anonymous_donor(site, who, name):
    receipt, code = code_of(site, site.ids[who])
    r = site.client().get("/verify?code=" + code)
    assert r.status == 200 and receipt in r.text and "Nhà hảo tâm ẩn danh" in r.text
    assert name not in r.text
    j = site.client().get("/api/public/proof?code=" + code).json()
    assert j["entry"]["donor"] is None and name not in str(j)


def test_verify_not_found_and_malformed(site):
    receipt, code = code_of(site, site.ids["duc"])
    wrong_salt = code[:-2] + ("AA" if not code.endswith("AA") else "QA")
    unknown = "TV1999-000001" + code[code.index("."):]
    for bad in (wrong_salt, unknown):
        r = site.client().get("/verify?code=" + bad)
        assert r.status == 404, r
        assert "Không tìm thấy" in r.text and "notice-error" in r.text
        assert site.client().get("/api/public/proof?code=" + bad).status == 404
    for bad in ("abc", code.split(".")[0], "." + code.split(".")[1], code + "A", code[:-1] + "1",
                "x" * 300, "<script>.ABC", receipt + ".!" * 26):
        r = site.client().get("/verify?code=" + urllib.parse.quote(bad))
        assert r.status == 400, (bad, r)
        assert "Mã không đúng dạng" in r.text and "<script>." not in r.text
        assert site.client().get("/api/public/proof?code=" + urllib.parse.quote(bad)).status == 400
    # the form alone
    r = site.client().get("/verify")
    assert r.status == 200 and 'name="code"' in r.text and "notice" not in r.text
    assert site.client().get("/api/public/proof").status == 400


def test_proof_api_checks_with_hashlib(site):
    receipt, code = code_of(site, site.ids["duc"])
    c = site.client()
    j = c.get("/api/public/proof?code=" + code).json()
    origin, size, root = checkpoint_of(c.get("/log/checkpoint").text)
    assert j["size"] == size and j["checkpoint"] == c.get("/log/checkpoint").text
    leaf = base64.b64decode(j["leaf_data"])
    assert f"\nreceipt {receipt}\n".encode() in leaf
    path = [base64.b64decode(h) for h in j["proof"]]
    assert root_from_path(leaf, j["leaf"], j["size"], path) == root
    assert j["entry"] == {"amount": 2000000, "date": "2019-09-17", "receipt": receipt,
                          "campaign": j["entry"]["campaign"], "unit": "TV-CL",
                          "unit_name": j["entry"]["unit_name"], "donor": "Đỗ Minh Đức"}
    # a spoilt path does not lead to the root
    path[0] = bytes(32)
    assert root_from_path(leaf, j["leaf"], j["size"], path) != root
    # against an older checkpoint, by its size
    site.run.ok("contribution", "add", "--donor", site.ids["duc"], "--amount", "1.000",
                "--channel", "cash", "--date", "20/09/2019")
    _, size2, root2 = checkpoint_of(c.get("/log/checkpoint").text)
    assert size2 == size + 1
    new = c.get("/api/public/proof?code=" + code).json()
    assert new["size"] == size2
    assert root_from_path(leaf, new["leaf"], size2, [base64.b64decode(h) for h in new["proof"]]) == root2
    old = c.get(f"/api/public/proof?code={code}&size={size}").json()
    assert old["size"] == size and old["proof"] == j["proof"]
    assert c.get(f"/api/public/proof?code={code}&size={size + 7}").status == 404
    assert c.get(f"/api/public/proof?code={code}&size=x").status == 400


def test_watch_live_server_and_fork(web_template, tmp):
    """Two servers over copies of one database (same key) that then record
    different contributions: a witness that has seen one calls the other a
    fork, and fails."""
    run = Runner(tmp)
    servers = []
    try:
        for name, amount in (("a", "1.000.000"), ("b", "9.000.000")):
            db = copy_db(web_template["db"], tmp / f"{name}.db")
            servers.append((Server(db, tmp / f"{name}.log"), db, amount))
        vkey = run.ok("log", "key", db=servers[0][1]).strip()
        assert vkey == run.ok("log", "key", db=servers[1][1]).strip()
        state = tmp / "seen"
        urls = [f"http://127.0.0.1:{s.port}/log" for s, _, _ in servers]
        out = run.ok("log", "watch", urls[0], "--key", vkey, "--state", state, db=None)
        assert "first" in out or "checkpoint" in out, out
        # both grow by one entry, each its own
        for s, db, amount in servers:
            run.ok("contribution", "add", "--donor", web_template["ids"]["duc"], "--amount",
                   amount, "--channel", "cash", "--date", "21/09/2019", db=db)
        run.ok("log", "watch", urls[0], "--key", vkey, "--state", state, db=None)
        seen = state.read_text()
        rc, out, err = run("log", "watch", urls[1], "--key", vkey, "--state", state, db=None)
        assert rc == 1, (rc, out, err)
        assert one_line(err) and "fork" in err.lower(), err
        assert state.read_text() == seen
        # and the same-size fork seen the other way round
        state2 = tmp / "seen2"
        run.ok("log", "watch", urls[1], "--key", vkey, "--state", state2, db=None)
        rc, out, err = run("log", "watch", urls[0], "--key", vkey, "--state", state2, db=None)
        assert rc == 1 and "fork" in err.lower(), err
    finally:
        for s, _, _ in servers:
            s.stop()
