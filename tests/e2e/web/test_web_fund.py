"""The fund's use on the web: the staff pages (/quan-ly/su-dung-quy,
CAP_FUND_READ / CAP_FUND_WRITE) record a handover and disbursements through
their forms, refuse more than the books allow with nothing stored, store a
form sent twice once, and reverse with a reason; the portal's page
(/su-dung-quy) shows the totals, the split by purpose and district and each
disbursement with its ledger entry, never naming a heart-surgery child nor a
household that did not agree."""
import json
import re
import subprocess

from e2e_helpers import BIN, base_env, count, sql_ok
from web_helpers import nonce

BOOKS = ("journal_entry", "fund_use", "audit_event")
BASE = "/quan-ly/su-dung-quy"
CHILD = "Cháu Kim Thị Bé Lan"
HIDDEN_HOUSEHOLD = "Hộ ông Thạch Dấu Tên"
NAMED_HOUSEHOLD = "Hộ bà Sơn Thị Mỹ"


def books(db):
    return {t: count(db, t) for t in BOOKS}


def cli(db, *args):
    p = subprocess.run([BIN, "--db", str(db), *args], capture_output=True, env=base_env())
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode()


def post_form(c, path, fields):
    page = c.get(path)
    assert page.status == 200, page.text[:300]
    return c.post(path, form={"csrf": page.csrf(), "nonce": nonce(page.text, path), **fields})


HANDOVER = {"amount": "500.000.000", "source": "bank", "document": "QĐ 2045/QĐ-UBND",
            "organisation": "Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh",
            "date": "15/01/2020"}


def disbursement(amount, purpose, to, name, unit, doc, public=False):
    f = {"amount": amount, "purpose": purpose, "to": to, "beneficiary": name, "unit": unit,
         "document": doc, "date": "20/01/2020"}
    if public:
        f["public"] = "1"
    return f


def test_staff_flow_and_roles(fresh):
    db = fresh.db
    m = fresh.client()
    m.login("fund_manager")
    page = m.get(BASE)
    assert page.status == 200 and "Chưa có lần bàn giao hay khoản chi nào" in page.text
    assert "Bàn giao và sử dụng quỹ" in page.text and 'href="/quan-ly/su-dung-quy/ban-giao"' in page.text
    r = post_form(m, f"{BASE}/ban-giao", HANDOVER)
    assert r.status == 303, r.text[:500]
    loc = r.header("Location")
    hid = int(re.fullmatch(BASE + r"/(\d+)", loc).group(1))
    t = m.get(loc).text
    assert "500.000.000 đ" in t and "QĐ 2045/QĐ-UBND" in t and "Tiền gửi ngân hàng" in t
    r = post_form(m, f"{BASE}/chi", disbursement("50.000.000", "house", "household",
                                                 "Hộ <ông> Kim Sóc", "TV-CL-ANTRUONG", "QĐ 12"))
    assert r.status == 303, r.text[:500]
    did = int(r.header("Location").rsplit("/", 1)[1])
    t = m.get(r.header("Location")).text
    assert "Hộ &lt;ông&gt; Kim Sóc" in t and "<ông>" not in t and "Huyện Càng Long" in t
    # more than handed over and not spent: refused, nothing stored
    before = books(db)
    r = post_form(m, f"{BASE}/chi", disbursement("450.000.001", "bridge_road", "project",
                                                 "Cầu Láng Thé", "TV-CL", "QĐ 13"))
    assert r.status == 422 and "450.000.000 đ" in r.text and "Cầu Láng Thé" in r.text
    assert books(db) == before
    r = post_form(m, f"{BASE}/chi", disbursement("1.000", "party", "household", "X", "TV-CL", "QĐ"))
    assert r.status == 422 and "mục đích" in r.text
    assert books(db) == before
    # the list: totals, filters, export
    lst = m.get(BASE).text
    assert f'href="{BASE}/{hid}"' in lst and f'href="{BASE}/{did}"' in lst
    assert "Nhà đại đoàn kết, nhà ở" in lst and "450.000.000 đ" in lst
    only = m.get(BASE + "?kind=disbursement&purpose=house").text
    assert f'href="{BASE}/{did}"' in only and f'href="{BASE}/{hid}"' not in only
    assert m.get(BASE + "?kind=nope").status == 400
    csv = m.get(BASE + "?format=csv")
    assert csv.status == 200 and "QĐ 2045/QĐ-UBND" in csv.text
    # reversal: a spent handover cannot be; the disbursement can, with a reason
    p = m.get(f"{BASE}/{hid}")
    r = m.post(f"{BASE}/{hid}/huy", form={"csrf": p.csrf(), "reason": "nhầm"})
    assert r.status == 409 and "không hủy được" in r.text.lower()
    r = m.post(f"{BASE}/{did}/huy", form={"csrf": p.csrf(), "reason": ""})
    assert r.status == 422
    r = m.post(f"{BASE}/{did}/huy", form={"csrf": p.csrf(), "reason": "trùng hồ sơ"})
    assert r.status == 303
    t = m.get(r.header("Location")).text
    assert "Đã hủy bởi bút toán" in t and 'action="/quan-ly/su-dung-quy/' not in t
    assert m.get(f"{BASE}/999999").status == 404
    # the inspector reads, changes nothing; a clerk does not see it
    i = fresh.client()
    i.login("inspector")
    assert i.get(BASE).status == 200
    page = i.get(f"{BASE}/{hid}")
    assert page.status == 200 and "Lý do hủy" not in page.text and "+ Chi hỗ trợ" not in i.get(BASE).text
    assert i.get(f"{BASE}/chi").status == 403
    k = fresh.client()
    k.login("clerk")
    assert k.get(BASE).status == 403
    assert "Sử dụng quỹ" not in k.get("/quan-ly").text.split("<main")[0]


