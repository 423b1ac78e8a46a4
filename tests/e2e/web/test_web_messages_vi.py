"""The web shows the core's error messages in Vietnamese (docs/vietnamese.md),
and decides its HTTP status from the kind of the error (ERR_NOTFOUND 404,
ERR_CONFLICT 409), not from the English text."""
import html
import re
import subprocess

import pytest

from e2e_helpers import BIN, base_env, sql_ok

# Words of the English messages that must not reach a Vietnamese page.
ENGLISH = re.compile(r"\b(must be|exists already|already in the ledger|no such|is not one of|"
                     r"not an amount|required|no unit|no user|no donor)\b")


def post_form(c, path, form):
    page = c.get("/quan-ly")
    return c.post(path, form={"csrf": page.csrf(), **form})


def shown(r):
    """The alert of a page: the message the user reads."""
    m = re.search(r'role="alert"[^>]*>(.*?)</', r.text, re.S)
    return html.unescape(m.group(1)) if m else r.text


def entry(site, **change):
    return dict({"donor": str(site.ids["duc"]), "amount": "1.000.000", "channel": "cash",
                 "date": "02/12/2019", "action": "save", "nonce": "v" * 43}, **change)


@pytest.mark.parametrize("change,want", [
    ({"amount": "0"}, "lớn hơn 0"),
    ({"channel": "transfer", "bank_ref": "FT-DUC-1"},
     "số giao dịch ngân hàng: 'FT-DUC-1' đã có trong sổ cái"),
    ({"amount": "1.00.000"}, "Số tiền"),
], ids=["zero", "bank-ref", "amount"])
def test_contribution_form_errors_in_vietnamese(web, change, want):
    c = web.client()
    c.login("clerk")
    r = post_form(c, "/quan-ly/dong-gop/moi", entry(web, **change))
    assert r.status == 422, r
    assert want in shown(r), shown(r)
    assert not ENGLISH.search(shown(r)), shown(r)


def test_api_keeps_english(web):
    """The JSON API is for programs: its messages stay English."""
    r = web.client().post("/api/staff/contributions", headers=web.api("clerk"),
                          json={"donor": web.ids["duc"], "amount": 1000, "channel": "transfer",
                                "bank_ref": "FT-DUC-1"})
    assert r.status == 422, r
    assert r.json()["error"] == "bank_ref: 'FT-DUC-1' is already in the ledger", r.json()


def test_conflicts_are_409_in_vietnamese(fresh):
    c = fresh.client()
    c.login("clerk")
    form = c.get("/quan-ly/nha-hao-tam/moi")
    r = c.post("/quan-ly/nha-hao-tam/moi", form={"csrf": form.csrf(), "name": "Đỗ Minh Đức",
                                                 "kind": "individual", "unit": "TV-CL"})
    assert r.status == 409, r
    assert shown(r) == (f"Không lưu được: đã có nhà hảo tâm này, mã số {fresh.ids['duc']} "
                        "(trùng tên, loại và đơn vị)"), shown(r)
    admin = fresh.client()
    admin.login("admin")
    r = post_form(admin, "/quan-ly/tai-khoan/moi", {"name": "clerk", "role": "clerk", "unit": "",
                                                    "password": "tam-thoi-123",
                                                    "password2": "tam-thoi-123"})
    assert r.status == 409, r
    assert shown(r) == "Không tạo được: đã có tài khoản 'clerk'", shown(r)


def test_not_found_is_404_in_vietnamese(fresh):
    admin = fresh.client()
    admin.login("admin")
    r = post_form(admin, "/quan-ly/token/999999/thu-hoi", {"confirm": "1"})
    assert r.status == 404, r
    assert "không có mã truy cập số 999999 đang hiệu lực" in shown(r), shown(r)
    r = post_form(admin, "/quan-ly/tai-khoan/khong-co/vai-tro", {"role": "clerk", "unit": ""})
    assert r.status == 404, r
    r = post_form(admin, "/quan-ly/don-vi/KHONG-CO", {"name": "Tên mới", "kind": "commune"})
    assert r.status == 404, r
    # a failure that is neither stays 422, in Vietnamese
    r = post_form(admin, "/quan-ly/don-vi/TV-CL", {"name": "Càng Long", "kind": "quan"})
    assert r.status == 422, r
    assert shown(r).startswith("Không lưu được: loại: không có loại đơn vị 'quan'"), shown(r)


def test_receipt_of_an_erased_donor_link_still_prints(fresh):
    """document.c tells the erased link from other failures by the English
    format (struct err's fmt), not by the message, which is Vietnamese here."""
    cid = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    rno = sql_ok(fresh.db, f"SELECT receipt_no FROM contribution WHERE id = {cid};").strip()
    p = subprocess.run([BIN, "--db", str(fresh.db), "log", "erase", rno, "--reason", "Nghị định 13"],
                       capture_output=True, env=base_env(), text=True)
    assert p.returncode == 0, p.stderr
    c = fresh.client()
    c.login("clerk")
    r = c.get(f"/quan-ly/bien-nhan/{rno}.pdf")
    assert r.status == 200 and r.body.startswith(b"%PDF"), r
