"""ansinh fund: money handed over to the fund manager and spent, through the
ledger (bank|cash -> fund_handed -> fund_spent), never more than was
received or handed over, corrected by reversal only, reported by purpose and
district, and verify catching a tampered row (docs/fund-use.md)."""
import csv
import io

import pytest

from e2e_helpers import one_line, snapshot, sql_ok, sqlite, trigger_sql

HOUSE = ["fund", "disburse", "--amount", "50.000.000", "--purpose", "house", "--to", "household",
         "--beneficiary", "Hộ ông Thạch Sang", "--unit", "X1", "--document", "QĐ 45/QĐ-SLĐTBXH",
         "--date", "05/01/2020", "--campaign", "C19"]


@pytest.fixture
def fund(tree):
    """C19 received 300 triệu in money (cash, transfer) and goods worth 100
    triệu, which are not money to hand over."""
    run = tree
    run.ok("donor", "add", "--name", "Công ty TNHH Mekong", "--kind", "business", "--unit", "D1")
    for amount, channel in (("200.000.000", "transfer"), ("100.000.000", "cash")):
        run.ok("contribution", "add", "--donor", "1", "--amount", amount, "--channel", channel,
               "--date", "01/10/2019")
    run.ok("contribution", "add", "--donor", "1", "--amount", "100.000.000", "--channel", "goods",
           "--goods", "Gạo", "--date", "01/10/2019")
    return run


def handover(run, amount, *extra):
    return run("fund", "handover", "--amount", amount, "--document", "QĐ 12/QĐ-UBND",
               "--organisation", "Sở Lao động - Thương binh và Xã hội", "--campaign", "C19",
               "--date", "02/01/2020", *extra)


def balances(run):
    out = run.ok("verify")
    return {l.split()[0]: int(l.split()[1]) for l in out.splitlines() if l.startswith("  ")
            and len(l.split()) == 2 and l.split()[1].lstrip("-").isdigit()}


def report(run):
    return {(r["section"], r["code"]): r["amount"]
            for r in run.json("fund", "report", "--campaign", "C19")}


def test_handover_and_disbursement_move_money_through_the_ledger(fund):
    run = fund
    assert "handover" in handover(run, "250.000.000").out
    b = balances(run)
    assert b["fund_handed"] == 250_000_000 and b["bank"] == 200_000_000 - 250_000_000
    run.ok(*HOUSE)
    b = balances(run)
    assert b["fund_handed"] == 200_000_000 and b["fund_spent"] == 50_000_000
    rows = run.json("fund", "list")
    assert [(r["kind"], r["amount"]) for r in rows] == [("handover", 250_000_000),
                                                       ("disbursement", 50_000_000)]
    d = rows[1]
    assert (d["purpose"], d["beneficiary_kind"], d["beneficiary"], d["unit"], d["district"],
            d["document"], d["public"]) == ("house", "household", "Hộ ông Thạch Sang",
                                            "Xã An Trường", "Huyện Càng Long",
                                            "QĐ 45/QĐ-SLĐTBXH", False)
    # the row's id is its journal entry, which the transparency log holds
    assert rows[0]["source"] == "bank"
    entry = sql_ok(run.db, f"SELECT kind, debit_account, credit_account, amount FROM journal_entry"
                           f" WHERE id = {d['id']};").strip()
    assert entry == "disbursement|11|10|50000000"
    # the income is unchanged: money spent is still money raised
    assert run.units_by_code("C19")["P"]["received"] == 400_000_000
    audit = sql_ok(run.db, "SELECT action FROM audit_event WHERE action LIKE 'fund.%';").split()
    assert audit == ["fund.handover", "fund.disburse"]


def test_never_more_than_received_or_handed_over(fund):
    run = fund
    before = snapshot(run)
    r = run(*HOUSE)  # nothing handed over yet
    assert r.rc == 1 and one_line(r.err) and "0 đ handed over" in r.err, r.err
    # goods (100 triệu) are not money: 300 triệu can be handed over, not 300.000.001
    r = handover(run, "300.000.001")
    assert r.rc == 1 and "300.000.000 đ received" in r.err, r.err
    assert snapshot(run) == before
    handover(run, "200.000.000")
    r = handover(run, "100.000.001", "--source", "cash")
    assert r.rc == 1 and "100.000.000 đ received and not yet handed over" in r.err
    assert handover(run, "100.000.000", "--source", "cash").rc == 0
    run.ok(*HOUSE)
    r = run(*HOUSE[:3], "250.000.001", *HOUSE[4:])
    assert r.rc == 1 and "250.000.000 đ handed over and not yet spent" in r.err
    assert run(*HOUSE[:3], "250.000.000", *HOUSE[4:]).rc == 0
    assert report(run)[("total", "at_fund_manager")] == 0