def test_form_sent_twice_records_once(fresh):
    db = fresh.db
    a = fresh.client()
    a.login("admin")
    path = f"{BASE}/ban-giao"
    page = a.get(path)
    post = {"csrf": page.csrf(), "nonce": nonce(page.text, path), **HANDOVER}
    first = a.post(path, form=post)
    assert first.status == 303
    after = books(db)
    again = a.post(path, form=post)
    assert again.status == 303 and again.header("Location") == first.header("Location") + "?da-luu=1"
    assert books(db) == after
    assert "đã được gửi từ lần bấm trước" in a.get(again.header("Location")).text
    r = a.post(path, form={k: v for k, v in post.items() if k != "nonce"})
    assert r.status == 422 and "mã xác nhận" in r.text
    assert books(db) == after


def test_public_page_privacy_and_figures(fresh):
    db = fresh.db
    c = fresh.client()
    assert "Chưa có khoản chi nào" in c.get("/su-dung-quy").text
    home = c.get("/").text
    assert 'href="/su-dung-quy"' in home
    cli(db, "fund", "handover", "--amount", "1.000.000.000", "--document", "QĐ 2045/QĐ-UBND",
        "--organisation", "Sở Lao động - Thương binh và Xã hội", "--date", "15/01/2020",
        "--campaign", "TV2019")
    for amount, purpose, to, name, unit, doc, public in (
            ("60.000.000", "heart_surgery", "person", CHILD, "TV-CK-CHAUDIEN", "QĐ 101", True),
            ("50.000.000", "house", "household", HIDDEN_HOUSEHOLD, "TV-CL-ANTRUONG", "QĐ 102", False),
            ("15.000.000", "production_capital", "household", NAMED_HOUSEHOLD, "TV-CL-BINHPHU",
             "QĐ 103", True),
            ("500.000.000", "bridge_road", "project", "Cầu Ô Chát", "TV-CK", "QĐ 104", False)):
        cli(db, "fund", "disburse", "--amount", amount, "--purpose", purpose, "--to", to,
            "--beneficiary", name, "--unit", unit, "--document", doc, "--campaign", "TV2019",
            "--date", "20/01/2020", *(["--public"] if public else []))
    page = c.get("/su-dung-quy")
    assert page.status == 200
    t = page.text
    assert CHILD not in t and "Kim Thị" not in t and "Một trẻ em ở Xã Châu Điền" in t
    assert HIDDEN_HOUSEHOLD not in t and "Một hộ gia đình ở Xã An Trường" in t
    assert NAMED_HOUSEHOLD in t and "Cầu Ô Chát" in t
    assert "625.000.000 đ" in t and "1.000.000.000 đ" in t  # spent, handed over
    assert "Phẫu thuật tim cho trẻ em" in t and "Huyện Cầu Kè" in t and "560.000.000 đ" in t
    entries = sql_ok(db, "SELECT id FROM fund_use WHERE kind = 'disbursement';").split()
    for e in entries:
        assert f'<td class="num">{e}</td>' in t
    # nowhere else on the portal either
    for path in ("/", "/dong-gop", "/bao-chi", "/api/public/summary"):
        assert CHILD not in c.get(path).text
    # the fund's writes did not make the portal read every contribution again
    assert fresh.server.log_text().count("read afresh") == 1


