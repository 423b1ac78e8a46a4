"""The staff workspace: dashboard, contribution entry (look-up, amount as
typed, preview with words, save once), reversal, donors, and the staff JSON
API.  Every refused write leaves the books as they were."""
import re
import subprocess
import urllib.parse

import pytest

from e2e_helpers import BIN, base_env, count, sql_ok

BOOKS = ("donor", "pledge", "contribution", "journal_entry", "audit_event")


def books(db):
    return {t: count(db, t) for t in BOOKS}


def verify(db):
    p = subprocess.run([BIN, "--db", str(db), "verify"], capture_output=True, env=base_env())
    assert p.returncode == 0, p.stderr


def hidden_fields(html):
    form = html[html.index('action="/quan-ly/dong-gop/moi"'):]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def test_dashboard(web):
    c = web.client()
    c.login("clerk")
    t = c.get("/quan-ly").text
    assert "Tổng quan" in t and "Đã tiếp nhận" in t and "<progress" in t
    assert "Còn <strong>131</strong> ngày" in t
    assert "Huyện Càng Long" in t and "Đóng góp mới nhất" in t
    assert "Nhập khoản đóng góp" in t  # the clerk may enter
    c2 = web.client()
    c2.login("inspector")
    t2 = c2.get("/quan-ly").text
    assert "Nhập khoản đóng góp" not in t2 and 'href="/quan-ly/dong-gop/moi"' not in t2


def test_entry_flow(fresh):
    c = fresh.client()
    c.login("clerk")
    t = c.get("/quan-ly/dong-gop/moi?donor_q=do+minh+duc").text
    m = re.search(r'href="/quan-ly/dong-gop/moi\?donor=(\d+)">Đỗ Minh Đức</a>', t)
    assert m, t[-2000:]
    donor = m.group(1)
    form = c.get(f"/quan-ly/dong-gop/moi?donor={donor}")
    assert "Đỗ Minh Đức" in form.text and 'name="amount"' in form.text
    assert 'value="01/12/2019"' in form.text  # today, dd/mm/yyyy
    csrf = form.csrf()
    before = books(fresh.db)
    fields = {"csrf": csrf, "donor": donor, "amount": "5.000.000", "channel": "transfer",
              "date": "02/12/2019", "unit": "TV-CL", "bank_ref": "FT19336-0001",
              "note": "Nộp tại Ban", "action": "preview"}
    prev = c.post("/quan-ly/dong-gop/moi", form=fields)
    assert prev.status == 200
    assert "Năm triệu đồng" in prev.text and "5.000.000 đ" in prev.text
    assert "02/12/2019" in prev.text and "Chuyển khoản" in prev.text
    assert books(fresh.db) == before  # a preview writes nothing
    hidden = hidden_fields(prev.text)
    assert hidden["amount"] == "5000000" and len(hidden["nonce"]) == 43
    save = dict(hidden, action="save")
    r = c.post("/quan-ly/dong-gop/moi", form=save)
    assert r.status == 303
    loc = r.header("Location")
    assert re.fullmatch(r"/quan-ly/dong-gop/\d+\?moi=1", loc)
    page = c.get(loc).text
    assert "Đã ghi nhận" in page and "Năm triệu đồng" in page
    receipt = re.search(r"biên nhận (TV2019-\d{6})", page).group(1)
    # a second click on "Lưu" finds the first save
    r2 = c.post("/quan-ly/dong-gop/moi", form=save)
    assert r2.status == 303 and r2.header("Location").split("?")[0] == loc.split("?")[0]
    assert "da-luu=1" in r2.header("Location")
    after = books(fresh.db)
    assert after["contribution"] == before["contribution"] + 1
    row = sql_ok(fresh.db, f"SELECT amount, channel, contrib_date, bank_ref FROM contribution "
                 f"WHERE receipt_no = '{receipt}';").strip()
    assert row == "5000000|transfer|2019-12-02|FT19336-0001"
    actor = sql_ok(fresh.db, "SELECT actor FROM audit_event WHERE action = 'contribution.add' "
                   "ORDER BY id DESC LIMIT 1;").strip()
    assert actor == "clerk"
    verify(fresh.db)
    # and the public sees it
    pub = fresh.client().get("/api/public/contributions?q=" + receipt).json()
    assert pub["items"][0]["donor"] == "Đỗ Minh Đức" and pub["items"][0]["amount"] == 5000000


