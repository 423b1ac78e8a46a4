"""8. The progress report: roll-ups, percent, exceeded, formats."""
import csv
import io
import json
from decimal import Decimal

import pytest

from e2e_helpers import HEADER, TREE_UNITS, write_csv


@pytest.fixture
def progress(tree, tmp):
    """C19 targets: P 10 000 000, D1 3 000 000, X1 1 000 000, D2 4 000 000.
    Received: X1 1 000 000 cash, X2 2 000 000 transfer, D1 itself 600 000
    payroll, X3 1 000 000 in goods, P itself 100 cash, and 50 000 to A1, a
    unit below X1 added for a fourth level."""
    tree.ok("unit", "add", "--code", "A1", "--name", "Ấp Chợ", "--parent", "X1", "--kind", "other")
    f = write_csv(tmp / "p.csv", HEADER + ",goods", [
        ["15/09/2019", "Nguyễn Văn Một", "individual", "X1", "950.000", "cash", ""],
        ["15/09/2019", "Tổ dân phố Ấp Chợ", "collective", "A1", "50.000", "cash", ""],
        ["16/09/2019", "Công ty Hai", "business", "X2", "2.000.000", "transfer", ""],
        ["17/09/2019", "Công đoàn huyện Càng Long", "collective", "D1", "600.000", "payroll", ""],
        ["18/09/2019", "Chùa Ba", "religious_org", "X3", "1.000.000", "goods", "100 bao gạo 10kg"],
        ["19/09/2019", "Người dân", "individual", "P", "100", "cash", ""],
    ])
    tree.ok("import", "contributions", f)
    return tree


EXPECTED = {
    # code: (target, received, percent, exceeded)
    "P": (10_000_000, 4_600_100, Decimal("46.00"), False),
    "D1": (3_000_000, 3_600_000, Decimal("120.00"), True),
    "X1": (1_000_000, 1_000_000, Decimal("100.00"), True),
    "A1": (None, 50_000, None, False),
    "X2": (None, 2_000_000, None, False),
    "D2": (4_000_000, 1_000_000, Decimal("25.00"), False),
    "X3": (None, 1_000_000, None, False),
}


def test_rollups_exact(progress):
    rep = progress.report("C19")
    units = {u["code"]: u for u in rep["units"]}
    assert set(units) == set(EXPECTED)
    for code, (target, received, percent, exceeded) in EXPECTED.items():
        u = units[code]
        assert u["received"] == received, code
        if target is not None:
            assert u["target"] == target, code
        else:
            assert u["target"] in (None, 0), code
        assert (None if u["percent"] is None else Decimal(str(u["percent"])).quantize(Decimal("0.01"))) \
            == percent, code
        assert u["exceeded"] is exceeded, code
    assert rep["received"] == units["P"]["received"] == 4_600_100
    # names and tree order as in the unit list
    assert [u["code"] for u in rep["units"]][:3] == ["P", "D1", "X1"]
    assert units["X3"]["name"] == "Xã Hòa Ân"


def test_received_is_whole_subtree(progress):
    units = {u["code"]: u for u in progress.report("C19")["units"]}
    parent = {u["code"]: u["parent"] for u in progress.json("unit", "list")}
    children = {}
    for code, p in parent.items():
        children.setdefault(p, []).append(code)
    for code, u in units.items():
        own = u.get("own")
        if own is None:
            continue
        assert u["received"] == own + sum(units[c]["received"] for c in children.get(code, [])), code


def test_root_received_equals_ledger_total(progress):
    total = sum(c["amount"] for c in progress.json("contribution", "list", "--campaign", "C19")
                if not c["reversed"])
    assert progress.report("C19")["received"] == total


def test_percent_is_two_decimals_in_csv(progress):
    rows = progress.csv("report", "progress", "--campaign", "C19")
    by = {r["code"]: r for r in rows}
    assert by["P"]["percent"] == "46.00"
    assert by["D1"]["percent"] == "120.00"
    assert by["X1"]["percent"] == "100.00"
    assert by["X2"]["percent"] == ""  # no target: no percent
    for r in rows:
        if r["percent"]:
            assert len(r["percent"].split(".")[1]) == 2


def test_csv_header(progress):
    out = progress.ok("report", "progress", "--campaign", "C19", "--format", "csv")
    header = next(csv.reader(io.StringIO(out)))
    for col in ("code", "name", "target", "received", "percent"):
        assert col in header
    assert header[0] == "code"
    assert header.index("target") < header.index("received") < header.index("percent")
    assert len(list(csv.reader(io.StringIO(out)))) == 1 + len(EXPECTED)


def test_text_marks_exceeded_units(progress):
    text = progress.ok("report", "progress", "--campaign", "C19")
    lines = {ln.split()[0]: ln for ln in text.splitlines() if ln.split() and ln.split()[0] in EXPECTED}
    assert "★" in lines["X1"] and "★" in lines["D1"]
    assert "★" not in lines["P"] and "★" not in lines["D2"]
    assert "4.600.100" in text  # total, Vietnamese grouping
    assert "Vận động 2019" in text


def test_goods_count_at_their_value(progress):
    units = progress.units_by_code("C19")
    assert units["X3"]["received"] == 1_000_000
    goods = [c for c in progress.json("contribution", "list") if c["channel"] == "goods"]
    assert [(g["amount"], g["goods"]) for g in goods] == [(1_000_000, "100 bao gạo 10kg")]