def outcome_form(c, did, fields):
    page = c.get(f"{BASE}/{did}")
    assert page.status == 200, page.text[:300]
    return c.post(f"{BASE}/{did}/ket-qua",
                  form={"csrf": page.csrf(), "nonce": nonce(page.text, f"{BASE}/{did}/ket-qua"),
                        **fields})


def test_outcome_form_by_role(fresh):
    """The fund manager records a review's outcome on the household's page
    (a form sent twice records once); the inspector sees the outcomes but no
    form; a clerk sees nothing; a project has no outcome section."""
    db = fresh.db
    cli(db, "fund", "handover", "--amount", "200.000.000", "--document", "QĐ 1",
        "--organisation", "Sở LĐTBXH", "--date", "15/01/2020", "--campaign", "TV2019")
    out = cli(db, "fund", "disburse", "--amount", "50.000.000", "--purpose", "house", "--to",
              "household", "--beneficiary", HIDDEN_HOUSEHOLD, "--unit", "TV-CL-ANTRUONG",
              "--document", "QĐ 2", "--date", "20/01/2020", "--campaign", "TV2019")
    did = out.split()[1]
    out = cli(db, "fund", "disburse", "--amount", "50.000.000", "--purpose", "bridge_road", "--to",
              "project", "--beneficiary", "Cầu Ô Chát", "--unit", "TV-CL", "--document", "QĐ 3",
              "--date", "20/01/2020", "--campaign", "TV2019")
    road = out.split()[1]
    m = fresh.client()
    m.login("fund_manager")
    t = m.get(f"{BASE}/{did}").text
    assert "Kết quả rà soát hộ nghèo, hộ cận nghèo" in t and "Chưa có kết quả rà soát nào" in t
    assert f'action="{BASE}/{did}/ket-qua"' in t
    assert "Kết quả rà soát hộ nghèo" not in m.get(f"{BASE}/{road}").text
    before = count(db, "fund_outcome")
    # refused: bad status, a date before the disbursement, a project; nothing stored
    r = outcome_form(m, did, {"status": "", "date": "15/12/2020"})
    assert r.status == 422 and "kết quả: xin chọn kết quả rà soát" in r.text
    r = outcome_form(m, did, {"status": "thoat", "date": "15/12/2020"})
    assert r.status == 422 and "không thuộc các loại thoat-ngheo (đã thoát nghèo)" in r.text
    r = outcome_form(m, did, {"status": "thoat-ngheo", "date": "10/01/2020"})
    assert r.status == 422 and "trước ngày chi hỗ trợ 20/01/2020" in r.text
    r = outcome_form(m, did, {"status": "thoat-ngheo", "date": ""})
    assert r.status == 422 and "Xin ghi ngày rà soát." in r.text
    p = m.get(f"{BASE}/{did}")
    r = m.post(f"{BASE}/{road}/ket-qua", form={"csrf": p.csrf(), "nonce": nonce(p.text, f"{BASE}/{did}/ket-qua"),
                                                "status": "thoat-ngheo", "date": "15/12/2020"})
    assert r.status == 422 and "chỉ ghi cho khoản chi hỗ trợ hộ gia đình" in r.text
    assert count(db, "fund_outcome") == before
    # recorded, and once only when sent twice
    page = m.get(f"{BASE}/{did}")
    post = {"csrf": page.csrf(), "nonce": nonce(page.text, f"{BASE}/{did}/ket-qua"),
            "status": "can-ngheo", "date": "15/12/2020", "note": "Rà soát <cuối năm> 2020"}
    r = m.post(f"{BASE}/{did}/ket-qua", form=post)
    assert r.status == 303 and r.header("Location") == f"{BASE}/{did}?ket-qua=1#ket-qua"
    t = m.get(r.header("Location")).text
    assert "Đã ghi kết quả rà soát" in t and "Thoát nghèo, còn cận nghèo" in t
    assert "Rà soát &lt;cuối năm&gt; 2020" in t and "<cuối năm>" not in t
    r = m.post(f"{BASE}/{did}/ket-qua", form=post)
    assert r.status == 303 and "da-luu=1" in r.header("Location")
    assert count(db, "fund_outcome") == before + 1
    # the list and its export carry the latest outcome
    assert "Thoát nghèo, còn cận nghèo" in m.get(BASE).text
    assert "Thoát nghèo, còn cận nghèo" in m.get(BASE + "?format=csv").text
    # the inspector reads, cannot write; a clerk cannot read
    i = fresh.client()
    i.login("inspector")
    t = i.get(f"{BASE}/{did}").text
    assert "Thoát nghèo, còn cận nghèo" in t and "ket-qua\"" not in t.split("Kết quả rà soát hộ")[1]
    r = i.post(f"{BASE}/{did}/ket-qua", form={"csrf": i.csrf(), "status": "thoat-ngheo",
                                               "date": "15/12/2021"})
    assert r.status == 403
    k = fresh.client()
    k.login("clerk")
    assert k.get(f"{BASE}/{did}").status == 403
    r = k.post(f"{BASE}/{did}/ket-qua", form={"csrf": k.csrf(), "status": "thoat-ngheo",
                                               "date": "15/12/2021"})
    assert r.status == 403
    assert count(db, "fund_outcome") == before + 1
    # a reversed disbursement: the records stay, the form goes
    cli(db, "fund", "reverse", did, "--reason", "trùng hồ sơ")
    t = m.get(f"{BASE}/{did}").text
    assert "Thoát nghèo, còn cận nghèo" in t and f'action="{BASE}/{did}/ket-qua"' not in t


