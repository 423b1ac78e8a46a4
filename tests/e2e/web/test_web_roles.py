"""Who may do what.  The role × route matrix is generated from the server's
own route table (`ansinh serve --routes`), so a new route is tested the
moment it exists; the policy itself (which role holds which capability) is
written out here, independently, so a change to it must change this file."""
import json
import subprocess

import pytest

from e2e_helpers import BIN, base_env, count, sql_ok
from web_helpers import ROLES, Client

# DESIGN.md's table of roles, as capabilities.
READ_ALL = {"staff", "donor.read", "contribution.read", "pledge.read", "canvass.read",
            "document.read"}
POLICY = {
    "admin": READ_ALL | {"donor.write", "pledge.write", "contribution.write",
                         "contribution.reverse", "bank", "goods", "document.write",
                         "user.admin", "canvass.write", "audit.read", "setup", "fund.read",
                         "fund.write"},
    "mobiliser": READ_ALL | {"donor.write", "pledge.write", "canvass.write"},
    "clerk": READ_ALL | {"donor.write", "contribution.write", "contribution.reverse", "bank",
                         "goods"},
    "propaganda": READ_ALL | {"document.write"},
    "unit_officer": READ_ALL | {"donor.write", "pledge.write", "contribution.write"},
    "fund_manager": {"staff", "contribution.read", "goods", "fund.read", "fund.write"},
    "inspector": READ_ALL | {"audit.read", "fund.read"},
}
KNOWN_CAPS = {"public"} | set().union(*POLICY.values())


def routes_table():
    p = subprocess.run([BIN, "serve", "--routes"], capture_output=True, env=base_env(), check=True)
    return json.loads(p.stdout)


TABLE = routes_table()
ROUTES = TABLE["routes"]


def test_policy_is_the_designed_one():
    assert {r: set(c) for r, c in TABLE["roles"].items()} == POLICY


def test_every_route_names_a_known_capability():
    assert ROUTES
    for r in ROUTES:
        assert r["capability"] in KNOWN_CAPS, r
        assert r["method"] in ("GET", "POST"), r
        assert r["body"] in ("none", "form", "json", "multipart"), r
        if r["method"] == "POST":
            limit = 16 * 1024 * 1024 if r["body"] == "multipart" else 64 * 1024
            assert r["body"] != "none" and 0 < r["body_max"] <= limit, r
        # staff pages and staff API never public
        if r["pattern"].startswith(("/quan-ly", "/api/staff")):
            assert r["capability"] != "public", r
    keys = [(r["method"], r["pattern"]) for r in ROUTES]
    assert len(keys) == len(set(keys))


def test_inspector_changes_nothing():
    for r in ROUTES:
        if "inspector" in r["roles"] and r["method"] == "POST":
            assert r["pattern"] in ("/dang-nhap", "/dang-xuat", "/quan-ly/mat-khau"), r


def fill(pattern, ids):
    return (pattern.replace("{code}", "TV-CL").replace("{name}", "style.css")
            .replace("{id}", str(ids["contribution_in_scope"])))


@pytest.fixture(scope="module")
def matrix_ids(web):
    cid = int(sql_ok(web.db, f"SELECT id FROM contribution WHERE donor_id = {web.ids['duc']};").split()[0])
    return {"contribution_in_scope": cid}


def principal(web, who):
    """A logged-in client for who (None: nobody) and its CSRF token."""
    c = web.client()
    if who is None:
        return c, c.get("/dang-nhap").csrf()
    c.login(who)
    return c, c.csrf()


def call(web, c, csrf, who, route, ids, via_token):
    path = fill(route["pattern"], ids)
    headers = {}
    if via_token and who:
        headers.update(web.api(who))
    if route["method"] == "GET":
        return c.get(path, headers=headers, cookies=not via_token)
    if route["body"] == "json":
        if not via_token:
            headers["X-CSRF-Token"] = csrf or ""
        return c.post(path, json={}, headers=headers, cookies=not via_token)
    if route["body"] == "multipart":
        return c.upload(path, [("csrf", csrf or "")], [], headers=headers)
    return c.post(path, form={"csrf": csrf or ""}, headers=headers)


def check(route, who, r):
    allowed = route["capability"] == "public" or (who is not None and who in route["roles"])
    loc = r.header("Location") or ""
    to_login = r.status == 303 and (loc == "/dang-nhap" or loc.startswith("/dang-nhap?next="))
    what = f"{route['method']} {route['pattern']} as {who}: {r.status} {loc} {r.body[:200]!r}"
    assert r.status < 500, what
    if allowed:
        assert r.status not in (401, 403) and not to_login, what
    elif who is None:
        if route["api"]:
            assert r.status == 401 and "error" in r.json(), what
        else:
            assert to_login, what
    else:
        assert r.status == 403, what


