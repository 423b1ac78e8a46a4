"""3. The stable command forms, and every listing in text, CSV and JSON."""
import csv
import io
import json

import pytest

from e2e_helpers import HEADER, TREE_TARGETS, TREE_UNITS, count, one_line, write_csv


def test_campaign_add_and_show(run):
    run.ok("init")
    run.ok("campaign", "add", "--code", "TV2019", "--name", "Quỹ An sinh xã hội 2019",
           "--start", "01/08/2019", "--end", "31/12/2019", "--ceremony", "10/01/2020",
           "--deadline", "2020-04-10", "--report", "30/04/2020", "--goal", "250.000.000.000")
    [c] = run.json("campaign", "show", "TV2019")
    assert c == {"code": "TV2019", "name": "Quỹ An sinh xã hội 2019", "start": "2019-08-01",
                 "end": "2019-12-31", "ceremony": "2020-01-10", "deadline": "2020-04-10",
                 "report": "2020-04-30", "goal": 250_000_000_000}
    text = run.ok("campaign", "show", "TV2019")
    assert "TV2019" in text and "Quỹ An sinh xã hội 2019" in text


@pytest.mark.parametrize("ceremony,deadline", [
    ("10/01/2020", "2020-04-10"),
    ("2019-11-30", "2020-02-29"),   # clamped to the end of a leap February
    ("31/10/2019", "2020-01-31"),
    ("30/11/2018", "2019-02-28"),
], ids=["plain", "leap-clamp", "year-wrap", "clamp"])
def test_campaign_deadline_defaults_to_ceremony_plus_3_months(run, ceremony, deadline):
    run.ok("init")
    run.ok("campaign", "add", "--code", "C", "--name", "C", "--start", "01/01/2018",
           "--end", "31/12/2019", "--ceremony", ceremony)
    [c] = run.json("campaign", "show", "C")
    assert c["deadline"] == deadline


def test_campaign_minimal_and_list(run):
    run.ok("init")
    run.ok("campaign", "add", "--code", "A", "--name", "A", "--start", "2019-01-01", "--end", "2019-01-01")
    run.ok("campaign", "add", "--code", "B", "--name", "B", "--start", "2020-01-01", "--end", "2020-06-30")
    cs = run.json("campaign", "list")
    assert sorted(c["code"] for c in cs) == ["A", "B"]
    a = next(c for c in cs if c["code"] == "A")
    assert a["ceremony"] is None and a["deadline"] is None and a["goal"] == 0


def test_unit_add_and_list(tree):
    units = tree.json("unit", "list")
    assert [(u["code"], u["name"], u["parent"] or None, u["kind"]) for u in units] == \
        [(c, n, p, k) for c, n, p, k in TREE_UNITS]


@pytest.mark.parametrize("kind", ["province", "district", "commune", "department", "organisation",
                                  "party", "armed_forces", "other"])
def test_unit_kinds(run, kind):
    run.ok("init")
    run.ok("unit", "add", "--code", "R", "--name", "Root")
    run.ok("unit", "add", "--code", "K", "--name", "Kind", "--parent", "R", "--kind", kind)
    assert {u["code"]: u["kind"] for u in run.json("unit", "list")}["K"] == kind


def test_unit_import(run, tmp):
    run.ok("init")
    f = write_csv(tmp / "units.csv", "code,name,parent,kind",
                  [["P", "Tỉnh Trà Vinh", "", "province"], ["D", "Huyện Tiểu Cần", "P", "district"],
                   ["X", "Xã Hiếu Tử", "D", "commune"]])
    out = run.ok("unit", "import", f)
    assert "3" in out
    assert [(u["code"], u["parent"]) for u in run.json("unit", "list")] == \
        [("P", None), ("D", "P"), ("X", "D")]


def test_unit_import_all_or_nothing(run, tmp):
    run.ok("init")
    f = write_csv(tmp / "units.csv", "code,name,parent",
                  [["P", "Tỉnh", ""], ["D", "Huyện", "NOPE"]])
    rc, out, err = run("unit", "import", f)
    assert rc == 1 and one_line(err) and "units.csv:3:" in err and "NOPE" in err
    assert count(run.db, "unit") == 0


def test_target_set_and_list(tree):
    ts = tree.json("target", "list", "--campaign", "C19")
    assert {t["unit"]: t["amount"] for t in ts} == TREE_TARGETS
    tree.ok("target", "set", "--campaign", "C19", "--unit", "X1", "--amount", "1.500.000")
    ts = tree.json("target", "list", "--campaign", "C19")
    assert {t["unit"]: t["amount"] for t in ts}["X1"] == 1_500_000
    assert tree.json("target", "list", "--campaign", "C17") == []


def test_target_import(tree, tmp):
    f = write_csv(tmp / "targets.csv", "unit,amount", [["X2", "2.000.000"], ["X3", "3,000,000"]])
    tree.ok("target", "import", f, "--campaign", "C17")
    ts = tree.json("target", "list", "--campaign", "C17")
    assert {t["unit"]: t["amount"] for t in ts} == {"X2": 2_000_000, "X3": 3_000_000}


