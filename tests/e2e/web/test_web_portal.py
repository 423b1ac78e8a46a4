"""The public portal and the public JSON API (R8, R15): figures that agree
with the books, Vietnamese formats, search that folds diacritics, and
donors who asked not to be named never named."""
import json
import re
import subprocess
import urllib.parse

import pytest

from e2e_helpers import BIN, base_env

HIDDEN_NAMES = ["Trần Bí Mật", "Tran Bi Mat", "Lê Công Khai"]
ANON = "Nhà hảo tâm ẩn danh"


def report(db):
    p = subprocess.run([BIN, "--db", str(db), "report", "progress", "--format", "json"],
                       capture_output=True, env=base_env(), check=True)
    return json.loads(p.stdout)


def vn_money(n):
    return f"{n:,}".replace(",", ".") + " đ"


def test_home_shows_totals_in_vietnamese(fresh):
    rep = report(fresh.db)
    r = fresh.client().get("/")
    assert r.status == 200
    t = r.text
    assert '<html lang="vi">' in t and '<meta charset="utf-8">' in t
    assert 'name="viewport"' in t
    assert rep["campaign"]["name"] in t
    assert vn_money(rep["received"]) in t
    assert vn_money(rep["goal"]) in t
    assert "01/08/2019" in t and "31/12/2019" in t  # dd/mm/yyyy
    assert "<progress" in t
    # ANSINH_NOW is 01/12/2019: 131 days to the collection deadline 10/04/2020
    assert "Còn <strong>131</strong> ngày" in t
    for u in rep["units"]:
        if u["depth"] == 1:
            assert u["name"] in t and vn_money(u["received"]) in t
    assert 'href="/don-vi/TV-CL"' in t
    assert "<script>" not in t and " style=" not in t


def test_summary_api_matches_the_books(fresh):
    rep = report(fresh.db)
    r = fresh.client().get("/api/public/summary")
    assert r.status == 200 and r.header("Content-Type").startswith("application/json")
    s = r.json()
    assert s["campaign"]["code"] == rep["campaign"]["code"]
    assert s["goal"] == rep["goal"] and s["received"] == rep["received"]
    by = {u["code"]: u for u in s["units"]}
    for u in rep["units"]:
        got = by[u["code"]]
        assert got["received"] == u["received"] and got["name"] == u["name"]
        assert got["target"] == u["target"]
        if u["percent"] is None:
            assert got["percent"] is None
        else:
            assert abs(got["percent"] - float(u["percent"])) < 0.006
    for u in s["units"]:
        assert set(u) >= {"code", "name", "target", "received", "percent"}


def test_contributions_api_shape_and_paging(web):
    c = web.client()
    first = c.get("/api/public/contributions?per_page=7").json()
    assert set(first) >= {"total", "items"} and len(first["items"]) == 7
    for it in first["items"]:
        assert set(it) >= {"date", "donor", "unit", "amount", "receipt"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", it["date"])
        assert isinstance(it["amount"], int) and it["amount"] > 0
    second = c.get("/api/public/contributions?per_page=7&page=2").json()
    assert second["total"] == first["total"]
    assert not {i["receipt"] for i in first["items"]} & {i["receipt"] for i in second["items"]}
    dates = [i["date"] for i in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    far = c.get(f"/api/public/contributions?page={first['total']}").json()
    assert far["items"] == []


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=x", "per_page=0", "per_page=101",
                                   "per_page=1e3", "page=99999999999999999999"])
def test_contributions_api_bad_paging_400(web, query):
    r = web.client().get(f"/api/public/contributions?{query}")
    assert r.status == 400 and "error" in r.json()


@pytest.mark.parametrize("q", ["do minh duc", "DO MINH DUC", "đỗ minh đức", "Đỗ Minh Đức",
                               "minh do duc", "đo minh đuc", "do mi du"])
def test_search_folds_diacritics_and_d(web, q):
    r = web.client().get("/api/public/contributions?q=" + urllib.parse.quote(q)).json()
    assert any(i["donor"] == "Đỗ Minh Đức" for i in r["items"]), (q, r["total"])


def test_every_match_has_the_word(web):
    import unicodedata

    def fold(s):
        s = s.replace("đ", "d").replace("Đ", "D")
        s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
        return s.lower().split()
    r = web.client().get("/api/public/contributions?q=duc&per_page=100").json()
    assert r["total"] > 0
    for i in r["items"]:
        assert any(w.startswith("duc") for w in fold(i["donor"])), i


def test_search_by_receipt_number(web):
    c = web.client()
    one = c.get("/api/public/contributions?per_page=1&page=5").json()["items"][0]
    for q in [one["receipt"], one["receipt"].lower()]:
        r = c.get("/api/public/contributions?q=" + urllib.parse.quote(q)).json()
        assert [i["receipt"] for i in r["items"]] == [one["receipt"]]


def test_search_page_without_javascript(web):
    r = web.client().get("/dong-gop?q=do+minh+duc")
    assert r.status == 200
    assert "Đỗ Minh Đức" in r.text and "Tìm thấy" in r.text
    assert 'value="do minh duc"' in r.text
    assert "2.000.000 đ" in r.text and "17/09/2019" in r.text


