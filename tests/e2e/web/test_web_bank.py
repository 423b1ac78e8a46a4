"""Issue #6 on the web: the pledge pages (collection list with filters,
pages, CSV export and the unit officer's scope; the new-pledge form saved
once; one pledge with its schedule, payments and payment reference) and the
reconciliation queue (/quan-ly/doi-soat: confirm one line or a batch, to
the suggestion or a donor found with the search box, reject, keyboard
script)."""
import csv
import io
import re
import subprocess

from e2e_helpers import BIN, base_env, count, sql_ok

ACCOUNT = "0071000123456"


def cli(db, *args):
    p = subprocess.run([BIN, "--db", str(db), *map(str, args)], capture_output=True,
                       env=base_env(), timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode()


def login(site, role):
    c = site.client()
    c.login(role)
    return c


def pledge_ids(html):
    return [int(x) for x in re.findall(r'href="/quan-ly/cam-ket/(\d+)"', html)]


def test_pledge_list_filters_pages_and_csv(web):
    c = login(web, "mobiliser")
    r = c.get("/quan-ly/cam-ket?trang-thai=all")
    assert r.status == 200, r
    html = r.text
    assert "Cam kết đóng góp" in html and "Cộng" in html
    total = int(sql_ok(web.db, "SELECT count(*) FROM pledge;"))
    assert f"{total} cam kết" in html
    first = pledge_ids(html)
    assert 0 < len(first) <= 20
    if total > 20:
        second = pledge_ids(c.get("/quan-ly/cam-ket?trang-thai=all&page=2").text)
        assert second and not set(first) & set(second)
    # CSV export of the same filter: every pledge, in Vietnamese name order
    r = c.get("/quan-ly/cam-ket?trang-thai=all&format=csv")
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8-sig"))))
    assert len(rows) == total
    assert all(re.fullmatch(r"P\d{6}", row["ref"]) for row in rows)
    # the same order as `ansinh pledge outstanding` (Vietnamese collation)
    out = cli(web.db, "pledge", "outstanding", "--format", "csv")
    want = [row["id"] for row in csv.DictReader(io.StringIO(out))]
    got = [row["id"] for row in csv.DictReader(io.StringIO(
        c.get("/quan-ly/cam-ket?format=csv").body.decode("utf-8-sig")))]
    assert got == want
    # a filter that matches nothing, and a unit code that does not exist
    r = c.get("/quan-ly/cam-ket?nguoi-van-dong=Kh%C3%B4ng+C%C3%B3+Ai")
    assert "Không có cam kết nào khớp" in r.text
    assert c.get("/quan-ly/cam-ket?don-vi=NOPE").status == 400
    assert c.get("/quan-ly/cam-ket?trang-thai=maybe").status == 400


def test_unit_officer_sees_its_subtree_only(web):
    c = login(web, "unit_officer")
    rows = list(csv.DictReader(io.StringIO(
        c.get("/quan-ly/cam-ket?trang-thai=all&format=csv").body.decode("utf-8-sig"))))
    assert all(r["unit"].startswith("TV-CL") for r in rows)
    mine = {int(r["id"]) for r in rows}
    outside = sql_ok(web.db, "SELECT p.id FROM pledge p JOIN donor d ON d.id = p.donor_id"
                             " JOIN unit u ON u.id = d.unit_id WHERE u.code NOT LIKE 'TV-CL%'"
                             " LIMIT 1;").strip()
    if outside:
        assert int(outside) not in mine
        assert c.get(f"/quan-ly/cam-ket/{outside}").status == 404
        assert login(web, "inspector").get(f"/quan-ly/cam-ket/{outside}").status == 200
    # asking for another district's subtree shows nothing
    r = c.get("/quan-ly/cam-ket?trang-thai=all&don-vi=TV-CK&format=csv")
    assert r.body.decode("utf-8-sig").count("\n") == 1


def test_new_pledge_form_saves_once_and_shows_the_pledge(fresh):
    c = login(fresh, "mobiliser")
    page = c.get("/quan-ly/cam-ket/moi?donor=%d" % fresh.ids["duc"])
    assert page.status == 200
    html = page.text
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    form = {"csrf": page.csrf(), "nonce": nonce, "donor": str(fresh.ids["duc"]),
            "amount": "10.000.000", "at": "ceremony", "date": "10/01/2020",
            "instalments": "15/02/2020=4.000.000;15/03/2020=6.000.000",
            "canvasser": "Trần Văn Bảy", "campaign": "TV2019"}
    before = count(fresh.db, "pledge")
    r = c.post("/quan-ly/cam-ket/moi", form=form)
    assert r.status == 303, r.text[:2000]
    loc = r.header("Location")
    assert re.fullmatch(r"/quan-ly/cam-ket/\d+\?moi=1", loc)
    again = c.post("/quan-ly/cam-ket/moi", form=form)
    assert again.status == 303 and "da-luu=1" in again.header("Location")
    assert count(fresh.db, "pledge") == before + 1
    pid = int(re.search(r"/cam-ket/(\d+)", loc).group(1))
    html = c.get(f"/quan-ly/cam-ket/{pid}").text
    ref = "P%06d" % pid
    assert ref in html and f"UH ASXH {ref}" in html
    assert "Lịch nộp" in html and "15/02/2020" in html and "15/03/2020" in html
    assert "Trần Văn Bảy" in html and "10.000.000 đ" in html
    # a payment matched to it appears, and the outstanding amount follows
    cli(fresh.db, "contribution", "add", "--donor", fresh.ids["duc"], "--amount", "4.000.000",
        "--channel", "transfer", "--pledge", pid, "--date", "14/02/2020", "--campaign", "TV2019")
    html = c.get(f"/quan-ly/cam-ket/{pid}").text
    assert "6.000.000 đ" in html and "✓" in html
    # bad input comes back to the form with the message, nothing saved
    bad = dict(form, nonce=nonce + "x", instalments="15/02/2020=1.000.000")
    r = c.post("/quan-ly/cam-ket/moi", form=bad)
    assert r.status == 422 and "các đợt nộp: tổng các đợt là 1000000 đồng" in r.text
    assert count(fresh.db, "pledge") == before + 1


def statement(lines):
    rows = [f"Số tài khoản: {ACCOUNT}", "Ngày GD,Số CT,Ghi nợ,Ghi có,Số dư,Nội dung"]
    for txn, amount, desc in lines:
        rows.append(f'02/12/2019,{txn},,"{amount}","1.000.000","{desc}"')
    return "\n".join(rows) + "\n"


def test_reconciliation_queue(fresh, tmp):
    f = tmp / "s.csv"
    f.write_text(statement([
        ("W1", "1.000.000", "IBFT DO MINH DUC UNG HO QUY AN SINH XA HOI"),
        ("W2", "2.000.000", "UNG HO QUY ASXH"),
        ("W3", "3.000.000", "CK UNG HO"),
    ]))
    cli(fresh.db, "reconcile", "threshold", "101")  # every line waits for a clerk
    cli(fresh.db, "import", "bank", f)
    c = login(fresh, "clerk")
    r = c.get("/quan-ly/doi-soat")
    assert r.status == 200
    html = r.text
    assert "W1" in html and "W2" in html and "Đỗ Minh Đức" in html
    assert "/static/doi-soat.js" in html and "<script>" not in html
    assert c.get(re.search(r'src="(/static/doi-soat\.js[^"]*)"', html).group(1)).status == 200
    line = {t: int(sql_ok(fresh.db, f"SELECT id FROM bank_line WHERE txn_no = '{t}';"))
            for t in ("W1", "W2", "W3")}
    # the donor search box finds donors with their ids
    r = c.get("/quan-ly/doi-soat?q=pham+ngoai")
    assert "Phạm Ngoài Huyện" in r.text
    # one button: W1 to its suggestion
    csrf = r.csrf()
    r = c.post("/quan-ly/doi-soat/xac-nhan", form={"csrf": csrf, "only": line["W1"]})
    assert r.status == 303, r.text[:1500]
    who = sql_ok(fresh.db, "SELECT k.donor_id FROM bank_line l JOIN contribution k"
                           f" ON k.id = l.contribution_id WHERE l.id = {line['W1']};").strip()
    assert int(who) == fresh.ids["duc"]
    # a batch: W2 to a donor typed beside it, W3 has no suggestion and no donor
    r = c.post("/quan-ly/doi-soat/xac-nhan", form=[
        ("csrf", csrf), ("line", line["W2"]), ("donor-%d" % line["W2"], fresh.ids["outside"]),
        ("line", line["W3"])])
    assert r.status == 422 and "không có gợi ý nào để xác nhận" in r.text
    assert sql_ok(fresh.db, f"SELECT status FROM bank_line WHERE id = {line['W2']};").strip() \
        != "confirmed"  # all or nothing
    r = c.post("/quan-ly/doi-soat/xac-nhan", form=[
        ("csrf", csrf), ("line", line["W2"]), ("donor-%d" % line["W2"], fresh.ids["outside"]),
        ("line", line["W3"]), ("donor-%d" % line["W3"], fresh.ids["named"])])
    assert r.status == 303
    # reject the first again: back to the unidentified donor
    r = c.post("/quan-ly/doi-soat/tu-choi", form={"csrf": csrf, "only": line["W1"]})
    assert r.status == 303
    statuses = sql_ok(fresh.db, "SELECT group_concat(status) FROM (SELECT status FROM bank_line"
                                " ORDER BY id);").strip()
    assert statuses == "rejected,confirmed,confirmed"
    subprocess.run([BIN, "--db", str(fresh.db), "verify"], check=True, env=base_env(),
                   capture_output=True)
    # without the CSRF token nothing happens
    assert c.post("/quan-ly/doi-soat/xac-nhan", form={"only": line["W1"]}).status == 403


def test_queue_needs_the_bank_capability(web):
    for role, status in (("clerk", 200), ("admin", 200), ("mobiliser", 403),
                         ("unit_officer", 403)):
        assert login(web, role).get("/quan-ly/doi-soat").status == status, role


def test_pledge_page_shows_its_vietqr_code(fresh):
    """The pledge page carries the VietQR code of what is still owed (issue #6:
    "the pledge page and letters show the code"): none until the campaign has a
    collection account, then an SVG image within the caller's scope, and none
    once the pledge is paid in full."""
    cli(fresh.db, "pledge", "add", "--donor", fresh.ids["duc"], "--amount", "3.000.000",
        "--campaign", "TV2019", "--date", "01/12/2019")
    pid = int(subprocess.run(["sqlite3", str(fresh.db), "SELECT max(id) FROM pledge"],
                             capture_output=True, text=True, check=True).stdout)
    c = login(fresh, "mobiliser")
    html = c.get(f"/quan-ly/cam-ket/{pid}").text
    assert "Mã VietQR" in html and "Chưa có mã" in html and "vietqr.svg" not in html
    assert c.get(f"/quan-ly/cam-ket/{pid}/vietqr.svg").status == 404

    cli(fresh.db, "account", "set", "--campaign", "TV2019", "--bin", "970403",
        "--account", ACCOUNT, "--name", "Quỹ An sinh xã hội tỉnh Trà Vinh")
    html = c.get(f"/quan-ly/cam-ket/{pid}").text
    ref = "P%06d" % pid
    assert f'src="/quan-ly/cam-ket/{pid}/vietqr.svg"' in html
    assert f"UH ASXH {ref}" in html and ACCOUNT in html and "3.000.000 đ" in html
    img = c.get(f"/quan-ly/cam-ket/{pid}/vietqr.svg")
    assert img.status == 200 and img.header("Content-Type").startswith("image/svg+xml")
    assert img.text.lstrip().startswith(("<svg", "<?xml")) and "<script" not in img.text
    # the CLI prints the same payment for the pledge
    payload = cli(fresh.db, "vietqr", "--pledge", pid).strip().splitlines()[0]
    assert f"UH ASXH {ref}".replace(" ", "") in payload.replace(" ", "")

    cli(fresh.db, "contribution", "add", "--donor", fresh.ids["duc"], "--amount", "3.000.000",
        "--channel", "transfer", "--pledge", pid, "--date", "14/12/2019", "--campaign", "TV2019")
    html = c.get(f"/quan-ly/cam-ket/{pid}").text
    assert "đã nộp đủ" in html and "vietqr.svg" not in html
    assert c.get(f"/quan-ly/cam-ket/{pid}/vietqr.svg").status == 404