@pytest.mark.parametrize("who", [None] + ROLES)
def test_role_route_matrix(web, matrix_ids, who):
    """Every route, called by nobody and by each role: pages with the
    session, API routes with the role's token and with the session.  Writes
    are sent empty, so an allowed one is refused for its input (422), never
    for its caller, and nothing is stored."""
    before = {t: count(web.db, t) for t in ("donor", "pledge", "contribution", "journal_entry")}
    c, csrf = principal(web, who)
    last = []
    for route in ROUTES:
        if route["pattern"] == "/dang-xuat":
            last.append(route)  # logging out ends the session the others use
            continue
        if route["pattern"] == "/dang-nhap" and route["method"] == "POST" and who:
            continue  # logging in again would start a new session: tested elsewhere
        r = call(web, c, csrf, who, route, matrix_ids, via_token=False)
        check(route, who, r)
        if route["api"] and who:
            r = call(web, c, csrf, who, route, matrix_ids, via_token=True)
            check(route, who, r)
    for route in last:
        r = call(web, c, csrf, who, route, matrix_ids, via_token=False)
        check(route, who, r)
        if who:
            assert r.header("Location") == "/dang-nhap?ra=1"
    after = {t: count(web.db, t) for t in before}
    assert after == before


def test_every_route_is_in_the_matrix():
    """The matrix walks ROUTES; this guards the special cases above from
    hiding a route: only logout and re-login are treated apart."""
    special = [r for r in ROUTES if r["pattern"] in ("/dang-xuat",)]
    assert len(special) == 1


# ---- the unit officer's scope ----

def test_officer_sees_only_its_subtree_of_donors(web):
    c = Client(web.port)
    c.login("unit_officer")
    page = c.get("/quan-ly/nha-hao-tam").text
    assert "Phạm Ngoài Huyện" not in page
    assert c.get("/quan-ly/nha-hao-tam?q=pham+ngoai").text.count("Phạm Ngoài Huyện") == 0
    r = c.get("/api/staff/donors?q=pham%20ngoai")
    assert r.json()["items"] == []
    units = {d["unit"] for d in c.get("/api/staff/donors?limit=50").json()["items"]}
    assert units and all(u.startswith("TV-CL") for u in units), units
    # the clerk sees the province
    k = Client(web.port)
    k.login("clerk")
    assert "Phạm Ngoài Huyện" in k.get("/quan-ly/nha-hao-tam?q=pham+ngoai").text


def test_officer_sees_only_its_subtree_of_contributions(web):
    c = Client(web.port)
    c.login("unit_officer")
    outside = sql_ok(web.db, f"SELECT id FROM contribution WHERE donor_id = {web.ids['outside']};").split()[0]
    assert c.get(f"/quan-ly/dong-gop/{outside}").status == 404
    k = Client(web.port)
    k.login("clerk")
    assert k.get(f"/quan-ly/dong-gop/{outside}").status == 200
    page = c.get("/quan-ly/dong-gop").text
    import re
    codes = set(re.findall(r"<td class=\"opt\">(TV-[A-Z0-9-]+)</td>", page))
    assert codes and all(x.startswith("TV-CL") for x in codes), codes


def test_officer_cannot_write_outside_its_subtree(web):
    api = web.api("unit_officer")
    c = web.client()
    before = {t: count(web.db, t) for t in ("donor", "contribution", "pledge")}
    r = c.post("/api/staff/contributions", json={"donor": web.ids["outside"], "amount": 1000000,
                                                 "channel": "cash"}, headers=api)
    assert r.status == 422 and "scope" in r.json()["error"]
    r = c.post("/api/staff/contributions", json={"donor": web.ids["duc"], "amount": 1000000,
                                                 "channel": "cash", "unit": "TV-CK"}, headers=api)
    assert r.status == 422 and "scope" in r.json()["error"]
    r = c.post("/api/staff/donors", json={"name": "Người Huyện Khác", "kind": "individual",
                                          "unit": "TV-CK"}, headers=api)
    assert r.status == 422
    r = c.post("/api/staff/pledges", json={"donor": web.ids["outside"], "amount": "1.000.000"},
               headers=api)
    assert r.status == 422
    assert {t: count(web.db, t) for t in before} == before
    r = c.post("/api/staff/donors", json={"name": "Người Trong Huyện", "kind": "individual",
                                          "unit": "TV-CL-ANTRUONG"}, headers=api)
    assert r.status == 201


def test_officer_dashboard_shows_its_unit(web):
    c = Client(web.port)
    c.login("unit_officer")
    page = c.get("/quan-ly").text
    assert "Đã tiếp nhận — Huyện Càng Long" in page
    assert "Huyện Cầu Kè" not in page
    assert "Cán bộ đơn vị" in page and "TV-CL" in page


def test_officer_unit_choices_are_its_subtree(web):
    c = Client(web.port)
    c.login("unit_officer")
    page = c.get(f"/quan-ly/dong-gop/moi?donor={web.ids['duc']}").text
    import re
    values = re.findall(r'<option value="(TV[^"]*)"', page)
    assert values and all(v.startswith("TV-CL") for v in values), values
