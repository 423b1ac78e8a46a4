"""Phase 2 of the staff workspace: steering committee, canvassing, units and
targets, account and token administration, the audit viewer, CSV exports,
the unit officer's scope on each new list, and hostile text in every new
field.  The clock is ANSINH_NOW = 2019-12-01 (e2e_helpers)."""
import csv
import io
import re

import pytest

from e2e_helpers import Runner, copy_db, count, sql_ok
from web_helpers import PASSWORD, Client, Server

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQLI = "x' OR '1'='1'; DROP TABLE donor; --"


class Work:
    def __init__(self, server, db, ids, tokens):
        self.server, self.db, self.ids, self.tokens = server, db, ids, tokens
        self.port = server.port

    def client(self, who=None):
        c = Client(self.port)
        if who:
            c.login(who)
        return c


def _id(out, what):
    m = re.search(what + r" (\d+) added", out)
    assert m, out
    return int(m.group(1))


@pytest.fixture(scope="module")
def work(web_template, tmp_path_factory):
    """A server over a copy of the web template with a committee and
    assignments: the head (whole province), a collaborator in charge of
    TV-CL and a member in charge of TV-CK; an overdue step for Đỗ Minh Đức
    (TV-CL), an upcoming one, and one for the donor outside TV-CL."""
    d = tmp_path_factory.mktemp("work")
    db = copy_db(web_template["db"], d / "work.db")
    r = Runner(d)
    r.db = db
    ids = dict(web_template["ids"])
    ids["head"] = _id(r.ok("committee", "add", "--name", "Lê Văn Hẳn", "--role", "head",
                           "--title", "Phó Bí thư Tỉnh ủy", "--organisation", "Tỉnh ủy Trà Vinh",
                           "--duties", "Chỉ đạo chung"), "committee member")
    ids["collab"] = _id(r.ok("committee", "add", "--name", "Nguyễn Thị Ánh", "--role",
                             "collaborator", "--unit", "TV-CL", "--phone", "0901234567"),
                        "committee member")
    ids["ck_member"] = _id(r.ok("committee", "add", "--name", "Phạm Văn Cầu", "--role", "member",
                                "--unit", "TV-CK"), "committee member")
    ids["overdue"] = _id(r.ok("canvass", "add", "--donor", ids["duc"], "--member", ids["collab"],
                              "--next", "Gặp giám đốc", "--next-date", "15/11/2019"),
                         "canvassing assignment")
    ids["upcoming"] = _id(r.ok("canvass", "add", "--donor", ids["named"], "--member", ids["head"],
                               "--status", "meeting", "--next-date", "20/12/2019"),
                          "canvassing assignment")
    ids["outside_a"] = _id(r.ok("canvass", "add", "--donor", ids["outside"], "--member",
                                ids["ck_member"], "--next-date", "01/10/2019"),
                           "canvassing assignment")
    server = Server(db, d / "serve.log")
    yield Work(server, db, ids, web_template["tokens"])
    assert server.stop() == 0, server.log_text()[-2000:]


def csv_rows(resp):
    assert resp.status == 200, resp
    assert resp.header("Content-Type").startswith("text/csv")
    disp = resp.header("Content-Disposition")
    assert disp.startswith("attachment; filename=") and disp.rstrip('"').endswith(".csv"), disp
    assert resp.body.startswith(b"\xef\xbb\xbf"), resp.body[:10]
    return list(csv.reader(io.StringIO(resp.body[3:].decode("utf-8"))))


def post_form(c, path, form):
    page = c.get("/quan-ly")
    return c.post(path, form={"csrf": page.csrf(), **form})


# ---- CLI ----

