"""Hostile input ends up inert: script and markup in every text field are
shown as text, SQL in every field is stored and searched as text, pages
carry no inline script or style, and the sources keep to the one HTML
writer."""
import re
import urllib.parse
from pathlib import Path

import pytest

from e2e_helpers import REPO, count, sql_ok

XSS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "' onmouseover='alert(3)' x='",
    "</title><svg/onload=alert(4)>",
    "javascript:alert(5)//<a href=x>",
]
SQLI = [
    "' OR '1'='1",
    "Robert'); DROP TABLE donor;--",
    "\" OR 1=1 --",
    "%' UNION SELECT name, pw_hash FROM web_user --",
    "1; DELETE FROM contribution",
]
# what must never appear in a response: the active parts of XSS
ACTIVE = ["<script>alert", "<img src=x", "onmouseover='alert", "<svg/onload", "<a href=x>"]


def assert_inert(text, where):
    """In HTML, no payload became markup; in JSON (a value in quotes, read
    by programs) no raw < or > is sent, so not even a page that pasted the
    body into a <script> could be broken out of."""
    if text.lstrip().startswith("{"):
        assert "<" not in text and ">" not in text, where
        return
    for a in ACTIVE:
        assert a not in text, (where, a)
    for tag in tags(text):
        assert not re.search(r"\son[a-z]+\s*=", tag), (where, tag)


def tags(text):
    """Every start tag, with its quoted attribute values emptied (a value
    holds no '"': the writer escapes it), so only real attributes remain."""
    return [re.sub(r'"[^"]*"', '""', t) for t in re.findall(r"<[a-zA-Z][^>]*>", text)]


@pytest.fixture(scope="module")
def planted(web):
    """Donors and contributions whose every text field holds a payload,
    entered through the staff pages (forms) and the API."""
    c = web.client()
    c.login("clerk")
    csrf = c.csrf()
    donors = []
    for i, p in enumerate(XSS + SQLI):
        r = c.post("/quan-ly/nha-hao-tam/moi", form={
            "csrf": csrf, "name": f"Tên {i} {p}", "kind": "individual", "unit": "TV-CL",
            "phone": p[:40], "address": p})
        assert r.status == 303, (p, r)
        donor = re.search(r"donor=(\d+)", r.header("Location")).group(1)
        donors.append(donor)
        form = {"csrf": csrf, "donor": donor, "amount": "1.000.000", "channel": "transfer",
                "bank_ref": f"REF{i}-{p}"[:100], "note": p, "date": "05/12/2019",
                "action": "preview"}
        prev = c.post("/quan-ly/dong-gop/moi", form=form)
        assert prev.status == 200, prev
        assert_inert(prev.text, "preview")
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                                 prev.text[prev.text.index('action="/quan-ly/dong-gop/moi"'):]))
        import html
        hidden = {k: html.unescape(v) for k, v in hidden.items()}
        r = c.post("/quan-ly/dong-gop/moi", form=dict(hidden, action="save"))
        assert r.status == 303, r
    for i, p in enumerate(XSS + SQLI):
        r = c.post("/api/staff/contributions", json={
            "donor": int(donors[i]), "amount": 2000000, "channel": "goods", "goods": p,
            "quantity": p[:100], "note": p, "date": "06/12/2019"}, headers=web.api("clerk"))
        assert r.status == 201, r
    return {"client": c, "donors": donors}


def test_payloads_stored_literally(web, planted):
    for i, p in enumerate(XSS + SQLI):
        got = sql_ok(web.db, f"SELECT address FROM donor WHERE id = {planted['donors'][i]};")
        assert got.rstrip("\n") == p
    # and the tables are all still there
    assert count(web.db, "donor") > 300 and count(web.db, "contribution") > 2000
    assert count(web.db, "web_user") >= 7


def staff_pages(planted):
    pages = ["/quan-ly", "/quan-ly/dong-gop", "/quan-ly/nha-hao-tam?q=ten",
             "/quan-ly/nha-hao-tam", "/quan-ly/dong-gop?q=ten"]
    for d in planted["donors"]:
        pages.append(f"/quan-ly/dong-gop/moi?donor={d}")
    return pages


def test_staff_pages_show_payloads_as_text(web, planted):
    c = planted["client"]
    seen_escaped = False
    for path in staff_pages(planted):
        r = c.get(path)
        assert r.status == 200, (path, r)
        assert_inert(r.text, path)
        seen_escaped |= "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert seen_escaped
    ids = sql_ok(web.db, "SELECT id FROM contribution WHERE note IS NOT NULL ORDER BY id DESC LIMIT 20;").split()
    for cid in ids:
        r = c.get(f"/quan-ly/dong-gop/{cid}")
        assert r.status == 200
        assert_inert(r.text, cid)


def test_public_pages_show_payloads_as_text(web, planted):
    c = web.client()
    for path in ["/", "/dong-gop", "/dong-gop?q=ten", "/don-vi/TV-CL", "/bao-chi",
                 "/api/public/contributions?q=ten&per_page=100"]:
        r = c.get(path)
        assert r.status == 200
        assert_inert(r.text, path)
    t = c.get("/dong-gop?q=ten+0").text
    assert "Tên 0 &lt;script&gt;alert(1)&lt;/script&gt;" in t
    j = c.get("/api/public/contributions?q=ten%200").json()
    assert any(i["donor"] == "Tên 0 <script>alert(1)</script>" for i in j["items"])
    raw = c.get("/api/public/contributions?q=ten%200").text
    assert "<script>" not in raw  # JSON escapes < and > too