def test_public_page_counts_households_out_of_poverty(fresh):
    """'N hộ đã thoát nghèo nhờ sự hỗ trợ của Quỹ': the latest review per
    household (two disbursements, one household), by district; a household
    is named only when it agreed, on every one of its disbursements."""
    db = fresh.db
    c = fresh.client()
    cli(db, "fund", "handover", "--amount", "1.000.000.000", "--document", "QĐ 1",
        "--organisation", "Sở LĐTBXH", "--date", "15/01/2020", "--campaign", "TV2019")
    assert "thoát nghèo nhờ sự hỗ trợ" not in c.get("/su-dung-quy").text
    assert "thoát nghèo nhờ sự hỗ trợ" not in c.get("/bao-chi").text
    ids = {}
    for key, purpose, name, unit, public in (
            ("hidden", "house", HIDDEN_HOUSEHOLD, "TV-CL-ANTRUONG", False),
            ("named", "house", NAMED_HOUSEHOLD, "TV-CL-BINHPHU", True),
            ("named2", "production_capital", NAMED_HOUSEHOLD, "TV-CL-BINHPHU", True),
            ("mixed", "house", "Hộ bà Lâm Thị Hai Lần", "TV-CK-CHAUDIEN", True),
            ("mixed2", "production_capital", "Hộ bà Lâm Thị Hai Lần", "TV-CK-CHAUDIEN", False),
            ("poor", "house", "Hộ ông Kim Chưa Thoát", "TV-CK-CHAUDIEN", True),
            ("child", "heart_surgery", CHILD, "TV-CK-CHAUDIEN", True)):
        out = cli(db, "fund", "disburse", "--amount", "10.000.000", "--purpose", purpose, "--to",
                  "person" if key == "child" else "household", "--beneficiary", name, "--unit",
                  unit, "--document", "QĐ 9", "--date", "20/01/2020", "--campaign", "TV2019",
                  *(["--public"] if public else []))
        ids[key] = out.split()[1]
    for key, status, date in (("hidden", "thoat-ngheo", "15/12/2020"),
                              ("named", "chua-thoat", "15/12/2020"),
                              ("named2", "can-ngheo", "10/12/2021"),
                              ("mixed", "thoat-ngheo", "15/12/2020"),
                              ("poor", "thoat-ngheo", "15/12/2020"),
                              ("poor", "chua-thoat", "10/12/2021")):
        cli(db, "fund", "outcome", ids[key], "--status", status, "--date", date)
    t = c.get("/su-dung-quy").text
    # hidden, named (latest: can-ngheo), mixed: 3 of 4 households; poor is not out any more
    assert "3 hộ đã thoát nghèo nhờ sự hỗ trợ của Quỹ</strong> (trong đó 1 hộ còn cận nghèo)" in t
    assert "Quỹ đã hỗ trợ 4 hộ gia đình" in t and "4 hộ đã được rà soát, trong đó 1 hộ chưa" in t
    section = t.split('id="thoat-ngheo"')[1].split("Đã chi theo mục đích")[0]
    assert "<tr><td>Huyện Càng Long</td><td class=\"num\">2</td><td class=\"num\">2</td>" \
           "<td class=\"num\">2</td><td class=\"num\">0</td></tr>" in section
    assert "<tr><td>Huyện Cầu Kè</td><td class=\"num\">2</td><td class=\"num\">2</td>" \
           "<td class=\"num\">1</td><td class=\"num\">1</td></tr>" in section
    # districts in Vietnamese order (a < â: Càng Long before Cầu Kè), not by code
    assert section.index("<tr><td>Huyện Càng Long</td>") < section.index("<tr><td>Huyện Cầu Kè</td>")
    assert NAMED_HOUSEHOLD in section and "Thoát nghèo, còn cận nghèo" in section
    assert HIDDEN_HOUSEHOLD not in t and "Một hộ gia đình ở Xã An Trường" in section
    # consent on one disbursement but not the other: not named among the
    # households out of poverty (the disbursement list names the one agreed)
    assert "Lâm Thị Hai Lần" not in section and "Một hộ gia đình ở Xã Châu Điền" in section
    assert "Kim Chưa Thoát" not in section and CHILD not in t
    media = c.get("/bao-chi").text
    assert "Hộ thoát nghèo nhờ sự hỗ trợ của Quỹ" in media
    assert "3 hộ</strong> (trong đó 1 hộ còn cận nghèo) trong số 4 hộ gia đình" in media
    for path in ("/", "/bao-chi", "/api/public/summary"):
        body = c.get(path).text
        assert HIDDEN_HOUSEHOLD not in body
    # the same figures as JSON, under the same privacy
    r = c.get("/api/public/fund")
    assert r.status == 200 and r.header("Content-Type").startswith("application/json")
    assert HIDDEN_HOUSEHOLD not in r.text and CHILD not in r.text
    assert "Lâm Thị Hai Lần" not in json.dumps(r.json()["outcomes"], ensure_ascii=False)
    api = r.json()
    assert api["campaign"] == "TV2019" and api["handed_over"] == 1_000_000_000
    assert api["spent"] == 70_000_000 and api["with_fund_manager"] == 930_000_000
    assert api["with_committee"] == api["received"] - api["handed_over"]
    o = api["outcomes"]
    assert (o["households"], o["reviewed"], o["out_of_poverty"], o["near_poor"],
            o["still_poor"]) == (4, 4, 3, 1, 1)
    assert [d["name"] for d in o["districts"]] == ["Huyện Càng Long", "Huyện Cầu Kè"]
    assert sum(d["out_of_poverty"] for d in o["districts"]) == 3
    named = {h["household"]: h for h in o["out_of_poverty_households"]}
    assert named[NAMED_HOUSEHOLD]["status"] == "can-ngheo"
    assert named[NAMED_HOUSEHOLD]["status_name"] == "Thoát nghèo, còn cận nghèo"
    assert "Một hộ gia đình ở Xã An Trường" in named and len(named) == 3
    purposes = {p["code"]: p for p in api["by_purpose"]}
    assert purposes["heart_surgery"]["name"] == "Phẫu thuật tim cho trẻ em"
    assert purposes["house"]["count"] == 4 and purposes["house"]["amount"] == 40_000_000
    assert len(api["disbursements"]) == 7
    assert sum(x["amount"] for x in api["disbursements"]) == api["spent"]
    child = [x for x in api["disbursements"] if x["purpose"] == "heart_surgery"]
    assert len(child) == 1 and child[0]["beneficiary"] != CHILD