def test_cli_committee_and_canvass(tmp, web_template):
    r = Runner(tmp)
    r.db = copy_db(web_template["db"], tmp / "cli.db")
    m = _id(r.ok("committee", "add", "--name", "Trần Thị Bé", "--role", "assistant"),
            "committee member")
    rows = r.json("committee", "list")
    assert [x["name"] for x in rows] == ["Trần Thị Bé"] and rows[0]["role"] == "assistant"
    assert "Tổ giúp việc" in r.ok("committee", "show", m)
    a = _id(r.ok("canvass", "add", "--donor", web_template["ids"]["duc"], "--member", m),
            "canvassing assignment")
    r.ok("canvass", "update", a, "--status", "pledged", "--note", "hứa 50 triệu")
    [row] = r.csv("canvass", "list")
    assert row["status"] == "pledged" and row["note"] == "hứa 50 triệu"
    hist = r.json("canvass", "history", a)
    assert [h["status"] for h in hist] == ["new", "pledged"]
    # the same pair again, a bad status, an unknown member: refused, nothing written
    before = count(r.db, "canvass")
    assert r("canvass", "add", "--donor", web_template["ids"]["duc"], "--member", m).rc == 1
    assert r("canvass", "update", a, "--status", "maybe").rc == 1
    bad = r("canvass", "add", "--donor", web_template["ids"]["duc"], "--member", 999)
    assert bad.rc == 1 and "committee member 999" in bad.err
    assert r("committee", "add", "--name", "X", "--role", "boss").rc == 1
    assert count(r.db, "canvass") == before


def test_canvass_history_is_append_only(work):
    from e2e_helpers import sqlite
    rc, _, err = sqlite(work.db, "UPDATE canvass_event SET status = 'pledged';")
    assert rc != 0 and "append-only" in err
    rc, _, err = sqlite(work.db, "DELETE FROM canvass_event;")
    assert rc != 0 and "append-only" in err


# ---- canvassing on the web ----

def test_canvass_list_overdue_first(work):
    c = work.client("mobiliser")
    page = c.get("/quan-ly/van-dong")
    assert page.status == 200
    t = page.text
    assert t.index("Đỗ Minh Đức") < t.index("Lê Công Khai")
    assert 'class="marked"' in t  # the overdue row
    assert "Xuất CSV" in t
    rows = csv_rows(c.get("/quan-ly/van-dong?format=csv"))
    assert rows[0][0] == "Nhà hảo tâm"
    names = [r[0] for r in rows[1:]]
    # overdue ones first (oldest date first), then upcoming
    assert names.index("Phạm Ngoài Huyện") < names.index("Lê Công Khai")
    assert names.index("Đỗ Minh Đức") < names.index("Lê Công Khai")


def test_canvass_filters(work):
    c = work.client("mobiliser")
    rows = csv_rows(c.get(f"/quan-ly/van-dong?format=csv&member={work.ids['head']}"))
    assert [r[0] for r in rows[1:]] == ["Lê Công Khai"]
    rows = csv_rows(c.get("/quan-ly/van-dong?format=csv&status=meeting"))
    assert [r[3] for r in rows[1:]] == ["Đã hẹn gặp"]
    rows = csv_rows(c.get("/quan-ly/van-dong?format=csv&unit=TV-CK"))
    assert [r[0] for r in rows[1:]] == ["Phạm Ngoài Huyện"]
    rows = csv_rows(c.get("/quan-ly/van-dong?format=csv&sort=ten"))
    # Vietnamese order of persons: given name first (Đức < Huyện < Khai)
    assert [r[0] for r in rows[1:]] == ["Đỗ Minh Đức", "Phạm Ngoài Huyện", "Lê Công Khai"]
    assert c.get("/quan-ly/van-dong?status=bogus").status == 400