def test_exceeded_exactly_at_target(tree, tmp):
    tree.ok("import", "contributions", write_csv(tmp / "e.csv", HEADER,
            [["15/09/2019", "A", "individual", "D2", "3.999.999", "cash", ]]))
    d2 = tree.units_by_code("C19")["D2"]
    assert d2["percent"] == 99.99 and d2["exceeded"] is False
    tree.ok("import", "contributions", write_csv(tmp / "f.csv", HEADER,
            [["16/09/2019", "B", "individual", "D2", "1", "cash"]]))
    d2 = tree.units_by_code("C19")["D2"]
    assert d2["percent"] == 100.0 and d2["exceeded"] is True


def test_percent_never_reaches_100_before_target(tree, tmp):
    """99.9999 % is shown as 99.99, never rounded up to 100.00 while the
    unit is still short of its target."""
    tree.ok("target", "set", "--campaign", "C19", "--unit", "X2", "--amount", "1.000.000")
    tree.ok("import", "contributions", write_csv(tmp / "e.csv", HEADER,
            [["15/09/2019", "A", "individual", "X2", "999.999", "cash"]]))
    raw = tree.ok("report", "progress", "--campaign", "C19", "--format", "csv")
    x2 = next(r for r in csv.DictReader(io.StringIO(raw)) if r["code"] == "X2")
    assert x2["percent"] == "99.99" and x2["exceeded"] == "0"


def test_percent_within_a_hundredth(tree, tmp):
    tree.ok("import", "contributions", write_csv(tmp / "e.csv", HEADER, [
        ["15/09/2019", "A", "individual", "X1", "333.333", "cash"],
        ["15/09/2019", "B", "individual", "D1", "1.234.567", "cash"],
        ["15/09/2019", "C", "individual", "D2", "2", "cash"],
    ]))
    rows = tree.csv("report", "progress", "--campaign", "C19")
    for r in rows:
        if r["percent"]:
            exact = Decimal(r["received"]) * 100 / Decimal(r["target"])
            shown = Decimal(r["percent"])
            assert abs(shown - exact) < Decimal("0.01"), r
            assert shown <= exact or shown == exact.quantize(Decimal("0.01")), r


def test_no_target_and_zero_target(tree, tmp):
    tree.ok("target", "set", "--campaign", "C19", "--unit", "X3", "--amount", "0")
    tree.ok("import", "contributions", write_csv(tmp / "z.csv", HEADER,
            [["15/09/2019", "A", "individual", "X3", "5000", "cash"]]))
    units = tree.units_by_code("C19")
    assert units["X3"]["percent"] is None and units["X3"]["exceeded"] is False
    assert units["X2"]["percent"] is None and units["X2"]["exceeded"] is False


def test_report_of_other_campaign_and_default(tree, tmp):
    tree.ok("import", "contributions", write_csv(tmp / "z.csv", HEADER, [
        ["15/03/2017", "A", "individual", "X3", "5000", "cash"],
        ["15/09/2019", "A", "individual", "X3", "7000", "cash"]]))
    c17 = tree.report("C17")
    assert c17["campaign"]["code"] == "C17" and c17["received"] == 5000
    assert all(u["percent"] is None for u in c17["units"])
    assert [u["code"] for u in c17["units"]] == [u[0] for u in TREE_UNITS]
    default = tree.report()
    assert default["campaign"]["code"] == "C19" and default["received"] == 7000


def test_report_json_shape(tree):
    rep = json.loads(tree.ok("report", "progress", "--format", "json"))
    assert set(rep) >= {"campaign", "received", "units"}
    for u in rep["units"]:
        assert {"code", "name", "target", "received", "percent"} <= set(u)
        assert isinstance(u["received"], int)


def test_rollups_on_a_random_tree(run, tmp):
    """A deep, wide tree with names that sort in every order (diacritics,
    case, digits, a name that is a prefix of another): the report's
    roll-up equals the sum over each subtree computed here."""
    import random
    rnd = random.Random(2019)
    words = ["An", "Ấp", "ấp", "Bình", "Đông", "Dong", "Đông Hải", "Hòa", "Hoà", "Long", "Mỹ", "My", "Tân",
             "Trà", "Tra", "Vĩnh", "Xã", "Ô Môn", "Ông", "1", "10", "2", "Ða", "Z"]
    units = [("U0", "Tỉnh", None)]
    for i in range(1, 80):
        parent = units[rnd.randrange(len(units))][0]
        name = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 3)))
        units.append((f"U{i}", name, parent))
    run.ok("init")
    run.ok("campaign", "add", "--code", "C", "--name", "C", "--start", "2019-08-01", "--end", "2019-12-31")
    f = write_csv(tmp / "units.csv", "code,name,parent", [[c, n, p or ""] for c, n, p in units])
    run.ok("unit", "import", f)
    own = {c: 0 for c, _, _ in units}
    rows = []
    for i in range(600):
        code = rnd.choice(units)[0]
        amount = rnd.randint(1, 5000) * 1000
        own[code] += amount
        rows.append(["15/09/2019", f"Người {i % 97}", "individual", code, str(amount), "cash"])
    run.ok("import", "contributions", write_csv(tmp / "c.csv", HEADER, rows))
    children = {}
    for c, _, p in units:
        children.setdefault(p, []).append(c)

    def subtree(c):
        return own[c] + sum(subtree(k) for k in children.get(c, []))

    rep = run.report("C")
    assert len(rep["units"]) == len(units)
    got = {u["code"]: u["received"] for u in rep["units"]}
    assert got == {c: subtree(c) for c, _, _ in units}
    assert rep["received"] == sum(own.values())
    # parents are listed before their children
    seen = set()
    for u in rep["units"]:
        assert u["parent"] is None or u["parent"] in seen, u
        seen.add(u["code"])