@pytest.mark.parametrize("change,msg", [
    (("--amount", "0"), "amount:"),
    (("--amount", "1,5"), "amount:"),
    (("--purpose", "party"), "purpose:"),
    (("--to", "village"), "to:"),
    (("--unit", "NOPE"), "NOPE"),
    (("--document", ""), "document:"),
    (("--date", "31/02/2020"), "date:"),
])
def test_bad_disbursement_names_the_field(fund, change, msg):
    run = fund
    handover(run, "100.000.000")
    args = list(HOUSE)
    args[args.index(change[0]) + 1] = change[1]
    r = run(*args)
    assert r.rc == 1 and msg in r.err and one_line(r.err), r.err


def test_bad_handover_and_missing_options(fund):
    run = fund
    r = handover(run, "1.000", "--source", "safe")
    assert r.rc == 1 and "from:" in r.err
    assert run("fund", "handover", "--amount", "1").rc == 2
    assert run("fund", "disburse", "--amount", "1", "--purpose", "house").rc == 2
    assert run("fund", "reverse", "1").rc == 2
    r = run("fund", "reverse", "99", "--reason", "x")
    assert r.rc == 1 and "no fund handover or disbursement 99" in r.err


def test_reversal_is_the_only_correction(fund):
    run = fund
    handover(run, "100.000.000")
    hid = run.json("fund", "list")[0]["id"]
    run.ok(*HOUSE)
    did = run.json("fund", "list", "--kind", "disbursement")[0]["id"]
    # append-only: the database refuses an edit
    rc, _, err = sqlite(run.db, f"UPDATE fund_use SET amount = 1 WHERE id = {did};")
    assert rc != 0 and "append-only" in err
    # the handover's money is partly spent: it cannot be taken back
    before = snapshot(run)
    r = run("fund", "reverse", str(hid), "--reason", "nhầm số")
    assert r.rc == 1 and "cannot be reversed" in r.err and "50.000.000 đ" in r.err, r.err
    assert snapshot(run) == before
    out = run.ok("fund", "reverse", str(did), "--reason", "hộ đã nhận hỗ trợ từ nguồn khác")
    assert f"fund {did} reversed" in out
    r = run("fund", "reverse", str(did), "--reason", "again")
    assert r.rc == 1 and "already reversed" in r.err
    shown = run.json("fund", "show", str(did))[0]
    assert shown["reversed_by"] > did
    assert report(run)[("total", "spent")] == 0
    run.ok("fund", "reverse", str(hid), "--reason", "bàn giao lại theo quyết định mới")
    b = balances(run)
    assert b["fund_handed"] == 0 and b["fund_spent"] == 0 and b["bank"] == 200_000_000
    assert run("verify").rc == 0