def test_canvass_workflow(work):
    c = work.client("mobiliser")
    form = c.get("/quan-ly/van-dong/moi")
    assert form.status == 200 and 'name="csrf"' in form.text
    r = c.post("/quan-ly/van-dong/moi", form={"csrf": form.csrf(), "donor": work.ids["hidden"],
                                              "member": work.ids["head"], "status": "new",
                                              "next_step": "Gửi thư ngỏ", "next_date": "05/12/2019"})
    assert r.status == 303, r
    loc = r.header("Location")
    aid = int(re.search(r"/quan-ly/van-dong/(\d+)", loc).group(1))
    page = c.get(f"/quan-ly/van-dong/{aid}")
    assert "Gửi thư ngỏ" in page.text and "05/12/2019" in page.text
    r = c.post(f"/quan-ly/van-dong/{aid}", form={"csrf": page.csrf(), "status": "pledged",
                                                 "next_step": "", "next_date": "",
                                                 "note": "Cam kết 100 triệu"})
    assert r.status == 303
    page = c.get(f"/quan-ly/van-dong/{aid}").text
    hist = page[page.index("Lịch sử"):]
    assert hist.count("</td></tr>") == 2 and "Đã cam kết" in hist and "Chưa liên hệ" in hist
    assert "mobiliser" in hist
    # a bad date, an unknown donor, the same pair again: 422, nothing added
    n = count(work.db, "canvass")
    bad = c.post(f"/quan-ly/van-dong/{aid}", form={"csrf": page and c.csrf(), "status": "new",
                                                   "next_date": "31/02/2019"})
    assert bad.status == 422 and "31/02/2019" in bad.text
    for donor in (999999, work.ids["hidden"]):
        r = post_form(c, "/quan-ly/van-dong/moi", {"donor": donor, "member": work.ids["head"]})
        assert r.status == 422, r
    assert count(work.db, "canvass") == n
    audit = sql_ok(work.db, f"SELECT action, actor FROM audit_event WHERE object = 'canvass:{aid}';")
    assert "canvass.add|mobiliser" in audit and "canvass.update|mobiliser" in audit
    # without CSRF: refused
    r = c.post(f"/quan-ly/van-dong/{aid}", form={"status": "declined"})
    assert r.status == 403


def test_officer_scope_on_new_lists(work):
    c = work.client("unit_officer")
    t = c.get("/quan-ly/van-dong").text
    assert "Đỗ Minh Đức" in t and "Phạm Ngoài Huyện" not in t
    rows = csv_rows(c.get("/quan-ly/van-dong?format=csv&unit=TV-CK"))
    assert rows[1:] == []
    assert c.get(f"/quan-ly/van-dong/{work.ids['outside_a']}").status == 404
    assert c.get(f"/quan-ly/van-dong/{work.ids['overdue']}").status == 200
    # committee: the province's members and TV-CL's, not TV-CK's
    names = [r[0] for r in csv_rows(c.get("/quan-ly/ban-chi-dao?format=csv"))[1:]]
    assert "Lê Văn Hẳn" in names and "Nguyễn Thị Ánh" in names and "Phạm Văn Cầu" not in names
    assert c.get(f"/quan-ly/ban-chi-dao/{work.ids['ck_member']}").status == 404
    # units: its subtree only
    units = [r[0] for r in csv_rows(c.get("/quan-ly/don-vi?format=csv"))[1:]]
    assert units and all(x.startswith("TV-CL") for x in units), units
    codes = [r[3] for r in csv_rows(c.get("/quan-ly/dong-gop?format=csv"))[1:]]
    assert codes and all(x.startswith("TV-CL") for x in codes)
    units = [r[3] for r in csv_rows(c.get("/quan-ly/nha-hao-tam?format=csv"))[1:]]
    assert units and all(x.startswith("TV-CL") for x in units)
    # the province sees everything
    k = work.client("clerk")
    assert "Phạm Văn Cầu" in k.get("/quan-ly/ban-chi-dao").text
    assert len(csv_rows(k.get("/quan-ly/don-vi?format=csv"))) > len(units) + 1


# ---- the committee ----

