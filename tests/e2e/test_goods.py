"""ansinh goods: received -> handed over -> distributed, quantities never
below zero, values through the ledger (accounts goods, goods_handed,
goods_distributed), verify catching a tampered movement."""
import pytest

from e2e_helpers import one_line, snapshot, sqlite


@pytest.fixture
def goods(tree):
    run = tree
    run.ok("donor", "add", "--name", "Công ty TNHH Mekong", "--kind", "business", "--unit", "D1")
    out = run.ok("goods", "add", "--donor", "1", "--description", "Gạo ST25", "--quantity", "3",
                 "--measure", "tấn", "--value", "100.000.000", "--valued-by", "invoice",
                 "--date", "01/10/2019")
    assert "goods item 1" in out
    return run


def balances(run):
    out = run.ok("verify")
    return {l.split()[0]: int(l.split()[1]) for l in out.splitlines() if l.startswith("  ")
            and len(l.split()) == 2 and l.split()[1].lstrip("-").isdigit()}


def test_receive_is_a_goods_contribution(goods):
    run = goods
    c = run.json("contribution", "list")[0]
    assert c["channel"] == "goods" and c["amount"] == 100_000_000 and c["goods"] == "Gạo ST25"
    assert run.units_by_code("C19")["D1"]["received"] == 100_000_000
    item = run.json("goods", "list")[0]
    assert (item["quantity"], item["measure"], item["valued_by"]) == (3, "tấn", "invoice")
    assert balances(run)["goods"] == 100_000_000


def test_handover_and_distribution_move_value_exactly(goods):
    run = goods
    run.ok("goods", "handover", "1", "--quantity", "2", "--document", "BB-01/2020")
    b = balances(run)
    assert b["goods"] == 33_333_334 and b["goods_handed"] == 66_666_666
    run.ok("goods", "handover", "1", "--quantity", "1")
    b = balances(run)
    assert b["goods"] == 0 and b["goods_handed"] == 100_000_000
    run.ok("goods", "distribute", "1", "--quantity", "1", "--to", "household",
           "--recipient", "Hộ bà Thạch Thị Sa (hộ nghèo)")
    run.ok("goods", "distribute", "1", "--quantity", "2", "--to", "unit", "--recipient", "X1")
    b = balances(run)
    assert b["goods_handed"] == 0 and b["goods_distributed"] == 100_000_000
    s = run.json("goods", "stock")[0]
    assert (s["received"], s["handed_over"], s["distributed"], s["at_committee"],
            s["at_fund_manager"]) == (3, 3, 3, 0, 0)
    moves = run.json("goods", "show", "1")
    assert [(m["kind"], m["quantity"]) for m in moves] == [
        ("handover", 2), ("handover", 1), ("distribution", 1), ("distribution", 2)]
    assert moves[2]["recipient"] == "Hộ bà Thạch Thị Sa (hộ nghèo)"
    assert sum(m["value"] for m in moves if m["kind"] == "distribution") == 100_000_000
    # the income is unchanged: goods given away are still what was raised
    assert run.units_by_code("C19")["D1"]["received"] == 100_000_000


def test_stock_never_goes_negative(goods):
    run = goods
    before = snapshot(run)
    r = run("goods", "distribute", "1", "--quantity", "1", "--to", "person", "--recipient", "A")
    assert r.rc == 1 and one_line(r.err) and "only 0" in r.err
    r = run("goods", "handover", "1", "--quantity", "4")
    assert r.rc == 1 and "only 3" in r.err
    assert snapshot(run) == before
    run.ok("goods", "handover", "1", "--quantity", "2")
    r = run("goods", "distribute", "1", "--quantity", "3", "--to", "person", "--recipient", "A")
    assert r.rc == 1 and "only 2" in r.err


@pytest.mark.parametrize("args,msg", [
    (["--quantity", "0"], "quantity:"),
    (["--quantity", "1,5"], "quantity:"),
    (["--quantity", "x"], "quantity:"),
])
def test_bad_quantity(goods, args, msg):
    r = goods("goods", "handover", "1", *args)
    assert r.rc == 1 and msg in r.err and one_line(r.err)


def test_bad_receive_and_distribute_input(goods):
    run = goods
    base = ["goods", "add", "--donor", "1", "--description", "Mì", "--quantity", "10",
            "--measure", "thùng", "--value", "1.000.000"]
    r = run(*base, "--valued-by", "guess")
    assert r.rc == 1 and "valued-by" in r.err
    r = run(*base[:-2], "--value", "1.5", "--valued-by", "market")
    assert r.rc == 1 and "value:" in r.err
    assert run(*base).rc == 2
    r = run("goods", "distribute", "1", "--quantity", "1", "--to", "village", "--recipient", "A")
    assert r.rc == 1 and "to:" in r.err
    r = run("goods", "distribute", "1", "--quantity", "1", "--to", "unit", "--recipient", "NOPE")
    assert r.rc == 1 and "NOPE" in r.err
    r = run("goods", "handover", "9", "--quantity", "1")
    assert r.rc == 1 and "no goods item 9" in r.err
    assert run("goods", "handover", "1", "--quantity", "1", "--to", "person").rc == 2


def test_verify_catches_a_changed_movement(goods):
    run = goods
    run.ok("goods", "handover", "1", "--quantity", "1")
    sqlite(run.db, "DROP TRIGGER goods_movement_no_update;"
                   "UPDATE goods_movement SET quantity = 5;")
    r = run("verify")
    assert r.rc == 1 and "goods" in r.err


def test_goods_that_moved_cannot_be_unreceived(goods):
    """Reversing the receipt of goods already handed over would leave their
    recipients holding goods the books no longer received."""
    run = goods
    cid = run.json("contribution", "list")[0]["id"]
    run.ok("goods", "handover", "1", "--quantity", "1")
    before = snapshot(run)
    r = run("contribution", "reverse", cid, "--reason", "nhập nhầm")
    assert r.rc == 1 and "handed over or distributed" in r.err, r.err
    assert snapshot(run) == before
    # goods that never moved can be reversed as any contribution
    run.ok("goods", "add", "--donor", "1", "--description", "Chăn ấm", "--quantity", "10",
           "--measure", "cái", "--value", "2.000.000", "--valued-by", "market",
           "--date", "02/10/2019")
    other = [c for c in run.json("contribution", "list") if c["goods"] == "Chăn ấm"][0]
    run.ok("contribution", "reverse", other["id"], "--reason", "nhà hảo tâm rút lại")
    assert run("verify").rc == 0


def test_verify_catches_moved_goods_whose_receipt_was_reversed(goods):
    run = goods
    cid = run.json("contribution", "list")[0]["id"]
    run.ok("contribution", "reverse", cid, "--reason", "nhập nhầm")
    assert run("verify").rc == 0
    # a movement added behind the program's back, after the reversal
    sqlite(run.db, "INSERT INTO goods_movement(item_id, kind, quantity, value, move_date, actor,"
                   " created_at) VALUES (1, 'handover', 1, 0, '2019-10-05', 'x', '2019-10-05');")
    r = run("verify")
    assert r.rc == 1 and "reversed" in r.err, r.err
