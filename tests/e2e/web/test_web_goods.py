"""Goods pages (/quan-ly/hien-vat, CAP_GOODS): receive, hand over,
distribute through the forms; stock shown per stage; a distribution beyond
the stock is refused with the books unchanged; each form's one-time nonce
makes a second submission (double click, reload, replayed POST) store
nothing."""
import re

from e2e_helpers import count, sql_ok
from web_helpers import nonce

BOOKS = ("contribution", "journal_entry", "goods_item", "goods_movement", "audit_event",
         "log_checkpoint")


def books(db):
    return {t: count(db, t) for t in BOOKS}


def test_goods_flow(fresh):
    db = fresh.db
    donor = fresh.ids["duc"]
    c = fresh.client()
    c.login("clerk")
    page = c.get("/quan-ly/hien-vat")
    assert page.status == 200 and "Chưa tiếp nhận hiện vật nào" in page.text
    form = c.get("/quan-ly/hien-vat/moi")
    r = c.post("/quan-ly/hien-vat/moi", form={
        "csrf": form.csrf(), "nonce": nonce(form.text, "/quan-ly/hien-vat/moi"), "donor": str(donor), "description": "Mì <ăn liền>",
        "quantity": "200", "measure": "thùng", "value": "20.000.000", "valued_by": "market",
        "date": "02/12/2019"})
    assert r.status == 303, r.text[:500]
    loc = r.header("Location")
    item = int(re.fullmatch(r"/quan-ly/hien-vat/(\d+)", loc).group(1))
    t = c.get(loc).text
    assert "Mì &lt;ăn liền&gt;" in t and "<ăn" not in t and "20.000.000 đ" in t
    # the fund manager takes over and distributes
    f = fresh.client()
    f.login("fund_manager")
    p = f.get(loc)
    assert p.status == 200
    r = f.post(f"{loc}/ban-giao", form={"csrf": p.csrf(), "nonce": nonce(p.text, f"{loc}/ban-giao"),
                                        "quantity": "150", "document": "BB-07"})
    assert r.status == 303
    r = f.post(f"{loc}/phan-phoi", form={"csrf": p.csrf(), "nonce": nonce(p.text, f"{loc}/phan-phoi"),
                                         "quantity": "10", "to": "household",
                                        "recipient": "Hộ ông Kim Sóc"})
    assert r.status == 303
    t = f.get(loc).text
    assert "Hộ ông Kim Sóc" in t and "BB-07" in t
    before = count(db, "journal_entry")
    p = f.get(loc)
    r = f.post(f"{loc}/phan-phoi", form={"csrf": p.csrf(), "nonce": nonce(p.text, f"{loc}/phan-phoi"),
                                         "quantity": "141", "to": "person",
                                        "recipient": "X"})
    assert r.status == 422 and "chỉ còn 140" in r.text
    assert count(db, "journal_entry") == before
    stock = f.get("/quan-ly/hien-vat").text
    assert f'href="/quan-ly/hien-vat/{item}"' in stock
    moved = sql_ok(db, f"SELECT kind, quantity, value FROM goods_movement WHERE item_id = {item} ORDER BY id;")
    assert moved.split() == ["handover|150|15000000", "distribution|10|1000000"]
    assert f.get("/quan-ly/hien-vat/999999").status == 404


def test_replayed_goods_forms_store_nothing(fresh):
    """Each goods form sent twice (the same nonce): the second stores nothing
    and lands on what the first made; without a nonce nothing is stored."""
    db = fresh.db
    c = fresh.client()
    c.login("clerk")
    form = c.get("/quan-ly/hien-vat/moi")
    post = {"csrf": form.csrf(), "nonce": nonce(form.text, "/quan-ly/hien-vat/moi"),
            "donor": str(fresh.ids["duc"]), "description": "Gạo", "quantity": "100",
            "measure": "kg", "value": "2.000.000", "valued_by": "invoice", "date": "02/12/2019"}
    first = c.post("/quan-ly/hien-vat/moi", form=post)
    assert first.status == 303, first.text[:300]
    loc = first.header("Location")
    after_first = books(db)
    again = c.post("/quan-ly/hien-vat/moi", form=post)
    assert again.status == 303 and again.header("Location") == loc + "?da-luu=1"
    assert books(db) == after_first
    assert "đã được gửi từ lần bấm trước" in c.get(again.header("Location")).text
    # without a nonce (an old page, a forged post): refused, nothing stored
    bare = {k: v for k, v in post.items() if k != "nonce"}
    r = c.post("/quan-ly/hien-vat/moi", form=bare)
    assert r.status == 422 and "mã xác nhận" in r.text
    r = c.post("/quan-ly/hien-vat/moi", form={**post, "nonce": "x' OR 1=1 --"})
    assert r.status == 422
    assert books(db) == after_first

    f = fresh.client()
    f.login("fund_manager")
    for action, fields in ((f"{loc}/ban-giao", {"quantity": "60"}),
                           (f"{loc}/phan-phoi", {"quantity": "60", "to": "household",
                                                 "recipient": "Hộ bà Sơn Thị Mỹ"})):
        page = f.get(loc)
        post = {"csrf": page.csrf(), "nonce": nonce(page.text, action), **fields}
        r = f.post(action, form=post)
        assert r.status == 303 and r.header("Location") == loc, r.text[:300]
        moved = books(db)
        # the same post again: 60 more would still fit for the handover (100
        # received), yet nothing moves; for the distribution it would not fit,
        # and the replay is still answered as the first save, not an error
        r = f.post(action, form=post)
        assert r.status == 303 and r.header("Location") == loc + "?da-luu=1"
        assert books(db) == moved
    item = loc.rsplit("/", 1)[1]
    moves = sql_ok(db, f"SELECT kind, quantity FROM goods_movement WHERE item_id = {item} ORDER BY id;")
    assert moves.split() == ["handover|60", "distribution|60"]
    # a fresh form may move the rest
    page = f.get(loc)
    r = f.post(f"{loc}/ban-giao", form={"csrf": page.csrf(), "nonce": nonce(page.text, f"{loc}/ban-giao"),
                                        "quantity": "40"})
    assert r.status == 303 and r.header("Location") == loc