def test_committee_workflow(work):
    c = work.client("admin")
    r = post_form(c, "/quan-ly/ban-chi-dao/moi", {
        "name": "Huỳnh Văn Tân", "role": "deputy", "title": "Phó Chủ tịch UBND tỉnh",
        "organisation": "UBND tỉnh", "duties": "Phụ trách vận động doanh nghiệp ngoài tỉnh",
        "unit": "", "phone": "0294 3862 000"})
    assert r.status == 303, r
    mid = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    rows = csv_rows(c.get("/quan-ly/ban-chi-dao?format=csv"))
    names = [x[0] for x in rows[1:]]
    # committee order: head, deputies, members ..., collaborators
    assert names.index("Lê Văn Hẳn") < names.index("Huỳnh Văn Tân") < names.index("Nguyễn Thị Ánh")
    assert [x for x in rows if x[0] == "Huỳnh Văn Tân"][0][4] == "Toàn tỉnh"
    r = post_form(c, f"/quan-ly/ban-chi-dao/{mid}", {"name": "Huỳnh Văn Tân", "role": "member",
                                                     "unit": "TV-CL"})
    assert r.status == 303
    t = c.get(f"/quan-ly/ban-chi-dao/{mid}").text
    assert "Thành viên" in t and "Huyện Càng Long" in t
    assert c.get("/quan-ly/ban-chi-dao?role=deputy").text.count("Huỳnh Văn Tân") == 0
    # search without diacritics
    assert "Huỳnh Văn Tân" in c.get("/quan-ly/ban-chi-dao?q=huynh+van").text
    r = post_form(c, "/quan-ly/ban-chi-dao/moi", {"name": "", "role": "member"})
    assert r.status == 422
    r = post_form(c, "/quan-ly/ban-chi-dao/moi", {"name": "A", "role": "member", "unit": "NOPE"})
    assert r.status == 422 and "NOPE" in r.text
    # a mobiliser reads, but may not edit
    m = work.client("mobiliser")
    assert m.get(f"/quan-ly/ban-chi-dao/{mid}").status == 200
    assert 'action="/quan-ly/ban-chi-dao/' not in m.get(f"/quan-ly/ban-chi-dao/{mid}").text
    assert post_form(m, f"/quan-ly/ban-chi-dao/{mid}", {"name": "Z", "role": "head"}).status == 403


# ---- units and targets ----

def test_units_workflow(work):
    c = work.client("admin")
    t = c.get("/quan-ly/don-vi?q=cang+long").text
    assert "Huyện Càng Long" in t and "Thị xã Duyên Hải" not in t
    r = post_form(c, "/quan-ly/don-vi/moi", {"code": "TV-CL-MOI", "name": "Xã Mới Lập",
                                             "parent": "TV-CL", "kind": "commune"})
    assert r.status == 303, r
    r = post_form(c, "/quan-ly/don-vi/TV-CL-MOI", {"name": "Xã Tân Lập", "kind": "commune"})
    assert r.status == 303
    r = post_form(c, "/quan-ly/don-vi/TV-CL-MOI/chi-tieu", {"campaign": "", "amount": "1.500.000.000"})
    assert r.status == 303, r
    rows = csv_rows(c.get("/quan-ly/chi-tieu?format=csv&q=tan+lap"))
    assert rows[1][:2] == ["TV-CL-MOI", "Xã Tân Lập"] and rows[1][3] == "TV-CL"
    assert rows[1][4] == "1500000000"
    r = post_form(c, "/quan-ly/don-vi/TV-CL-MOI/chi-tieu", {"amount": "một tỷ"})
    assert r.status == 422
    r = post_form(c, "/quan-ly/don-vi/moi", {"code": "TV-CL-MOI", "name": "Trùng mã"})
    assert r.status == 422 and "đã có đơn vị mang mã" in r.text
    assert c.get("/quan-ly/don-vi/KHONG-CO").status == 404
    audit = sql_ok(work.db, "SELECT action FROM audit_event WHERE object = 'TV-CL-MOI';")
    assert audit.split() == ["unit.add", "unit.update", "target.set"]


# ---- accounts and tokens ----