@pytest.mark.parametrize("change,word", [
    ({"amount": "5,5"}, "Số tiền"),
    ({"amount": "5.00.000"}, "Số tiền"),
    ({"amount": "-5000"}, "Số tiền"),
    ({"amount": "0"}, "Số tiền"),
    ({"amount": ""}, "Số tiền"),
    ({"amount": "năm triệu"}, "Số tiền"),
    ({"amount": "99999999999999999999"}, "Số tiền"),
    ({"date": "31/02/2019"}, "ngày"),
    ({"date": "hôm qua"}, "ngày"),
    ({"channel": "cheque"}, "hình thức"),
    ({"channel": "goods"}, "Hiện vật"),
    ({"goods": "5 bao gạo"}, "Hiện vật"),
    ({"unit": "NOPE"}, "NOPE"),
    ({"donor": "999999"}, "nhà hảo tâm"),
    ({"pledge": "abc"}, "đăng ký"),
    ({"note": "a\u0007b"}, "Ghi chú"),
])
def test_entry_refuses_bad_input(web, change, word):
    c = web.client()
    c.login("clerk")
    csrf = c.csrf()
    base = {"csrf": csrf, "donor": str(web.ids["duc"]), "amount": "1.000.000", "channel": "cash",
            "date": "02/12/2019"}
    before = books(web.db)
    for action in ("preview", "save"):
        form = dict(base, **change, action=action, nonce="n" * 43)
        r = c.post("/quan-ly/dong-gop/moi", form=form)
        assert r.status == 422, (change, action, r)
        assert word.lower() in r.text.lower(), (change, r.text[-3000:])
    assert books(web.db) == before


def test_save_without_nonce_is_refused(web):
    c = web.client()
    c.login("clerk")
    before = books(web.db)
    r = c.post("/quan-ly/dong-gop/moi", form={"csrf": c.csrf(), "donor": str(web.ids["duc"]),
                                              "amount": "1.000.000", "channel": "cash",
                                              "action": "save"})
    assert r.status == 422
    assert books(web.db) == before


def test_edit_keeps_what_was_typed(web):
    c = web.client()
    c.login("clerk")
    r = c.post("/quan-ly/dong-gop/moi", form={"csrf": c.csrf(), "donor": str(web.ids["duc"]),
                                              "amount": "7.500.000", "channel": "payroll",
                                              "note": "Lương tháng 11", "action": "edit"})
    assert r.status == 200
    assert 'value="7.500.000"' in r.text and 'value="Lương tháng 11"' in r.text
    assert '<option value="payroll" selected>' in r.text


def test_preview_warns_about_odd_dates(web):
    c = web.client()
    c.login("clerk")
    base = {"csrf": c.csrf(), "donor": str(web.ids["duc"]), "amount": "1.000.000",
            "channel": "cash", "action": "preview"}
    assert "ở sau hôm nay" in c.post("/quan-ly/dong-gop/moi", form=dict(base, date="02/01/2020")).text
    t = c.post("/quan-ly/dong-gop/moi", form=dict(base, date="15/07/2019")).text
    assert "ngoài thời gian" in t
    t = c.post("/quan-ly/dong-gop/moi", form=dict(base, date="15/11/2019")).text
    assert "ngoài thời gian" not in t and "ở sau hôm nay" not in t


def test_goods_contribution(fresh):
    c = fresh.client()
    c.login("clerk")
    form = {"csrf": c.csrf(), "donor": str(fresh.ids["duc"]), "amount": "12.000.000",
            "channel": "goods", "goods": "1 tấn gạo", "quantity": "1.000 kg", "date": "03/12/2019"}
    prev = c.post("/quan-ly/dong-gop/moi", form=dict(form, action="preview"))
    assert prev.status == 200 and "1 tấn gạo" in prev.text and "Mười hai triệu đồng" in prev.text
    r = c.post("/quan-ly/dong-gop/moi", form=dict(hidden_fields(prev.text), action="save"))
    assert r.status == 303
    verify(fresh.db)


def test_duplicate_bank_reference_refused(fresh):
    c = fresh.client()
    c.login("clerk")
    before = books(fresh.db)
    form = {"csrf": c.csrf(), "donor": str(fresh.ids["duc"]), "amount": "2.000.000",
            "channel": "transfer", "bank_ref": "FT-DUC-1", "action": "save", "nonce": "z" * 43}
    r = c.post("/quan-ly/dong-gop/moi", form=form)
    assert r.status == 422 and "FT-DUC-1" in r.text
    assert books(fresh.db) == before


