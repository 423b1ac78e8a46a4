"""Goods pages (/quan-ly/hien-vat, CAP_GOODS): receive, hand over,
distribute through the forms; stock shown per stage; a distribution beyond
the stock is refused with the books unchanged."""
import re

from e2e_helpers import count, sql_ok


def test_goods_flow(fresh):
    db = fresh.db
    donor = fresh.ids["duc"]
    c = fresh.client()
    c.login("clerk")
    page = c.get("/quan-ly/hien-vat")
    assert page.status == 200 and "Chưa tiếp nhận hiện vật nào" in page.text
    form = c.get("/quan-ly/hien-vat/moi")
    r = c.post("/quan-ly/hien-vat/moi", form={
        "csrf": form.csrf(), "donor": str(donor), "description": "Mì <ăn liền>",
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
    r = f.post(f"{loc}/ban-giao", form={"csrf": p.csrf(), "quantity": "150", "document": "BB-07"})
    assert r.status == 303
    r = f.post(f"{loc}/phan-phoi", form={"csrf": p.csrf(), "quantity": "10", "to": "household",
                                        "recipient": "Hộ ông Kim Sóc"})
    assert r.status == 303
    t = f.get(loc).text
    assert "Hộ ông Kim Sóc" in t and "BB-07" in t
    before = count(db, "journal_entry")
    r = f.post(f"{loc}/phan-phoi", form={"csrf": p.csrf(), "quantity": "141", "to": "person",
                                        "recipient": "X"})
    assert r.status == 422 and "only 140" in r.text
    assert count(db, "journal_entry") == before
    stock = f.get("/quan-ly/hien-vat").text
    assert f'href="/quan-ly/hien-vat/{item}"' in stock
    moved = sql_ok(db, f"SELECT kind, quantity, value FROM goods_movement WHERE item_id = {item} ORDER BY id;")
    assert moved.split() == ["handover|150|15000000", "distribution|10|1000000"]
    assert f.get("/quan-ly/hien-vat/999999").status == 404