def test_report_by_purpose_and_district(fund):
    run = fund
    handover(run, "300.000.000")
    run.ok(*HOUSE)
    run.ok("fund", "disburse", "--amount", "60.000.000", "--purpose", "heart_surgery",
           "--to", "person", "--beneficiary", "Cháu Kim Thị Lan", "--unit", "X3",
           "--document", "QĐ 46", "--campaign", "C19")
    run.ok("fund", "disburse", "--amount", "150.000.000", "--purpose", "bridge_road",
           "--to", "project", "--beneficiary", "Cầu Ô Chát", "--unit", "D2",
           "--document", "QĐ 47", "--campaign", "C19")
    run.ok("fund", "disburse", "--amount", "15.000.000", "--purpose", "production_capital",
           "--to", "household", "--beneficiary", "Hộ bà Sơn Thị Mỹ", "--unit", "X2",
           "--document", "QĐ 48", "--campaign", "C19", "--public")
    rep = report(run)
    assert rep[("total", "received")] == 300_000_000
    assert rep[("total", "handed")] == 300_000_000
    assert rep[("total", "spent")] == 275_000_000
    assert rep[("total", "at_committee")] == 0 and rep[("total", "at_fund_manager")] == 25_000_000
    assert rep[("purpose", "house")] == 50_000_000
    assert rep[("purpose", "heart_surgery")] == 60_000_000
    assert rep[("purpose", "bridge_road")] == 150_000_000
    # communes roll up to their district; a district keeps its own
    assert rep[("district", "D1")] == 65_000_000 and rep[("district", "D2")] == 210_000_000
    text = run.ok("fund", "report", "--campaign", "C19")
    assert "Huyện Cầu Kè" in text and "210.000.000" in text and "Phẫu thuật tim cho trẻ em" in text
    # filters: a district's subtree, a purpose, a period
    assert len(run.json("fund", "list", "--unit", "D1")) == 2
    assert [r["beneficiary"] for r in run.json("fund", "list", "--purpose", "bridge_road")] == [
        "Cầu Ô Chát"]
    assert len(run.json("fund", "list", "--since", "05/01/2020", "--until", "05/01/2020")) == 1
    assert run("fund", "list", "--purpose", "party").rc == 2


def test_list_formats(fund, tmp):
    run = fund
    handover(run, "100.000.000")
    run.ok(*HOUSE)
    rows = list(csv.DictReader(io.StringIO(run.ok("fund", "list", "--format", "csv"))))
    assert [r["kind"] for r in rows] == ["handover", "disbursement"]
    assert rows[1]["amount"] == "50000000" and rows[1]["purpose"] == "house"
    text = run.ok("fund", "list")
    assert "Chi hỗ trợ" in text and "50.000.000" in text and "Nhà đại đoàn kết, nhà ở" in text
    assert "05/01/2020" in text
    run.ok("fund", "list", "--format", "xlsx", "--out", str(tmp / "quy.xlsx"))
    assert (tmp / "quy.xlsx").read_bytes()[:2] == b"PK"
    assert run("fund", "list", "--format", "xlsx").rc == 2


def test_verify_catches_a_changed_row(fund):
    run = fund
    handover(run, "100.000.000")
    run.ok(*HOUSE)
    did = run.json("fund", "list", "--kind", "disbursement")[0]["id"]
    guard = trigger_sql(run.db, "fund_use_no_update")
    sql_ok(run.db, f"DROP TRIGGER fund_use_no_update; UPDATE fund_use SET amount = 5000000"
                   f" WHERE id = {did}; {guard};")
    r = run("verify")
    assert r.rc == 1 and f"fund: handover or disbursement {did}" in r.err, r.err


def test_verify_catches_spending_more_than_handed_over(fund):
    """Both the row and its entry rewritten consistently: the running balance
    still shows the fund spent money it never had."""
    run = fund
    handover(run, "100.000.000")
    run.ok(*HOUSE)
    did = run.json("fund", "list", "--kind", "disbursement")[0]["id"]
    guards = [trigger_sql(run.db, t) for t in ("fund_use_no_update", "journal_no_update")]
    sql_ok(run.db, "DROP TRIGGER fund_use_no_update; DROP TRIGGER journal_no_update;"
                   f"UPDATE fund_use SET amount = 150000000 WHERE id = {did};"
                   f"UPDATE journal_entry SET amount = 150000000 WHERE id = {did};"
                   + ";".join(guards) + ";")
    r = run("verify")
    assert r.rc == 1 and f"after journal entry {did}" in r.err, r.err


def test_money_handed_over_cannot_be_unreceived(fund):
    """Reversing a contribution whose money is with the fund manager already
    would leave less received than handed over."""
    run = fund
    handover(run, "250.000.000")
    ids = {c["amount"]: c["id"] for c in run.json("contribution", "list")}
    before = snapshot(run)
    r = run("contribution", "reverse", ids[100_000_000], "--reason", "nhập nhầm")
    assert r.rc == 1 and "handed over to the fund manager" in r.err and one_line(r.err), r.err
    assert snapshot(run) == before
    # goods are not money handed over: their receipt can still be reversed
    goods = [c for c in run.json("contribution", "list") if c["channel"] == "goods"][0]
    run.ok("contribution", "reverse", goods["id"], "--reason", "nhà hảo tâm rút lại")
    # once 50 triệu come back from the fund manager, the 100 triệu can go
    hid = run.json("fund", "list")[0]["id"]
    run.ok("fund", "reverse", str(hid), "--reason", "bàn giao lại")
    handover(run, "200.000.000")
    run.ok("contribution", "reverse", ids[100_000_000], "--reason", "nhập nhầm")
    assert run("verify").rc == 0