def test_reverse_with_reason(fresh):
    c = fresh.client()
    c.login("clerk")
    cid = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    page = c.get(f"/quan-ly/dong-gop/{cid}")
    assert "Hủy khoản này" in page.text
    csrf = page.csrf()
    before = books(fresh.db)
    r = c.post(f"/quan-ly/dong-gop/{cid}/huy", form={"csrf": csrf, "reason": "  "})
    assert r.status == 422 and "lý do" in r.text.lower()
    assert books(fresh.db) == before
    total = fresh.client().get("/api/public/summary").json()["received"]
    r = c.post(f"/quan-ly/dong-gop/{cid}/huy", form={"csrf": csrf, "reason": "Ghi nhầm nhà hảo tâm"})
    assert r.status == 303 and r.header("Location") == f"/quan-ly/dong-gop/{cid}?huy=1"
    page = c.get(r.header("Location")).text
    assert "Đã hủy" in page and "Hủy khoản này" not in page
    assert fresh.client().get("/api/public/summary").json()["received"] == total - 2000000
    reason = sql_ok(fresh.db, f"SELECT memo FROM journal_entry WHERE reverses_id = {cid};").strip()
    assert reason == "Ghi nhầm nhà hảo tâm"
    r = c.post(f"/quan-ly/dong-gop/{cid}/huy", form={"csrf": csrf, "reason": "lần nữa"})
    assert r.status == 409
    verify(fresh.db)
    assert c.post("/quan-ly/dong-gop/999999/huy", form={"csrf": csrf, "reason": "x"}).status == 404
    assert c.get("/quan-ly/dong-gop/abc").status == 404
    assert c.get("/quan-ly/dong-gop/0").status == 404


def test_staff_contribution_list_and_search(web):
    c = web.client()
    c.login("fund_manager")
    t = c.get("/quan-ly/dong-gop").text
    assert "Các khoản đóng góp" in t and "TV2019-" in t
    assert "Nhập khoản đóng góp" not in t
    t = c.get("/quan-ly/dong-gop?q=do+minh+duc").text
    assert "Đỗ Minh Đức" in t


def test_donors_list_and_search(web):
    c = web.client()
    c.login("mobiliser")
    t = c.get("/quan-ly/nha-hao-tam?q=duc").text
    assert "Đỗ Minh Đức" in t
    assert "Thêm nhà hảo tâm" in t
    assert "Nhập đóng góp" not in t  # a mobiliser does not enter money
    t = c.get("/quan-ly/nha-hao-tam").text
    assert 'rel="next"' in t
    assert "Trang 2" in c.get("/quan-ly/nha-hao-tam?page=2").text
    assert c.get("/quan-ly/nha-hao-tam?page=0").status == 400


def test_add_donor_form(fresh):
    c = fresh.client()
    c.login("clerk")
    form = c.get("/quan-ly/nha-hao-tam/moi")
    assert form.status == 200 and 'name="kind"' in form.text
    r = c.post("/quan-ly/nha-hao-tam/moi", form={"csrf": form.csrf(), "name": "  Công ty TNHH  Hòa   Bình ",
                                                 "kind": "business", "unit": "TV-CL",
                                                 "tax_code": "2100123456", "anonymous": "1"})
    assert r.status == 303
    m = re.fullmatch(r"/quan-ly/dong-gop/moi\?donor=(\d+)", r.header("Location"))
    assert m
    row = sql_ok(fresh.db, f"SELECT name, kind, tax_code, publish_name FROM donor WHERE id = {m.group(1)};")
    assert row.strip() == "Công ty TNHH Hòa Bình|business|2100123456|0"
    before = books(fresh.db)
    r = c.post("/quan-ly/nha-hao-tam/moi", form={"csrf": form.csrf(), "name": "Khác",
                                                 "kind": "business", "unit": "TV-CL",
                                                 "tax_code": "2100123456"})
    assert r.status == 409 and "Không lưu được" in r.text
    for bad in [{"name": ""}, {"kind": "person"}, {"unit": "NOPE"}, {"tax_code": "12"},
                {"name": "x" * 301}]:
        f = dict({"csrf": form.csrf(), "name": "Người Mới", "kind": "individual", "unit": "TV-CL"}, **bad)
        r = c.post("/quan-ly/nha-hao-tam/moi", form=f)
        assert r.status == 422, (bad, r)
    assert books(fresh.db) == before