def test_target_import_campaign_column(tree, tmp):
    f = write_csv(tmp / "targets.csv", "campaign,unit,amount", [["C17", "X2", "7"], ["C19", "X2", "8"]])
    tree.ok("target", "import", f)
    assert {t["unit"]: t["amount"] for t in tree.json("target", "list", "--campaign", "C17")} == {"X2": 7}
    assert {t["unit"]: t["amount"] for t in tree.json("target", "list", "--campaign", "C19")}["X2"] == 8


def test_target_import_all_or_nothing(tree, tmp):
    f = write_csv(tmp / "targets.csv", "unit,amount", [["X2", "5"], ["X3", "năm"]])
    rc, out, err = tree("target", "import", f, "--campaign", "C17")
    assert rc == 1 and one_line(err) and "targets.csv:3:" in err and "amount" in err
    assert tree.json("target", "list", "--campaign", "C17") == []


def test_donor_add_list_show(tree):
    out = tree.ok("donor", "add", "--name", "Công ty CP Dược Cửu Long", "--kind", "business",
                  "--unit", "D1", "--tax-code", "1500202535", "--phone", "0270 3822533",
                  "--email", "info@example.vn", "--address", "150 đường 14/9, Vĩnh Long")
    assert "donor 1 added" in out
    tree.ok("donor", "add", "--name", "Thạch Thị Sa Rươne", "--kind", "individual", "--unit", "X3",
            "--gender", "F", "--outside-province", "--anonymous")
    ds = tree.json("donor", "list")
    assert len(ds) == 2
    for d in ds:
        assert {"id", "name", "kind", "unit"} <= d.keys()
    by = {d["name"]: d for d in ds}
    assert by["Công ty CP Dược Cửu Long"]["kind"] == "business"
    assert by["Công ty CP Dược Cửu Long"]["unit"] == "D1"
    assert by["Công ty CP Dược Cửu Long"]["tax_code"] == "1500202535"
    assert by["Thạch Thị Sa Rươne"]["in_province"] is False
    assert by["Thạch Thị Sa Rươne"]["publish_name"] is False
    [d] = tree.json("donor", "show", "1")
    assert d["id"] == 1 and d["name"] == "Công ty CP Dược Cửu Long"
    assert "Công ty CP Dược Cửu Long" in tree.ok("donor", "show", "1")


def test_donor_show_unknown(tree):
    rc, out, err = tree("donor", "show", "42")
    assert rc == 1 and one_line(err) and "42" in err


@pytest.mark.bug("donor show of an unknown id prints an empty table before the error")
def test_donor_show_unknown_prints_nothing(tree):
    # BUG (minor): stdout gets the column titles and "(không có dòng nào)"
    # (or "[]" with --format json) although the command fails.
    for fmt in ("text", "json"):
        rc, out, err = tree("donor", "show", "42", "--format", fmt)
        assert rc == 1 and out == "", out


def test_donor_duplicate_refused(tree):
    tree.ok("donor", "add", "--name", "Lâm Văn Tèo", "--kind", "individual", "--unit", "X1")
    rc, out, err = tree("donor", "add", "--name", "lâm  văn TÈO ", "--kind", "individual", "--unit", "X1")
    assert rc == 1 and one_line(err) and "exists" in err
    # same name elsewhere, or of another kind, is another donor
    tree.ok("donor", "add", "--name", "Lâm Văn Tèo", "--kind", "individual", "--unit", "X2")
    tree.ok("donor", "add", "--name", "Lâm Văn Tèo", "--kind", "collective", "--unit", "X1")
    assert len(tree.json("donor", "list")) == 3


def test_pledge_add_list_and_payment(tree):
    tree.ok("donor", "add", "--name", "Ngân hàng Nông nghiệp chi nhánh Trà Vinh",
            "--kind", "business", "--unit", "P", "--tax-code", "0100686174-123")
    out = tree.ok("pledge", "add", "--donor", "1", "--amount", "500.000.000", "--campaign", "C19",
                  "--at", "ceremony", "--date", "10/01/2020", "--due", "10/04/2020",
                  "--canvasser", "Đồng chí Bí thư", "--note", "đăng ký tại lễ phát động")
    assert "pledge 1" in out
    tree.ok("contribution", "add", "--donor", "1", "--amount", "200.000.000", "--channel", "transfer",
            "--campaign", "C19", "--date", "2019-12-20", "--pledge", "1", "--bank-ref", "AGR-1")
    [p] = tree.json("pledge", "list", "--campaign", "C19")
    assert p["amount"] == 500_000_000 and p["paid"] == 200_000_000 and p["outstanding"] == 300_000_000
    assert p["made_at"] == "ceremony" and p["due"] == "2020-04-10" and p["date"] == "2020-01-10"
    assert p["canvasser"] == "Đồng chí Bí thư"


