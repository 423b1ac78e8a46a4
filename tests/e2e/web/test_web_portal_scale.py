"""The portal at scale (issue #4 phase 2): its figures live in memory and
follow the journal, its answers are kept until the next write, deep pages go
by keyset.  Each test checks the server's figures against the database
itself (counted here with sqlite3) and against a server that has just read
everything afresh."""
import json
import re
import sqlite3
import subprocess
import urllib.parse

import pytest

from e2e_helpers import BIN, base_env, copy_db
from web_helpers import Server

QUERIES = ["", "duc", "Đức", "nguyen", "nguyen van", "tran thi", "le", "TV2019-000007",
           "tv2019-000010", "Trần Bí Mật", "khai", "zzzz"]


def cli(db, *args):
    p = subprocess.run([BIN, "--db", str(db), *map(str, args)], capture_output=True,
                       env=base_env(), text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout


def api(site, q="", **kw):
    args = {"q": q, **kw} if q else kw
    path = "/api/public/contributions" + ("?" + urllib.parse.urlencode(args) if args else "")
    r = site.client().get(path)
    assert r.status == 200, r
    return r.json()


def db_count(db, unit=None):
    """Standing contributions of the latest campaign, counted by SQL."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sql = ("SELECT count(*) FROM contribution k WHERE k.campaign_id ="
               " (SELECT id FROM campaign ORDER BY start_date DESC, id DESC LIMIT 1)"
               " AND NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_id = k.id)")
        if unit:
            sql += (" AND k.unit_id IN (WITH RECURSIVE t(id) AS (SELECT id FROM unit WHERE code = ?"
                    " UNION ALL SELECT u.id FROM unit u JOIN t ON u.parent_id = t.id)"
                    " SELECT id FROM t)")
            return con.execute(sql, (unit,)).fetchone()[0]
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def every_row(site, q, per_page=100):
    """Every row a search finds, page by page."""
    rows, page = [], 1
    while True:
        got = api(site, q, per_page=per_page, page=page)
        rows += got["items"]
        if len(got["items"]) < per_page:
            return got["total"], rows
        page += 1


def snapshot(site):
    s = site.client().get("/api/public/summary").json()
    lists = {q: api(site, q, per_page=5) for q in QUERIES}
    unit = api(site, unit="TV-CL", per_page=5)
    return s, lists, unit


def assert_agrees(site, tmp, label):
    """site's figures == the books == a server started afresh on a copy."""
    books = json.loads(cli(site.db, "report", "progress", "--format", "json"))
    s, lists, unit = snapshot(site)
    assert s["received"] == books["received"], label
    assert {u["code"]: u["received"] for u in s["units"]} == \
        {u["code"]: u["received"] for u in books["units"]}, label
    assert {u["code"]: u["target"] for u in s["units"]} == \
        {u["code"]: u["target"] for u in books["units"]}, label
    assert s["contributions"] == db_count(site.db) == lists[""]["total"], label
    assert unit["total"] == db_count(site.db, "TV-CL"), label
    for q in ("duc", "TV2019-000007", "khai"):
        total, rows = every_row(site, q)
        assert total == len(rows), (label, q)
    copy = copy_db(site.db, tmp / f"copy-{label}.db")
    other = Server(copy, tmp / f"copy-{label}.log")
    try:
        assert snapshot(other) == (s, lists, unit), label
    finally:
        assert other.stop() == 0


def test_figures_follow_every_write(fresh, tmp):
    site = fresh
    assert_agrees(site, tmp, "start")
    before = api(site, "duc")["total"]
    duc = site.ids["duc"]
    # a named gift, an anonymous one, a hidden donor's: while it runs
    out = cli(site.db, "contribution", "add", "--donor", duc, "--amount", "4.321.000",
              "--channel", "cash", "--date", "20/11/2019")
    cli(site.db, "contribution", "add", "--donor", duc, "--amount", "1.234.000",
        "--channel", "transfer", "--date", "21/11/2019", "--anonymous")
    cli(site.db, "contribution", "add", "--donor", site.ids["hidden"], "--amount", "99.000",
        "--channel", "cash", "--date", "21/11/2019")
    assert api(site, "duc")["total"] == before + 1  # the anonymous gift is not found by name
    assert_agrees(site, tmp, "added")
    # a reversal of an ordinary row (followed) ...
    cid = int(re.search(r"contribution (\d+) recorded", out).group(1))
    cli(site.db, "contribution", "reverse", cid, "--reason", "nhập nhầm")
    assert api(site, "duc")["total"] == before
    assert_agrees(site, tmp, "reversed")
    # ... and a change the journal does not describe (read afresh)
    cli(site.db, "target", "set", "--campaign", "TV2019", "--unit", "TV-CL", "--amount",
        "12.345.000.000")
    s = site.client().get("/api/public/summary").json()
    assert {u["code"]: u["target"] for u in s["units"]}["TV-CL"] == 12345000000
    assert_agrees(site, tmp, "target")


def test_the_home_page_moves_after_a_write(fresh):
    site = fresh
    c = site.client()
    first = c.get("/").text
    assert c.get("/").text == first  # kept
    n = int(re.search(r"cả ([\d.]+) khoản", first).group(1).replace(".", ""))
    cli(site.db, "contribution", "add", "--donor", site.ids["duc"], "--amount", "5.000.000",
        "--channel", "cash", "--date", "30/11/2019")
    after = c.get("/").text
    assert f"cả {n + 1:,} khoản".replace(",", ".") in after


def test_keyset_paging_walks_the_same_rows(web):
    by_page = []
    for page in (1, 2, 3):
        by_page += api(web, "nguyen", per_page=7, page=page)["items"]
    by_key, before = [], None
    for _ in range(3):
        got = api(web, "nguyen", per_page=7, **({"before": before} if before else {}))
        by_key += got["items"]
        before = got["next"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", before)
    assert by_key == by_page
    last = api(web, "zzzz", per_page=7)
    assert last["items"] == [] and last["next"] is None


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A server over more than 10,000 contributions."""
    d = tmp_path_factory.mktemp("big")
    cli(d / "big.db", "demo", "--donors", "400", "--contributions", "10300")
    s = Server(d / "big.db", d / "serve.log")
    yield s
    assert s.stop() == 0


def test_deep_pages(big, web):
    c = big.client()
    total = api(big)["total"]
    assert total > 10100
    r = c.get("/api/public/contributions?per_page=1&page=10002")
    assert r.status == 400 and "before=" in r.json()["error"]
    r = c.get("/api/public/contributions?per_page=1&page=10000")  # within 10,000 rows
    assert r.status == 200 and len(r.json()["items"]) == 1
    r = c.get("/dong-gop?per_page=1&page=10002")
    assert r.status == 200 and "Chỉ xem được 10000 khoản đầu tiên" in r.text
    # the rows beyond, by keyset from row 10,000, are the list's next rows
    row = c.get("/api/public/contributions?per_page=1&page=10000").json()
    deep = api(big, per_page=50, before=row["next"])["items"]
    assert len(deep) == 50 and row["items"][0] not in deep
    dates = [row["items"][0]["date"]] + [i["date"] for i in deep]
    assert dates == sorted(dates, reverse=True)
    # and they are the rows that follow: the same as by page number from row 9,951
    same = api(big, per_page=50, before=api(big, per_page=50, page=199)["next"])["items"]
    assert same == api(big, per_page=50, page=200)["items"]
    r = c.get(f"/api/public/contributions?per_page=1&page={total + 1}")  # past the end: empty
    assert r.status == 200 and r.json()["items"] == []
    c = web.client()
    for bad in ("2019-13-01.5", "2019-09-01", "2019-09-01.x", "x" * 30):
        r = c.get("/api/public/contributions?before=" + urllib.parse.quote(bad))
        assert r.status == 400, bad


def test_receipt_numbers_and_punctuation(web):
    one = api(web, "TV2019-000007")
    assert one["total"] == 1 and one["items"][0]["receipt"] == "TV2019-000007"
    assert api(web, "tv2019-000007")["total"] == 1
    # punctuation is not an error
    for q in ('"', "a-b", "(x)", "đ.", "*", "-"):
        api(web, q)


def reads_afresh(site):
    site.client().get("/")  # the figures are brought up to date by a request
    return len(re.findall(r"portal figures read afresh: \d+ contributions", site.server.log_text()))


def test_only_what_the_journal_cannot_describe_reads_everything_again(fresh):
    """Reading every contribution again takes seconds at a million rows: a
    login, a contribution, a staff page must not cause it; a target must."""
    site = fresh
    n = reads_afresh(site)
    assert n >= 1  # at start
    c = site.client()
    c.login("clerk")
    assert c.get("/quan-ly").status == 200
    cli(site.db, "contribution", "add", "--donor", site.ids["duc"], "--amount", "1.000.000",
        "--channel", "cash", "--date", "22/11/2019")
    assert reads_afresh(site) == n
    c.get("/dang-xuat")
    assert reads_afresh(site) == n
    cli(site.db, "target", "set", "--campaign", "TV2019", "--unit", "TV-CL", "--amount",
        "12.000.000.000")
    assert reads_afresh(site) == n + 1
    s = site.client().get("/api/public/summary").json()
    assert {u["code"]: u["target"] for u in s["units"]}["TV-CL"] == 12000000000