def test_api_add_donor_pledge_contribution(fresh):
    c = fresh.client()
    h = fresh.api("admin")
    r = c.post("/api/staff/donors", json={"name": "Hợp tác xã Tân Thành", "kind": "cooperative",
                                          "unit": "TV-CL-ANTRUONG", "anonymous": False}, headers=h)
    assert r.status == 201, r
    donor = r.json()["id"]
    r = c.post("/api/staff/pledges", json={"donor": donor, "amount": "50.000.000",
                                           "date": "01/12/2019", "at": "ceremony"}, headers=h)
    assert r.status == 201, r
    pledge = r.json()["id"]
    r = c.post("/api/staff/contributions", json={"donor": donor, "amount": 20000000,
                                                 "channel": "transfer", "date": "2019-12-05",
                                                 "pledge": pledge, "bank_ref": "API-1"}, headers=h)
    assert r.status == 201, r
    body = r.json()
    assert body["amount"] == 20000000 and body["campaign"] == "TV2019"
    assert re.fullmatch(r"TV2019-\d{6}", body["receipt"])
    assert body["date"] == "2019-12-05" and body["already"] is False
    pl = subprocess.run([BIN, "--db", str(fresh.db), "pledge", "list", "--format", "json"],
                        capture_output=True, env=base_env(), check=True)
    assert '"paid":20000000' in pl.stdout.decode().replace(" ", "")
    verify(fresh.db)


def test_api_idempotency_key(fresh):
    c = fresh.client()
    h = dict(fresh.api("clerk"), **{"Idempotency-Key": "bank-import-0001-abcdef"})
    body = {"donor": fresh.ids["duc"], "amount": "1.500.000", "channel": "cash"}
    before = books(fresh.db)
    r1 = c.post("/api/staff/contributions", json=body, headers=h)
    r2 = c.post("/api/staff/contributions", json=body, headers=h)
    assert r1.status == 201 and r2.status == 200
    assert r2.json()["already"] is True and r2.json()["id"] == r1.json()["id"]
    assert r2.json()["receipt"] == r1.json()["receipt"]
    assert books(fresh.db)["contribution"] == before["contribution"] + 1
    r = c.post("/api/staff/contributions", json=body, headers=dict(fresh.api("clerk"), **{"Idempotency-Key": "x"}))
    assert r.status == 400


@pytest.mark.parametrize("body,word", [
    ({}, "donor"),
    ({"donor": "abc"}, "donor"),
    ({"donor": 1, "amount": 0, "channel": "cash"}, "amount"),
    ({"donor": 1, "amount": "1,5", "channel": "cash"}, "amount"),
    ({"donor": 1, "amount": 1000, "channel": "coins"}, "channel"),
    ({"donor": 1, "amount": 1000, "channel": "cash", "date": "2019-02-30"}, "date"),
    ({"donor": 1, "amount": 1000, "channel": "cash", "campaign": "NOPE"}, "campaign"),
    ({"donor": 1, "amount": 1000, "channel": "cash", "pledge": 999999}, "pledge"),
])
def test_api_contribution_errors(web, body, word):
    before = books(web.db)
    r = web.client().post("/api/staff/contributions", json=body, headers=web.api("clerk"))
    assert r.status == 422, r
    assert word in r.json()["error"], r.json()
    assert books(web.db) == before


def test_api_donor_search(web):
    c = web.client()
    r = c.get("/api/staff/donors?q=do%20minh%20duc", headers=web.api("inspector"))
    items = r.json()["items"]
    assert items[0]["name"] == "Đỗ Minh Đức" and items[0]["unit"] == "TV-CL"
    assert c.get("/api/staff/donors?limit=51", headers=web.api("inspector")).status == 400


def test_api_words(web):
    c = web.client()
    c.login("clerk")
    r = c.get("/api/staff/words?amount=" + urllib.parse.quote("232.000.000.000"))
    assert r.json() == {"amount": 232000000000, "formatted": "232.000.000.000 đ",
                        "words": "Hai trăm ba mươi hai tỷ đồng"}
    assert c.get("/api/staff/words?amount=1.5").status == 400
    assert c.get("/api/staff/words").status == 400


def test_concurrent_saves_keep_receipts_unique(fresh):
    import threading
    h = fresh.api("clerk")
    errors = []

    def worker(n):
        c = fresh.client()
        for i in range(5):
            r = c.post("/api/staff/contributions", json={"donor": fresh.ids["duc"], "amount": 1000 + i,
                                                         "channel": "cash"}, headers=h)
            if r.status != 201:
                errors.append(r)
    ts = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []
    dup = sql_ok(fresh.db, "SELECT count(*) - count(DISTINCT receipt_no) FROM contribution;")
    assert dup.strip() == "0"
    verify(fresh.db)


def _count_line(html):
    m = re.search(r'<p class="count">(Hơn )?([\d.]+) khoản\.</p>', html)
    assert m, html[-3000:]
    return bool(m.group(1)), int(m.group(2).replace(".", ""))


