"""Documents on the web: the letter templates (/quan-ly/mau-van-ban) and
receipts as PDF (/quan-ly/bien-nhan/N.pdf)."""
import re

from e2e_helpers import count, sql_ok
from web_helpers import Client


def test_propaganda_previews_and_saves_a_template(fresh):
    c = Client(fresh.port)
    c.login("propaganda")
    page = c.get("/quan-ly/mau-van-ban")
    assert page.status == 200 and "thu-cam-on" in page.text and "mặc định" in page.text
    page = c.get("/quan-ly/mau-van-ban/thu-cam-on")
    assert page.status == 200 and "{{so_tien_bang_chu}}" in page.text
    body = re.search(r'<textarea[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    body = (body.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&#39;", "'"))
    csrf = page.csrf()
    # preview: nothing stored
    new = body.replace("Trân trọng cảm ơn!", "Xin chân thành cảm ơn <b>!</b>")
    r = c.post("/quan-ly/mau-van-ban/thu-cam-on",
               form={"csrf": csrf, "body": new, "action": "preview"})
    assert r.status == 200 and "Xin chân thành cảm ơn &lt;b&gt;!&lt;/b&gt;" in r.text
    assert count(fresh.db, "doc_template") == 0
    # an unknown placeholder is refused with its line
    bad = body.replace("Trân trọng cảm ơn!", "{{khong_co}}")
    r = c.post("/quan-ly/mau-van-ban/thu-cam-on", form={"csrf": csrf, "body": bad, "action": "save"})
    assert r.status == 422 and "không có chỗ điền {{khong_co}}" in r.text
    assert count(fresh.db, "doc_template") == 0
    # saved: version 1 (the default) and version 2
    r = c.post("/quan-ly/mau-van-ban/thu-cam-on", form={"csrf": csrf, "body": new, "action": "save"})
    assert r.status == 303 and r.header("Location").endswith("?da-luu=2")
    rows = sql_ok(fresh.db, "SELECT version, actor FROM doc_template ORDER BY version;").split()
    assert rows == ["1|propaganda", "2|propaganda"]
    assert "doc.template" in sql_ok(fresh.db, "SELECT action FROM audit_event;")


def test_inspector_reads_but_cannot_save(fresh):
    c = Client(fresh.port)
    c.login("inspector")
    page = c.get("/quan-ly/mau-van-ban/thu-moi")
    assert page.status == 200 and "readonly" in page.text and "Lưu phiên bản mới" not in page.text
    r = c.post("/quan-ly/mau-van-ban/thu-moi", form={"csrf": c.csrf() or "", "body": "x"})
    assert r.status == 403
    assert c.get("/quan-ly/mau-van-ban/khong-co").status == 404


def test_receipt_pdf_download_and_copy(fresh):
    cid = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    rno = sql_ok(fresh.db, f"SELECT receipt_no FROM contribution WHERE id = {cid};").strip()
    c = Client(fresh.port)
    c.login("clerk")
    page = c.get(f"/quan-ly/dong-gop/{cid}")
    assert f'href="/quan-ly/bien-nhan/{rno}.pdf"' in page.text
    assert 'href="/quan-ly/mau-van-ban"' in page.text  # in the menu
    r = c.get(f"/quan-ly/bien-nhan/{rno}.pdf")
    assert r.status == 200 and r.header("Content-Type").startswith("application/pdf")
    assert r.body.startswith(b"%PDF")
    r2 = c.get(f"/quan-ly/bien-nhan/{cid}.pdf")
    assert r2.status == 200 and r2.body.startswith(b"%PDF")
    assert sql_ok(fresh.db, "SELECT copy FROM document ORDER BY id;").split() == ["0", "1"]
    assert c.get(f"/quan-ly/bien-nhan/{rno}").status == 404
    assert c.get("/quan-ly/bien-nhan/KHONG-CO-000001.pdf").status == 404


def test_unit_officer_receipts_only_in_its_units(fresh):
    outside = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['outside']};").split()[0]
    inside = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    c = Client(fresh.port)
    c.login("unit_officer")
    assert c.get(f"/quan-ly/bien-nhan/{outside}.pdf").status == 404
    assert c.get(f"/quan-ly/bien-nhan/{inside}.pdf").status == 200
