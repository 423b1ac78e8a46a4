"""Issue #6 on the web: the pledge pages (collection list with filters,
pages, CSV export and the unit officer's scope; the new-pledge form saved
once; one pledge with its schedule, payments and payment reference) and the
reconciliation queue (/quan-ly/doi-soat: confirm one line or a batch, to
the suggestion or a donor found with the search box, reject, keyboard
script)."""
import csv
import io
import re
import socket
import subprocess

from e2e_helpers import BIN, base_env, count, sql_ok
from web_helpers import multipart

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


# ---- statements uploaded on the web (/quan-ly/sao-ke) ----

UPLOAD_LINES = [
    ("U1", "1.500.000", "IBFT DO MINH DUC UNG HO QUY AN SINH XA HOI"),
    ("U2", "2.000.000", "UNG HO QUY ASXH"),
    ("U3", "750.000", "CT nhanh 247 PHAM NGOAI HUYEN ung ho quy an sinh"),
]


def upload(c, name, data, **fields):
    page = c.get("/quan-ly/sao-ke")
    assert page.status == 200, page
    form = [("csrf", page.csrf())] + list(fields.items())
    return c.upload("/quan-ly/sao-ke", form, [("tep", name, data)])


def test_statement_upload_imports_once_and_lists_it(fresh):
    c = login(fresh, "clerk")
    page = c.get("/quan-ly/sao-ke")
    assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
    assert "Vietcombank" in page.text  # the banks' layouts to choose from
    data = statement(UPLOAD_LINES).encode()
    before = count(fresh.db, "contribution")
    r = upload(c, "Sao kê tháng 12.csv", data)
    assert r.status == 200, r.text[:2000]
    html = r.text
    assert "Đã nhập Sao kê tháng 12.csv" in html and ACCOUNT in html
    assert "Mở hàng chờ đối soát" in html
    # no collection account is registered: nothing to compare the statement's with
    assert "không phải tài khoản thu đã đăng ký" not in html
    assert count(fresh.db, "bank_line") == 3
    assert count(fresh.db, "contribution") == before + 3  # all money in the books at once
    # the statement is listed under the name it had on the clerk's computer
    listed = c.get("/quan-ly/sao-ke").text
    assert "Sao kê tháng 12.csv" in listed and "ansinh-upload" not in listed
    assert sql_ok(fresh.db, "SELECT file_name FROM bank_statement;").strip() == "Sao kê tháng 12.csv"
    # the same file again changes nothing
    r = upload(c, "Sao kê tháng 12.csv", data)
    assert r.status == 200
    assert count(fresh.db, "bank_line") == 3 and count(fresh.db, "contribution") == before + 3
    assert re.search(r"Số dòng.*?</tr>", listed, re.S)
    assert "3 dòng đã có từ sao kê trước" in r.text
    # once the fund's accounts are registered, another account's statement is said
    cli(fresh.db, "account", "set", "--bin", "970436", "--account", "1234567890", "--name",
        "QUY AN SINH XA HOI")
    r = upload(c, "Sao kê tháng 12.csv", data)
    assert r.status == 200
    assert f"tài khoản {ACCOUNT} không phải tài khoản thu đã đăng ký" in r.text
    subprocess.run([BIN, "--db", str(fresh.db), "verify"], check=True, env=base_env(),
                   capture_output=True)


def test_statement_upload_as_xlsx(fresh, tmp):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Số tài khoản:"
    ws["B1"] = ACCOUNT
    ws.append(["Ngày GD", "Số CT", "Ghi nợ", "Ghi có", "Số dư", "Nội dung"])
    ws.append(["02/12/2019", "X1", None, 3000000, 13000000, "UNG HO DO MINH DUC"])
    wb.save(tmp / "s.xlsx")
    c = login(fresh, "clerk")
    r = upload(c, "saoke.xlsx", (tmp / "s.xlsx").read_bytes(), mau="vcb", tk=ACCOUNT)
    assert r.status == 200, r.text[:2000]
    assert sql_ok(fresh.db, "SELECT credit FROM bank_line WHERE txn_no = 'X1';").strip() == "3000000"