def test_account_lifecycle(work):
    admin = work.client("admin")
    r = post_form(admin, "/quan-ly/tai-khoan/moi", {"name": "hoa", "role": "clerk", "unit": "",
                                                    "password": "tam-thoi-123",
                                                    "password2": "tam-thoi-123"})
    assert r.status == 303, r
    # first login: must choose a password before anything else
    u = Client(work.port)
    r = u.login("hoa", "tam-thoi-123")
    assert r.header("Location") == "/quan-ly/mat-khau?bat-buoc=1"
    r = u.get("/quan-ly/dong-gop")
    assert r.status == 303 and r.header("Location").startswith("/quan-ly/mat-khau")
    page = u.get("/quan-ly/mat-khau")
    assert page.status == 200 and "quản trị viên" in page.text
    r = u.post("/quan-ly/mat-khau", form={"csrf": page.csrf(), "current": "tam-thoi-123",
                                          "new": "cua-rieng-hoa", "confirm": "cua-rieng-hoa"})
    assert r.status == 303
    u = Client(work.port)
    u.login("hoa", "cua-rieng-hoa")
    assert u.get("/quan-ly/dong-gop").status == 200
    # last login shows in the list
    rows = csv_rows(admin.get("/quan-ly/tai-khoan?format=csv"))
    hoa = [x for x in rows if x[0] == "hoa"][0]
    assert hoa[3] and hoa[8] == ""
    # role change ends its sessions
    r = post_form(admin, "/quan-ly/tai-khoan/hoa/vai-tro", {"role": "unit_officer", "unit": "TV-CL"})
    assert r.status == 303
    assert u.get("/quan-ly/dong-gop").header("Location").startswith("/dang-nhap")
    u.login("hoa", "cua-rieng-hoa")
    assert "Phạm Ngoài Huyện" not in u.get("/quan-ly/nha-hao-tam?q=pham+ngoai").text
    # a token, shown once, works on the API
    page = admin.get("/quan-ly/tai-khoan/hoa")
    r = admin.post("/quan-ly/tai-khoan/hoa/token", form={"csrf": page.csrf(), "label": "máy đối soát"})
    assert r.status == 201
    token = re.search(r'<code class="token">(asx_[A-Za-z0-9_-]+)</code>', r.text).group(1)
    assert token not in admin.get("/quan-ly/tai-khoan/hoa").text
    api = {"Authorization": f"Bearer {token}"}
    assert Client(work.port).get("/api/staff/me", headers=api).status == 200
    # disabling: the open session dies at once, and the token
    r = post_form(admin, "/quan-ly/tai-khoan/hoa/vo-hieu", {})
    assert r.status == 422
    r = post_form(admin, "/quan-ly/tai-khoan/hoa/vo-hieu", {"confirm": "1"})
    assert r.status == 303
    r = u.get("/quan-ly")
    assert r.status == 303 and r.header("Location").startswith("/dang-nhap")
    assert "asx_session" not in u.cookies
    assert Client(work.port).get("/api/staff/me", headers=api).status == 401
    Client(work.port).login("hoa", "cua-rieng-hoa", expect=401)
    assert "hoa" not in [x[0] for x in csv_rows(admin.get("/quan-ly/tai-khoan?format=csv"))]
    assert "hoa" in [x[0] for x in csv_rows(admin.get("/quan-ly/tai-khoan?format=csv&tat-ca=1"))]
    # admin may not disable itself
    assert post_form(admin, "/quan-ly/tai-khoan/admin/vo-hieu", {"confirm": "1"}).status == 422
    actions = sql_ok(work.db, "SELECT action FROM audit_event WHERE object = 'user:hoa' ORDER BY id;")
    steps = [a for a in actions.split() if a != "login"]
    assert steps == ["user.add", "user.password", "user.role", "user.remove"], actions


