"""9. ansinh demo: the Trà Vinh campaigns, deterministic, refused on a
database that already has a campaign."""
import pytest

from e2e_helpers import Runner, copy_db, one_line, snapshot

DISTRICTS = ["TV-TP", "TV-DHTX", "TV-CL", "TV-CK", "TV-TC", "TV-CT", "TV-CN", "TV-TCU", "TV-DH"]
SIZE = ["--donors", "300", "--contributions", "2000"]


@pytest.fixture
def demo(run, demo_db):
    copy_db(demo_db, run.db)
    return run


def test_campaigns(demo):
    codes = {c["code"] for c in demo.json("campaign", "list")}
    assert {"TV2019", "TV2017"} <= codes
    [c19] = demo.json("campaign", "show", "TV2019")
    assert c19["start"].startswith("2019-") and c19["end"] == "2019-12-31"
    assert c19["ceremony"] == "2020-01-10"


def test_2017_result(demo):
    received = demo.report("TV2017")["received"]
    assert 231_000_000_000 <= received <= 232_000_000_000, received


def test_district_units(demo):
    units = {u["code"]: u for u in demo.json("unit", "list")}
    assert units["TV"]["parent"] is None
    for code in DISTRICTS:
        assert code in units, code
        assert units[code]["parent"] == "TV", code
    districts = {c for c, u in units.items() if u["parent"] == "TV" and u["kind"] == "district"}
    assert districts == set(DISTRICTS)


def test_2019_has_targets_and_money(demo):
    targets = {t["unit"]: t["amount"] for t in demo.json("target", "list", "--campaign", "TV2019")}
    for code in DISTRICTS:
        assert targets.get(code, 0) > 0, code
    rep = demo.report("TV2019")
    assert rep["received"] > 0
    units = {u["code"]: u for u in rep["units"]}
    assert units["TV"]["received"] == rep["received"]
    assert len(demo.json("contribution", "list", "--campaign", "TV2019", "--limit", "5")) == 5
    assert len(demo.json("donor", "list")) >= 250


def test_verify_passes(demo):
    rc, out, err = demo("verify")
    assert rc == 0, err


def test_deterministic(tmp):
    outs = []
    for name in ("a", "b"):
        d = tmp / name
        d.mkdir()
        r = Runner(d)
        r.ok("demo", *SIZE)
        outs.append((r.ok("contribution", "list", "--format", "csv"),
                     r.ok("donor", "list", "--format", "csv"),
                     r.ok("pledge", "list", "--format", "csv"),
                     r.ok("report", "progress", "--campaign", "TV2019", "--format", "json"),
                     r.ok("report", "progress", "--campaign", "TV2017", "--format", "json")))
    a, b = outs
    assert len(a[0].splitlines()) > 2000
    for x, y in zip(a, b):
        assert x == y


def test_refused_when_a_campaign_exists(run):
    run.ok("init")
    run.ok("campaign", "add", "--code", "MINE", "--name", "Của tôi", "--start", "2019-01-01",
           "--end", "2019-12-31")
    before = snapshot(run)
    rc, out, err = run("demo", *SIZE)
    assert rc == 1 and one_line(err)
    assert "campaign" in err
    assert snapshot(run) == before


def test_refused_on_demo_database(demo):
    before = snapshot(demo)
    rc, out, err = demo("demo", *SIZE)
    assert rc == 1 and one_line(err)
    assert snapshot(demo) == before


def test_demo_into_initialised_empty_database(run):
    run.ok("init")
    run.ok("demo", "--donors", "50", "--contributions", "100")
    assert run("verify").rc == 0
    assert 231_000_000_000 <= run.report("TV2017")["received"] <= 232_000_000_000


def test_people_and_goods(demo):
    """The demo fills every staff page: a steering committee headed by the
    Bí thư Tỉnh ủy, canvassing of businesses at every stage, collection
    accounts, goods at every stage, one payroll list."""
    members = demo.json("committee", "list")
    head = [m for m in members if m["role"] == "head"]
    assert [(m["title"], m["organisation"]) for m in head] == [("Bí thư Tỉnh ủy", "Tỉnh ủy Trà Vinh")]
    assert {m["role"] for m in members} == {"head", "deputy", "member", "assistant", "collaborator"}
    orgs = {m["organisation"] for m in members}
    assert {"Ủy ban MTTQ Việt Nam tỉnh", "Sở Tài chính", "Sở Lao động - Thương binh và Xã hội",
            "Báo Trà Vinh"} <= orgs
    assigned = demo.json("canvass", "list")
    assert {a["status"] for a in assigned} == {"new", "contacted", "meeting", "pledged", "declined"}
    donors = {d["id"]: d for d in demo.json("donor", "list", "--limit", "100000")}
    assert all(donors[a["donor_id"]]["kind"] == "business" for a in assigned)
    assert all(a["next"] and a["next_date"] for a in assigned if a["status"] != "declined")
    assert any(a["overdue"] for a in assigned)
    accounts = demo.json("account", "list")
    assert [a["unit"] for a in accounts if a["campaign"] == "TV2019"][0] is None
    assert len(accounts) >= 3
    stock = demo.json("goods", "stock")
    assert len(stock) == 3
    moves = [m for g in demo.json("goods", "list") for m in demo.json("goods", "show", g["id"])]
    assert {m["kind"] for m in moves} == {"handover", "distribution"}
    assert {m["recipient_kind"] for m in moves if m["kind"] == "distribution"} >= {"unit", "household"}
    [pl] = demo.json("payroll", "list")
    assert pl["members"] == 10 and pl["total"] == 6_500_000
    # a bank statement of the province's account: some lines sure, some for a clerk
    lines = demo.json("reconcile", "list", "--status", "all")
    assert len(lines) == 10
    assert {l["status"] for l in lines} >= {"auto", "pending", "unmatched", "debit"}
    assert demo("verify").rc == 0


def test_money_only(run):
    run.ok("demo", "--donors", "50", "--contributions", "100", "--money-only")
    assert run.json("committee", "list") == [] and run.json("goods", "list") == []
    assert run.json("payroll", "list") == [] and run.json("account", "list") == []