def test_a_bad_statement_upload_is_refused_whole(fresh):
    c = login(fresh, "clerk")
    before = {t: count(fresh.db, t) for t in ("bank_line", "contribution", "bank_statement")}
    bad = statement(UPLOAD_LINES + [("U4", "một triệu", "UNG HO")]).encode()
    r = upload(c, "thang-12.csv", bad)
    assert r.status == 422
    text = r.text
    # the error names the file as the clerk knows it, and the line
    assert "Không nhập được" in text and "thang-12.csv:6: ghi có:" in text, text[:3000]
    assert "không phải là số tiền" in text  # in Vietnamese, the column's name too
    assert "ansinh-upload" not in text and "sao-ke.csv" not in text
    assert {t: count(fresh.db, t) for t in before} == before
    # another account than the one typed
    r = upload(c, "thang-12.csv", statement(UPLOAD_LINES).encode(), tk="999999")
    assert r.status == 422 and "999999" in r.text
    # not a statement at all, no file, an empty one
    assert upload(c, "anh.png", b"\x89PNG...").status == 422
    assert upload(c, "trong.csv", b"").status == 422
    page = c.get("/quan-ly/sao-ke")
    r = c.upload("/quan-ly/sao-ke", [("csrf", page.csrf())], [])
    assert r.status == 422 and "Chưa chọn tệp" in r.text
    assert {t: count(fresh.db, t) for t in before} == before


def test_statement_upload_needs_csrf_and_a_well_formed_body(fresh):
    c = login(fresh, "clerk")
    data = statement(UPLOAD_LINES).encode()
    r = c.upload("/quan-ly/sao-ke", [], [("tep", "s.csv", data)])
    assert r.status == 403
    page = c.get("/quan-ly/sao-ke")
    body, ctype = multipart([("csrf", page.csrf())], [("tep", "s.csv", data)])
    for broken, why in ((body[:-30], "cut short"), (b"garbage" + body, "no boundary first"),
                        (body.replace(b'name="tep"', b'nam="tep"'), "no field name")):
        r = c.post("/quan-ly/sao-ke", body=broken, headers={"Content-Type": ctype})
        assert r.status == 400, (why, r.status, r.text[:300])
    r = c.post("/quan-ly/sao-ke", body=body, headers={"Content-Type": "multipart/form-data"})
    assert r.status == 400  # no boundary parameter
    r = c.post("/quan-ly/sao-ke", form={"csrf": page.csrf()})
    assert r.status == 415
    assert count(fresh.db, "bank_line") == 0


def raw_request(port, head):
    """Sends head (request line and headers, no body) and returns the status."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head.encode())
        return int(s.recv(4096).split(b" ", 2)[1])


def test_only_a_signed_in_request_may_send_a_large_upload(fresh):
    head = ("POST /quan-ly/sao-ke HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            "boundary=b\r\nContent-Length: %d\r\n%s\r\n")
    # nobody: refused before a byte of a 1 MB body is read
    assert raw_request(fresh.port, head % (1_000_000, "")) == 413
    # above the upload limit even with a session
    c = login(fresh, "clerk")
    cookie = "Cookie: " + "; ".join(f"{k}={v}" for k, v in c.cookies.items()) + "\r\n"
    assert raw_request(fresh.port, head % (17 * 1024 * 1024, cookie)) == 413
    # a signed-in clerk's 1 MB file is read (and refused for what it is)
    page = c.get("/quan-ly/sao-ke")
    r = c.upload("/quan-ly/sao-ke", [("csrf", page.csrf())], [("tep", "big.csv", b"x" * 1_000_000)])
    assert r.status == 422, r.status