def test_password_reset_and_token_revoke(work):
    admin = work.client("admin")
    r = post_form(admin, "/quan-ly/tai-khoan/moi", {"name": "binh", "role": "inspector",
                                                    "password": "mot-hai-ba-bon",
                                                    "password2": "mot-hai-ba-bon"})
    assert r.status == 303
    r = post_form(admin, "/quan-ly/tai-khoan/moi", {"name": "binh", "role": "inspector",
                                                    "password": "mot-hai-ba-bon",
                                                    "password2": "mot-hai-ba-bon"})
    assert r.status == 409
    r = post_form(admin, "/quan-ly/tai-khoan/binh/mat-khau", {"password": "dat-lai-moi-1",
                                                              "password2": "khac-hẳn-123"})
    assert r.status == 422
    r = post_form(admin, "/quan-ly/tai-khoan/binh/mat-khau", {"password": "dat-lai-moi-1",
                                                              "password2": "dat-lai-moi-1"})
    assert r.status == 303
    u = Client(work.port)
    assert u.login("binh", "dat-lai-moi-1").header("Location") == "/quan-ly/mat-khau?bat-buoc=1"
    page = admin.get("/quan-ly/tai-khoan/binh")
    r = admin.post("/quan-ly/tai-khoan/binh/token", form={"csrf": page.csrf(), "label": "báo cáo"})
    tid = int(sql_ok(work.db, "SELECT max(id) FROM web_token;").strip())
    assert f"/quan-ly/token/{tid}/thu-hoi" in admin.get("/quan-ly/tai-khoan").text
    r = post_form(admin, f"/quan-ly/token/{tid}/thu-hoi", {"confirm": "1"})
    assert r.status == 303
    assert sql_ok(work.db, f"SELECT revoked_at IS NOT NULL FROM web_token WHERE id = {tid};").strip() == "1"
    assert post_form(admin, f"/quan-ly/token/{tid}/thu-hoi", {"confirm": "1"}).status == 404
    assert "user.reset" in sql_ok(work.db, "SELECT action FROM audit_event WHERE object = 'user:binh';")


# ---- the audit viewer ----

def test_audit_viewer(work):
    c = work.client("inspector")
    page = c.get("/quan-ly/nhat-ky")
    assert page.status == 200 and "Nhật ký thao tác" in page.text
    rows = csv_rows(c.get("/quan-ly/nhat-ky?format=csv"))
    assert rows[0] == ["Số", "Lúc", "Người thực hiện", "Thao tác", "Đối tượng", "Chi tiết"]
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids, reverse=True) and len(ids) == count(work.db, "audit_event")
    rows = csv_rows(c.get("/quan-ly/nhat-ky?format=csv&kind=committee"))
    assert rows[1:] and all(r[3].startswith("committee.") for r in rows[1:])
    rows = csv_rows(c.get("/quan-ly/nhat-ky?format=csv&actor=tester"))
    assert rows[1:] and all(r[2] == "tester" for r in rows[1:])
    # ANSINH_NOW is 01/12/2019 10:00 in Hà Nội: everything is on that day
    assert len(csv_rows(c.get("/quan-ly/nhat-ky?format=csv&from=01/12/2019&to=01/12/2019"))) > 1
    assert len(csv_rows(c.get("/quan-ly/nhat-ky?format=csv&to=30/11/2019"))) == 1
    assert len(csv_rows(c.get("/quan-ly/nhat-ky?format=csv&from=02/12/2019"))) == 1
    assert "01/12/2019 10:00" in page.text
    assert c.get("/quan-ly/nhat-ky?from=32/13/2019").status == 400
    # paging
    assert 'rel="next"' in page.text
    p2 = c.get("/quan-ly/nhat-ky?page=2")
    assert p2.status == 200 and 'rel="prev"' in p2.text
    # others may not read it
    assert work.client("mobiliser").get("/quan-ly/nhat-ky").status == 403


# ---- CSV exports ----

EXPORTS = ["/quan-ly/dong-gop", "/quan-ly/nha-hao-tam", "/quan-ly/van-dong", "/quan-ly/ban-chi-dao",
           "/quan-ly/don-vi", "/quan-ly/chi-tieu", "/quan-ly/tai-khoan", "/quan-ly/nhat-ky"]


@pytest.mark.parametrize("path", EXPORTS)
def test_every_list_exports_csv(work, path):
    c = work.client("admin")
    page = c.get(path)
    assert page.status == 200
    link = re.search(r'<a class="button" href="([^"]*format=csv)"[^>]*>Xuất CSV</a>', page.text)
    assert link, path
    rows = csv_rows(c.get(link.group(1).replace("&amp;", "&")))
    assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)