def disburse(run, purpose, to, name, unit, amount="10.000.000", *extra):
    out = run.ok("fund", "disburse", "--amount", amount, "--purpose", purpose, "--to", to,
                 "--beneficiary", name, "--unit", unit, "--document", "QĐ 46", "--date",
                 "05/01/2020", "--campaign", "C19", *extra)
    return out.split()[1]


def outcome(run, did, status, date, *extra):
    return run("fund", "outcome", did, "--status", status, "--date", date, *extra)


def test_outcome_recorded_shown_and_counted(fund):
    """An outcome per review, append-only: the latest counts in show, list and
    the report; a household with two disbursements is one household."""
    run = fund
    handover(run, "250.000.000")
    sang = disburse(run, "house", "household", "Hộ ông Thạch Sang", "X1")
    sang2 = disburse(run, "production_capital", "household", "Hộ ông Thạch Sang", "X1")
    lan = disburse(run, "production_capital", "household", "Hộ bà Kim Thị Lan", "X3")
    disburse(run, "house", "household", "Hộ bà Sơn Thị Mỹ", "X2")
    r = outcome(run, sang, "chua-thoat", "15/12/2020", "--note", "rà soát cuối năm 2020")
    assert r.rc == 0 and "Chưa thoát nghèo" in r.out, r.err
    before = report(run)
    counts = {r["code"]: r["count"] for r in run.json("fund", "report", "--campaign", "C19")
              if r["section"] == "outcome"}
    assert counts == {"households": 3, "reviewed": 1, "out_of_poverty": 0, "near_poor": 0,
                      "still_poor": 1}
    assert before[("outcome", "households")] == 40_000_000
    # the next year's review: a new record, the old one stays
    run.ok("fund", "outcome", sang2, "--status", "thoat-ngheo", "--date", "2021-12-10")
    run.ok("fund", "outcome", lan, "--status", "can-ngheo", "--date", "10/12/2021")
    assert count_rows(run, "fund_outcome") == 3
    counts = {r["code"]: r["count"] for r in run.json("fund", "report", "--campaign", "C19")
              if r["section"] == "outcome"}
    assert counts == {"households": 3, "reviewed": 2, "out_of_poverty": 2, "near_poor": 1,
                      "still_poor": 0}
    text = run.ok("fund", "report", "--campaign", "C19")
    assert "Đã thoát nghèo" in text and "trong đó còn cận nghèo" in text
    shown = run.json("fund", "show", sang)[0]
    assert shown["outcome"] == "chua-thoat" and shown["reviewed"] == "2020-12-15"
    text = run.ok("fund", "show", sang)
    assert "rà soát 15/12/2020: Chưa thoát nghèo — rà soát cuối năm 2020" in text
    listed = {r["id"]: r["outcome"] for r in run.json("fund", "list")}
    assert listed[int(lan)] == "can-ngheo" and listed[int(sang2)] == "thoat-ngheo"
    # a correction is a new record on the same day; the latest written counts
    run.ok("fund", "outcome", lan, "--status", "thoat-ngheo", "--date", "10/12/2021",
           "--note", "sửa: hộ đã thoát cả cận nghèo")
    assert run.json("fund", "show", lan)[0]["outcome"] == "thoat-ngheo"
    events = sql_ok(run.db, "SELECT count(*) FROM audit_event WHERE action = 'fund.outcome';")
    assert events.strip() == "4"
    # append-only
    for stmt in ("UPDATE fund_outcome SET status = 'thoat-ngheo';", "DELETE FROM fund_outcome;"):
        rc, _, err = sqlite(run.db, stmt, "-bail")
        assert rc != 0 and "append-only" in err, err
    assert run("verify").rc == 0


def count_rows(run, table):
    return int(sql_ok(run.db, f"SELECT count(*) FROM {table};").strip())