def _csv_count(c, query=""):
    body = c.get("/quan-ly/dong-gop?format=csv" + query).body.decode("utf-8")
    return len([ln for ln in body.split("\r\n")[1:] if ln])


def test_contribution_list_counts_without_counting_rows(fresh):
    """The list's count comes from the portal's counters (standing rows)
    plus the reversed ones, per scope; a search counts its matches.  Each
    equals the rows of the export, before and after a reversal."""
    clerk, officer = fresh.client(), fresh.client()
    clerk.login("clerk")
    officer.login("unit_officer")
    all_rows = _csv_count(clerk)  # every row of the campaign, counted by SQL
    assert all_rows == int(sql_ok(fresh.db, "SELECT count(*) FROM contribution k JOIN campaign c "
                                            "ON c.id = k.campaign_id WHERE c.code = 'TV2019';"))
    assert _count_line(clerk.get("/quan-ly/dong-gop").text) == (False, all_rows)
    scoped = _csv_count(officer)
    assert 0 < scoped < all_rows
    assert _count_line(officer.get("/quan-ly/dong-gop").text) == (False, scoped)
    duc = _count_line(clerk.get("/quan-ly/dong-gop?q=do+minh+duc").text)
    assert duc == (False, _csv_count(clerk, "&q=do+minh+duc")) and duc[1] >= 1
    outside = _count_line(officer.get("/quan-ly/dong-gop?q=pham+ngoai+huyen").text)
    assert outside == (False, 0)  # the search cannot reach outside the scope
    receipt = sql_ok(fresh.db, f"SELECT receipt_no FROM contribution WHERE donor_id = "
                               f"{fresh.ids['duc']};").split()[0]
    assert _count_line(clerk.get(f"/quan-ly/dong-gop?q={receipt}").text) == (False, 1)
    # a reversed contribution still shows (marked), so the count keeps it
    cid = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    r = clerk.post(f"/quan-ly/dong-gop/{cid}/huy", form={"csrf": clerk.csrf(), "reason": "Ghi nhầm"})
    assert r.status == 303
    assert _count_line(clerk.get("/quan-ly/dong-gop").text) == (False, all_rows)
    assert _count_line(officer.get("/quan-ly/dong-gop").text) == (False, scoped)
    # a new one moves the counters at once
    r = fresh.client().get("/api/public/summary").json()["contributions"]
    subprocess.run([BIN, "--db", str(fresh.db), "contribution", "add", "--donor", str(fresh.ids["duc"]),
                    "--amount", "1.000.000", "--channel", "cash", "--date", "20/09/2019"],
                   env=base_env(), check=True, capture_output=True)
    assert _count_line(clerk.get("/quan-ly/dong-gop").text) == (False, all_rows + 1)
    assert _count_line(officer.get("/quan-ly/dong-gop").text) == (False, scoped + 1)
    assert fresh.client().get("/api/public/summary").json()["contributions"] == r + 1


def test_contribution_list_deep_pages_are_not_read(web):
    c = web.client()
    c.login("clerk")
    t = c.get("/quan-ly/dong-gop?page=600").text  # rows 11.981-12.000: past 10.000
    assert "Chỉ xem được 10000 khoản đầu tiên" in t and "TV2019-" not in t.split("Chỉ xem")[1]
    assert "TV2019-" in c.get("/quan-ly/dong-gop?page=2").text


def test_staff_search_finds_notes_not_the_portal(fresh):
    """Staff find a contribution by the words of its note, typed without
    diacritics (issue #3: notes are searchable); the public portal, which does
    not publish notes, does not match them."""
    p = subprocess.run([BIN, "--db", str(fresh.db), "contribution", "add", "--donor",
                        str(fresh.ids["duc"]), "--amount", "7.000.000", "--channel", "cash",
                        "--campaign", "TV2019", "--date", "02/12/2019",
                        "--note", "Xây nhà đại đoàn kết ấp Phước Hưng"],
                       capture_output=True, env=base_env(), timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    c = fresh.client()
    c.login("clerk")
    for q in ("dai doan ket", "phuoc hung", "Đại đoàn"):
        t = c.get("/quan-ly/dong-gop?q=" + urllib.parse.quote_plus(q)).text
        assert "7.000.000 đ" in t and "Đỗ Minh Đức" in t, q
    csv_text = c.get("/quan-ly/dong-gop?q=dai+doan+ket&format=csv").text
    assert "7000000" in csv_text.replace(".", "")
    pub = fresh.client().get("/api/public/contributions?q=dai+doan+ket").json()
    assert all(i["amount"] != 7000000 for i in pub["items"])
    assert c.get("/quan-ly/dong-gop?q=khong+co+tu+nay").status == 200