@pytest.mark.parametrize("payload", XSS + SQLI)
def test_search_boxes_take_anything(web, payload):
    c = web.client()
    q = urllib.parse.quote(payload)
    for path in [f"/dong-gop?q={q}", f"/don-vi/TV-CL?q={q}", f"/api/public/contributions?q={q}"]:
        r = c.get(path)
        assert r.status == 200, (path, r)
        assert_inert(r.text, path)
    k = web.client()
    k.login("inspector")
    for path in [f"/quan-ly/dong-gop?q={q}", f"/quan-ly/nha-hao-tam?q={q}",
                 f"/api/staff/donors?q={q}"]:
        r = k.get(path)
        assert r.status == 200, (path, r)
        assert_inert(r.text, path)


@pytest.mark.parametrize("payload", XSS + SQLI)
def test_login_form_takes_anything(web, payload):
    c = web.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", form={"csrf": page.csrf(), "name": payload[:60], "password": payload})
    assert r.status in (401, 422)
    assert_inert(r.text, "login")
    assert "asx_session" not in c.cookies


@pytest.mark.parametrize("payload", XSS + SQLI)
def test_reversal_reason_takes_anything(fresh, payload):
    c = fresh.client()
    c.login("clerk")
    cid = sql_ok(fresh.db, f"SELECT id FROM contribution WHERE donor_id = {fresh.ids['duc']};").split()[0]
    csrf = c.get(f"/quan-ly/dong-gop/{cid}").csrf()
    r = c.post(f"/quan-ly/dong-gop/{cid}/huy", form={"csrf": csrf, "reason": payload})
    assert r.status == 303
    assert sql_ok(fresh.db, f"SELECT memo FROM journal_entry WHERE reverses_id = {cid};").rstrip("\n") == payload
    assert_inert(c.get(f"/quan-ly/dong-gop/{cid}").text, "reversed")


@pytest.mark.parametrize("path", ["/don-vi/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                  "/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                  "/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                  "/quan-ly/dong-gop/%3Cscript%3E"])
def test_error_pages_do_not_echo_markup(web, path):
    c = web.client()
    c.login("clerk")
    r = c.get(path)
    assert r.status in (404, 303)
    assert_inert(r.text, path)


def test_no_inline_script_or_style(web, planted):
    c = planted["client"]
    pages = ["/", "/dong-gop", "/bao-chi", "/don-vi/TV-CL", "/dang-nhap", "/nope"] + staff_pages(planted)
    pages += ["/quan-ly/mat-khau", "/quan-ly/nha-hao-tam/moi"]
    for path in pages:
        t = c.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", t), path
        assert not re.search(r"<style", t), path
        # attributes are looked for inside tags only (escaped text has no <)
        for tag in tags(t):
            assert not re.search(r"\sstyle=", tag), (path, tag)
            assert not re.search(r"\son[a-z]+\s*=", tag), (path, tag)


def test_every_form_carries_csrf(web, planted):
    c = planted["client"]
    for path in ["/dang-nhap", "/quan-ly", "/quan-ly/mat-khau", "/quan-ly/nha-hao-tam/moi",
                 f"/quan-ly/dong-gop/moi?donor={planted['donors'][0]}"]:
        t = c.get(path).text
        for form in re.findall(r'<form method="post".*?</form>', t, re.S):
            assert 'name="csrf"' in form, (path, form[:200])


# ---- the sources keep to the one HTML writer ----

WEB = Path(REPO) / "src" / "web"
ALLOWED = re.compile(r"%(%|s|d|u|ld|lld|zu)")


def c_string_literals(text, start):
    """The concatenated string literals starting at text[start:]."""
    out, i = "", start
    while True:
        while i < len(text) and text[i] in " \t\n":
            i += 1
        if i >= len(text) or text[i] != '"':
            return out
        i += 1
        while text[i] != '"':
            if text[i] == "\\":
                out += text[i:i + 2]
                i += 2
            else:
                out += text[i]
                i += 1
        i += 1


def test_html_printf_formats_are_supported():
    """html_printf knows %s %d %u %ld %lld %zu %%; anything else would abort
    the server at run time, so it is refused here."""
    n = 0
    for f in sorted(WEB.glob("*.c")):
        text = f.read_text("utf-8")
        for m in re.finditer(r"\bhtml_printf\(", text):
            comma = text.index(",", m.end())
            fmt = c_string_literals(text, comma + 1)
            if f.name == "html.c" and not fmt:
                continue  # the definition
            assert fmt, f"{f.name}: html_printf without a literal format"
            stripped = ALLOWED.sub("", fmt)
            assert "%" not in stripped, f"{f.name}: unsupported conversion in {fmt!r}"
            n += 1
    assert n > 50


def test_pages_write_html_only_through_the_writer():
    """No page appends to an HTML buffer behind the writer's back."""
    for f in sorted(WEB.glob("*.c")):
        if f.name == "html.c":
            continue
        text = f.read_text("utf-8")
        bad = re.findall(r"buf_(?:put|puts|putc|printf|vprintf)\(\s*&?\s*\w+(?:\.|->)b\b", text)
        assert not bad, (f.name, bad)