def test_outcome_refusals(fund):
    run = fund
    handover(run, "250.000.000")
    hid = run.json("fund", "list")[0]["id"]
    house = disburse(run, "house", "household", "Hộ ông Thạch Sang", "X1")
    child = disburse(run, "heart_surgery", "person", "Cháu Lê Minh Khang", "X1")
    heart_hh = disburse(run, "heart_surgery", "household", "Hộ bà Lê Thị Ba", "X1")
    road = disburse(run, "bridge_road", "project", "Đường đal ấp Sóc Ruộng", "D1")
    person = disburse(run, "policy_family", "person", "Ông Nguyễn Văn Hai", "X2")
    gone = disburse(run, "house", "household", "Hộ ông Kim Sóc", "X2")
    run.ok("fund", "reverse", gone, "--reason", "trùng hồ sơ")
    before = snapshot(run)
    cases = [
        ((house, "thoat", "15/12/2020"), 1, "status: 'thoat' is not one of thoat-ngheo"),
        ((house, "", "15/12/2020"), 1, "status: the outcome of the review is required"),
        (("999999", "thoat-ngheo", "15/12/2020"), 1, "no fund disbursement 999999"),
        ((str(hid), "thoat-ngheo", "15/12/2020"), 1, "is a handover"),
        ((gone, "thoat-ngheo", "15/12/2020"), 1, "reversed by entry"),
        ((child, "thoat-ngheo", "15/12/2020"), 1, "households only"),
        ((heart_hh, "thoat-ngheo", "15/12/2020"), 1, "households only"),
        ((road, "thoat-ngheo", "15/12/2020"), 1, "households only"),
        ((person, "thoat-ngheo", "15/12/2020"), 1, "households only"),
        ((house, "thoat-ngheo", "04/01/2020"), 1,
         "date: the review on 04/01/2020 is before the disbursement on 05/01/2020"),
        ((house, "thoat-ngheo", "31/02/2021"), 1, "date: "),
    ]
    for (did, status, date), rc, msg in cases:
        r = outcome(run, did, status, date)
        assert r.rc == rc and msg in r.err and one_line(r.err), (did, status, date, r.err)
    r = run("fund", "outcome", house, "--status", "thoat-ngheo")
    assert r.rc == 2 and "--date" in r.err
    r = run("fund", "outcome", "--status", "thoat-ngheo", "--date", "15/12/2020")
    assert r.rc == 2
    r = outcome(run, house, "thoat-ngheo", "15/12/2020", "--note", "x" * 301)
    assert r.rc == 1 and "note" in r.err
    assert snapshot(run) == before
    # the same day as the disbursement is a valid review date
    assert outcome(run, house, "can-ngheo", "05/01/2020").rc == 0


def test_verify_catches_a_changed_outcome(fund):
    """An outcome moved behind the program's back to a project, or dated
    before its disbursement, is named; a dropped guard too."""
    run = fund
    handover(run, "100.000.000")
    house = disburse(run, "house", "household", "Hộ ông Thạch Sang", "X1")
    road = disburse(run, "bridge_road", "project", "Cầu Ô Chát", "D1")
    run.ok("fund", "outcome", house, "--status", "thoat-ngheo", "--date", "15/12/2020")
    oid = sql_ok(run.db, "SELECT id FROM fund_outcome;").strip()
    assert run("verify").rc == 0
    guard = trigger_sql(run.db, "fund_outcome_no_update")
    for change in (f"review_date = '2019-12-31'", f"disbursement_id = {road}"):
        sql_ok(run.db, f"DROP TRIGGER fund_outcome_no_update;"
                       f" UPDATE fund_outcome SET {change} WHERE id = {oid}; {guard};")
        r = run("verify")
        assert r.rc == 1 and f"fund: outcome {oid} is not for a disbursement" in r.err, r.err
        sql_ok(run.db, f"DROP TRIGGER fund_outcome_no_update; UPDATE fund_outcome SET"
                       f" review_date = '2020-12-15', disbursement_id = {house}; {guard};")
        assert run("verify").rc == 0
    sql_ok(run.db, "DROP TRIGGER fund_outcome_no_delete;")
    r = run("verify")
    assert r.rc == 1 and "fund_outcome_no_delete" in r.err, r.err