def test_contribution_add_list(tree):
    tree.ok("donor", "add", "--name", "Trần Văn Hai", "--kind", "individual", "--unit", "X1")
    out = tree.ok("contribution", "add", "--donor", "1", "--amount", "1.500.000", "--channel", "cash",
                  "--date", "15/09/2019", "--note", "ủng hộ")
    assert "receipt C19-000001" in out and "1.500.000" in out and "Một triệu năm trăm nghìn đồng" in out
    tree.ok("contribution", "add", "--donor", "1", "--amount", "300000", "--channel", "goods",
            "--goods", "10 bao gạo", "--quantity", "10 bao", "--date", "2019-09-16", "--unit", "X2",
            "--anonymous")
    cs = tree.json("contribution", "list")
    assert [(c["id"], c["amount"], c["unit"], c["channel"], c["goods"], c["anonymous"])
            for c in cs] == [(2, 300000, "X2", "goods", "10 bao gạo", True),
                             (1, 1500000, "X1", "cash", None, False)]
    assert all(c["campaign"] == "C19" and c["reversed"] is False for c in cs)
    assert tree.json("contribution", "list", "--limit", "1")[0]["id"] == 2
    assert tree.json("contribution", "list", "--donor", "1") == cs
    assert tree.json("contribution", "list", "--campaign", "C17") == []
    assert tree("verify").rc == 0


def _populate(tree, tmp):
    tree.ok("donor", "add", "--name", "Hợp tác xã Long Hiệp, \"Ấp 3\"", "--kind", "cooperative",
            "--unit", "X3")
    tree.ok("pledge", "add", "--donor", "1", "--amount", "5000000", "--campaign", "C19")
    f = write_csv(tmp / "c.csv", HEADER + ",bank_ref",
                  [["2019-09-01", "Nguyễn Văn Đức", "individual", "X1", "1000000", "cash", ""],
                   ["2019-09-02", "Công ty TNHH Một Thành Viên", "business", "D2", "2000000", "transfer", "B-1"]])
    tree.ok("import", "contributions", f)


LISTINGS = [
    ["campaign", "list"],
    ["unit", "list"],
    ["target", "list", "--campaign", "C19"],
    ["donor", "list"],
    ["pledge", "list"],
    ["contribution", "list"],
    ["report", "progress", "--campaign", "C19"],
    ["campaign", "show", "C19"],
    ["donor", "show", "1"],
]


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a[:2]))
def test_listing_formats_agree(tree, tmp, args):
    _populate(tree, tmp)
    text = tree.ok(*args)
    assert text.strip()
    js = json.loads(tree.ok(*args, "--format", "json"))
    rows = js["units"] if isinstance(js, dict) else js
    assert rows, "JSON listing is empty"
    if args[1] == "show" and args[0] == "campaign":
        return  # campaign show has text and json only
    raw = tree.ok(*args, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(raw)))
    assert len(table) == len(rows)
    for r, j in zip(table, rows):
        assert set(r.keys()) <= set(j.keys())
        for k, v in r.items():
            jv = j[k]
            if k == "target" and v == "" and jv == 0:
                continue  # report JSON says 0 for "no target", CSV leaves it empty
            if jv is None:
                assert v == ""
            elif isinstance(jv, bool):
                assert v == ("1" if jv else "0")
            elif isinstance(jv, (int, float)):
                assert float(v) == jv
            else:
                assert v == jv


@pytest.mark.parametrize("args", [a for a in LISTINGS if a[:2] != ["campaign", "show"]],
                         ids=lambda a: " ".join(a[:2]))
def test_bad_format_is_usage_error(tree, args):
    rc, out, err = tree(*args, "--format", "xml")
    assert rc == 2 and one_line(err) and "xml" in err


def test_campaign_show_csv_or_text(tree):
    # campaign show documents text|json; whatever it does with csv must parse
    rc, out, err = tree("campaign", "show", "C19", "--format", "csv")
    if rc == 0:
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0]["code"] == "C19"
    else:
        assert rc == 2 and one_line(err)


def test_empty_listings(run):
    run.ok("init")
    for args in (["unit", "list"], ["donor", "list"], ["campaign", "list"], ["contribution", "list"]):
        assert json.loads(run.ok(*args, "--format", "json")) == []
        assert len(run.ok(*args, "--format", "csv").splitlines()) == 1
        assert run.ok(*args).strip()


@pytest.mark.parametrize("now,date", [("2019-12-31T16:59:59Z", "2019-12-31"),
                                      ("2019-12-31T17:00:00Z", "2020-01-01")])
def test_default_date_is_vietnam_local(tree, now, date):
    """Without --date a contribution is dated today in Asia/Ho_Chi_Minh (UTC+7)."""
    tree.ok("donor", "add", "--name", "Lâm Thị Giao Thừa", "--kind", "individual", "--unit", "X1")
    tree.ok("contribution", "add", "--donor", "1", "--amount", "1000", "--channel", "cash",
            env={"ANSINH_NOW": now})
    [c] = tree.json("contribution", "list")
    assert c["date"] == date