def xlsx_rows(resp):
    """The sheet of an Excel export: (title row, date row, rows from the header
    on), each cell as the web CSV writes it."""
    import datetime
    import openpyxl
    assert resp.status == 200, resp
    assert resp.header("Content-Type") == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disp = resp.header("Content-Disposition")
    assert disp.startswith("attachment; filename=") and disp.rstrip('"').endswith(".xlsx"), disp
    ws = openpyxl.load_workbook(io.BytesIO(resp.body)).active

    def text(v):
        if v is None:
            return ""
        if isinstance(v, datetime.datetime):
            return v.strftime("%d/%m/%Y")
        return str(v)
    rows = [[text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    return rows[0][0], rows[1][0], rows[3:]


def unguarded(cell):
    """A CSV cell without the formula guard's apostrophe (a typed xlsx string
    never needs it)."""
    return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell


@pytest.mark.parametrize("path", EXPORTS)
def test_every_list_exports_xlsx_like_its_csv(work, path):
    c = work.client("admin")
    page = c.get(path)
    link = re.search(r'<a class="button" href="([^"]*format=xlsx)"[^>]*>Xuất Excel</a>', page.text)
    assert link, path
    title, date, rows = xlsx_rows(c.get(link.group(1).replace("&amp;", "&")))
    csv_ = csv_rows(c.get(path + "?format=csv"))
    assert rows == [[unguarded(x) for x in r] for r in csv_], path
    assert len(rows) >= 2
    assert date.startswith("Ngày xuất: 01/12/2019 "), date
    if path in ("/quan-ly/dong-gop", "/quan-ly/van-dong", "/quan-ly/chi-tieu"):
        assert " — " in title, title  # the campaign is named
    assert "format=xlsx" not in title


def test_xlsx_typed_cells_and_filters(work):
    import openpyxl
    c = work.client("clerk")
    r = c.get("/quan-ly/dong-gop?format=xlsx&q=do+minh+duc")
    ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
    assert ws["A1"].value.startswith("Danh sách đóng góp — ")
    assert [x.value for x in ws[4]][:6] == ["Ngày", "Biên nhận", "Nhà hảo tâm", "Đơn vị",
                                            "Hình thức", "Số tiền"]
    data = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(data) == 1 and data[0][2] == "Đỗ Minh Đức"
    assert data[0][5] == 2000000 and isinstance(data[0][5], int)
    assert ws.cell(5, 1).is_date
    # the unit officer's export holds only the scope's rows, as the CSV does
    o = work.client("unit_officer")
    csv_ = csv_rows(o.get("/quan-ly/dong-gop?format=csv"))
    _, _, rows = xlsx_rows(o.get("/quan-ly/dong-gop?format=xlsx"))
    assert len(rows) == len(csv_) and {r[3] for r in rows[1:]} == {r[3] for r in csv_[1:]}


def test_csv_keeps_filters(work):
    c = work.client("clerk")
    page = c.get("/quan-ly/nha-hao-tam?q=do+minh+duc")
    link = re.search(r'href="([^"]*format=csv)"', page.text).group(1).replace("&amp;", "&")
    assert "q=do%20minh%20duc" in link, link
    rows = csv_rows(c.get(link))
    assert rows[1][1] == "Đỗ Minh Đức"
    assert len(rows) < len(csv_rows(c.get("/quan-ly/nha-hao-tam?format=csv")))
    rows = csv_rows(c.get("/quan-ly/dong-gop?format=csv&q=do+minh+duc"))
    assert [r[2] for r in rows[1:]] == ["Đỗ Minh Đức"] and rows[1][5] == "2000000"


def test_csv_formula_injection_guard(work):
    r = Runner(work.db.parent)
    r.db = work.db
    evil = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(A1)"]
    for i, name in enumerate(evil):
        did = _id(r.ok("donor", "add", "--name", name, "--kind", "business", "--unit", "TV-CL",
                       "--tax-code", f"99000000{i:02d}"), "donor")
        r.ok("canvass", "add", "--donor", did, "--member", work.ids["collab"], "--note", name)
    c = work.client("admin")
    raw = c.get("/quan-ly/nha-hao-tam?format=csv").body.decode("utf-8")
    for name in evil:
        assert "\n" + name not in raw and ",'" + name[:1] in raw.replace('"', "")
    rows = csv_rows(c.get("/quan-ly/nha-hao-tam?format=csv"))
    cells = {x[1] for x in rows[1:]}
    for name in evil:
        assert "'" + name in cells and name not in cells
    notes = {x[6] for x in csv_rows(c.get("/quan-ly/van-dong?format=csv"))[1:]}
    for name in evil:
        assert "'" + name in notes
    # the CLI's CSV for programs is unchanged
    names = {d["name"] for d in r.csv("donor", "list", "--limit", "1000")}
    assert set(evil) <= names


# ---- hostile text ----

def test_hostile_text_is_inert(work):
    c = work.client("admin")
    n_donors = count(work.db, "donor")
    r = post_form(c, "/quan-ly/ban-chi-dao/moi", {"name": XSS, "role": "member", "title": SQLI,
                                                  "organisation": XSS, "duties": XSS,
                                                  "phone": SQLI, "unit": ""})
    assert r.status == 303, r
    mid = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    for path in ("/quan-ly/ban-chi-dao", f"/quan-ly/ban-chi-dao/{mid}"):
        t = c.get(path).text
        assert "<script>alert" not in t and "<img src=x" not in t
        assert "&lt;script&gt;" in t
    r = post_form(c, "/quan-ly/van-dong/moi", {"donor": work.ids["duc"], "member": mid,
                                               "next_step": XSS, "note": SQLI})
    assert r.status == 303, r
    aid = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    for path in ("/quan-ly/van-dong", f"/quan-ly/van-dong/{aid}"):
        t = c.get(path).text
        assert "<script>alert" not in t and "&lt;script&gt;" in t
    assert SQLI in [x[6] for x in csv_rows(c.get("/quan-ly/van-dong?format=csv"))[1:]]
    r = post_form(c, "/quan-ly/don-vi/moi", {"code": "TV-XSS", "name": XSS, "parent": "TV",
                                             "kind": "other"})
    assert r.status == 303
    assert "<script>alert" not in c.get("/quan-ly/don-vi?q=script").text
    page = c.get("/quan-ly/tai-khoan/mobiliser")
    r = c.post("/quan-ly/tai-khoan/mobiliser/token", form={"csrf": page.csrf(), "label": XSS})
    assert r.status == 201 and "<script>alert" not in r.text
    # filters and searches with hostile text: answered, nothing leaks or breaks
    for path in ("/quan-ly/nhat-ky?actor=", "/quan-ly/ban-chi-dao?q=", "/quan-ly/don-vi?q=",
                 "/quan-ly/nha-hao-tam?q=", "/quan-ly/dong-gop?q="):
        for bad in (XSS, SQLI):
            from urllib.parse import quote
            r = c.get(path + quote(bad))
            assert r.status == 200, (path, r)
            assert "<script>alert" not in r.text
    assert c.get("/quan-ly/van-dong?unit=" + quote(SQLI)).status == 400
    assert count(work.db, "donor") == n_donors
    assert sql_ok(work.db, f"SELECT title FROM committee_member WHERE id = {mid};").strip() == SQLI


def test_nav_links(work):
    t = work.client("admin").get("/quan-ly").text
    for href in ("/quan-ly/van-dong", "/quan-ly/ban-chi-dao", "/quan-ly/don-vi",
                 "/quan-ly/tai-khoan", "/quan-ly/nhat-ky"):
        assert f'href="{href}"' in t
    t = work.client("fund_manager").get("/quan-ly").text
    assert 'href="/quan-ly/tai-khoan"' not in t and 'href="/quan-ly/van-dong"' not in t