def test_public_list_paging_links(web):
    t = web.client().get("/dong-gop").text
    assert 'rel="next" href="/dong-gop?page=2"' in t
    t2 = web.client().get("/dong-gop?q=nguyen&page=2").text
    assert 'href="/dong-gop?q=nguyen&amp;page=1"' in t2 or 'href="/dong-gop?q=nguyen&amp;page=3"' in t2


PUBLIC_PAGES = ["/", "/dong-gop", "/dong-gop?q=tran", "/dong-gop?q=bi+mat", "/don-vi/TV-CL",
                "/don-vi/TV-CL-ANTRUONG", "/bao-chi", "/api/public/summary",
                "/api/public/contributions?per_page=100",
                "/api/public/contributions?q=tran&per_page=100",
                "/api/public/contributions?q=bi%20mat", "/api/public/contributions?q=cong%20khai",
                "/api/public/contributions?unit=TV-CL-ANTRUONG&per_page=100"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_hidden_names_never_sent(web, path):
    r = web.client().get(path)
    assert r.status == 200
    for name in HIDDEN_NAMES:
        assert name not in r.text, (path, name)


def test_hidden_donors_shown_as_anonymous(web):
    c = web.client()
    items = c.get("/api/public/contributions?unit=TV-CL-ANTRUONG&per_page=100").json()["items"]
    hidden = [i for i in items if i["amount"] in (7777000, 3333000)]
    assert len(hidden) == 2
    for i in hidden:
        assert i["donor"] == ANON and i["anonymous"] is True
    page = c.get("/don-vi/TV-CL-ANTRUONG").text
    assert ANON in page


@pytest.mark.parametrize("q", ["bi mat", "Trần Bí Mật", "cong khai", "Lê Công Khai", "tran bi"])
def test_search_never_matches_hidden_names(web, q):
    r = web.client().get("/api/public/contributions?q=" + urllib.parse.quote(q)).json()
    assert all(i["amount"] not in (7777000, 3333000) for i in r["items"]), q


def test_staff_see_the_hidden_names(web):
    c = web.client()
    c.login("clerk")
    t = c.get("/quan-ly/dong-gop?q=bi+mat").text
    assert "Trần Bí Mật" in t and "ẩn danh trên cổng" in t


def test_unit_page(web):
    c = web.client()
    t = c.get("/don-vi/TV-CL").text
    assert "Huyện Càng Long" in t and "Các đơn vị trực thuộc" in t
    assert 'href="/don-vi/TV-CL-ANTRUONG"' in t
    assert "Đỗ Minh Đức" in c.get("/don-vi/TV-CL?q=do+minh+duc").text  # credited to TV-CL
    assert "Phạm Ngoài Huyện" not in c.get("/don-vi/TV-CL?q=pham+ngoai").text  # to TV-CK
    assert "Phạm Ngoài Huyện" in c.get("/don-vi/TV-CK?q=pham+ngoai").text
    for bad in ["/don-vi/NOPE", "/don-vi/a%20b", "/don-vi/%3Cscript%3E"]:
        assert c.get(bad).status == 404


def test_media_page(fresh):
    rep = report(fresh.db)
    t = fresh.client().get("/bao-chi").text
    assert "Số liệu cho báo chí" in t
    assert vn_money(rep["received"]) in t
    assert "Bằng chữ" in t and "đồng" in t
    assert "Số liệu tính đến ngày 01/12/2019" in t
    assert "/api/public/summary" in t


def test_reversed_contributions_leave_the_portal(fresh):
    c = fresh.client()
    r = c.get("/api/public/contributions?q=do%20minh%20duc").json()
    receipt = [i for i in r["items"] if i["donor"] == "Đỗ Minh Đức"][0]["receipt"]
    before = c.get("/api/public/summary").json()["received"]
    cid = subprocess.run([BIN, "--db", str(fresh.db), "contribution", "list", "--format", "json"],
                         capture_output=True, env=base_env(), check=True)
    row = [x for x in json.loads(cid.stdout) if x["receipt"] == receipt][0]
    subprocess.run([BIN, "--db", str(fresh.db), "contribution", "reverse", str(row["id"]),
                    "--reason", "ghi nhầm"], check=True, env=base_env(), capture_output=True)
    after = c.get("/api/public/summary").json()["received"]
    assert before - after == 2000000
    r = c.get("/api/public/contributions?q=" + receipt).json()
    assert r["items"] == []


def test_empty_database_portal(tmp):
    from web_helpers import Server
    db = tmp / "empty.db"
    subprocess.run([BIN, "--db", str(db), "init"], check=True, env=base_env(), capture_output=True)
    s = Server(db, tmp / "log")
    try:
        c = s.client()
        r = c.get("/")
        assert r.status == 200 and "Chưa có cuộc vận động" in r.text
        assert c.get("/api/public/summary").status == 404
        assert c.get("/dong-gop").status == 200
        assert c.get("/bao-chi").status == 200
    finally:
        assert s.stop() == 0
