"""Issue #6 part 1: pledges to collection.  What is paid comes from the
contributions matched to a pledge; the collection list filters by canvasser,
unit subtree, due date and overdue, with the next instalment due and the
campaign's collection deadline."""
import pytest

from e2e_helpers import one_line, snapshot

NOW_LATE = {"ANSINH_NOW": "2020-02-20T03:00:00Z"}


@pytest.fixture
def pledges(tree):
    for name, unit in (("Nguyễn Văn Đức", "X1"), ("Trần Thị Mai", "X3"), ("Lê Minh Tâm", "D2")):
        tree.ok("donor", "add", "--name", name, "--kind", "individual", "--unit", unit)
    tree.ok("pledge", "add", "--donor", "1", "--amount", "10.000.000", "--campaign", "C19",
            "--date", "10/12/2019", "--canvasser", "Trần Văn Bảy",
            "--instalments", "15/01/2020=4.000.000;15/03/2020=6.000.000")
    tree.ok("pledge", "add", "--donor", "2", "--amount", "2.000.000", "--campaign", "C19",
            "--date", "10/12/2019", "--due", "01/03/2020", "--canvasser", "Trần Văn Bảy")
    tree.ok("pledge", "add", "--donor", "3", "--amount", "5.000.000", "--campaign", "C19",
            "--date", "11/12/2019", "--at", "ceremony", "--goods", "100 bao gạo")
    return tree


def by_id(rows):
    return {r["id"]: r for r in rows}


def test_outstanding_states_and_next_due(pledges):
    rows = by_id(pledges.json("pledge", "outstanding", env=NOW_LATE))
    assert set(rows) == {1, 2, 3}
    one = rows[1]
    assert one["ref"] == "P000001" and one["next_due"] == "2020-01-15"
    assert one["due_amount"] == 4_000_000 and one["state"] == "overdue"
    assert rows[2]["state"] == "due_soon" and rows[2]["next_due"] == "2020-03-01"
    deadline = pledges.json("campaign", "show", "C19")[0]["deadline"]
    assert rows[3]["next_due"] == deadline and rows[3]["deadline"] == deadline
    assert rows[3]["goods"] == "100 bao gạo" and rows[3]["made_at"] == "ceremony"
    # Vietnamese name order: by given name first (Đức, Mai, Tâm)
    assert [r["donor"] for r in pledges.json("pledge", "outstanding", env=NOW_LATE)] == \
        ["Nguyễn Văn Đức", "Trần Thị Mai", "Lê Minh Tâm"]
    # paying the first instalment moves the next due date; paying all closes it
    pledges.ok("contribution", "add", "--donor", "1", "--amount", "4.000.000", "--channel",
               "cash", "--pledge", "1", "--date", "14/01/2020", "--campaign", "C19")
    one = by_id(pledges.json("pledge", "outstanding", env=NOW_LATE))[1]
    assert one["paid"] == 4_000_000 and one["outstanding"] == 6_000_000
    assert one["next_due"] == "2020-03-15" and one["state"] == "open"  # 24 days away
    pledges.ok("contribution", "add", "--donor", "2", "--amount", "2.000.000", "--channel",
               "cash", "--pledge", "2", "--date", "14/01/2020", "--campaign", "C19")
    assert 2 not in by_id(pledges.json("pledge", "outstanding", env=NOW_LATE))
    assert by_id(pledges.json("pledge", "list"))[2]["state"] == "paid"
    # a reversed payment stops counting
    (c,) = [c for c in pledges.json("contribution", "list") if c["donor_id"] == 2]
    pledges.ok("contribution", "reverse", c["id"], "--reason", "nhầm")
    assert 2 in by_id(pledges.json("pledge", "outstanding", env=NOW_LATE))


def test_filters(pledges):
    ids = lambda *a: sorted(r["id"] for r in pledges.json("pledge", "outstanding", *a, env=NOW_LATE))
    assert ids("--canvasser", "tran van bay") == [1, 2]
    assert ids("--canvasser", "Trần Văn Bảy") == [1, 2]
    assert ids("--unit", "D1") == [1]          # X1 is under D1
    assert ids("--unit", "D2") == [2, 3]       # X3 and D2 itself
    assert ids("--unit", "P") == [1, 2, 3]
    assert ids("--overdue") == [1]
    assert ids("--due-within", "14") == [1, 2]  # overdue counts as due
    assert ids("--due-within", "0") == [1]
    csv_rows = pledges.csv("pledge", "outstanding", "--unit", "D2", env=NOW_LATE)
    assert [r["ref"] for r in csv_rows] == ["P000002", "P000003"]


@pytest.mark.parametrize("args, message", [
    (["--instalments", "15/01/2020=4.000.000"], "add up to 4000000 đồng, the pledge is 10000000"),
    (["--instalments", "15/03/2020=4.000.000;15/01/2020=6.000.000"], "before the pledge or the previous"),
    (["--instalments", "01/12/2019=10.000.000"], "before the pledge"),
    (["--instalments", "15/01/2020"], "is not DATE=AMOUNT"),
    (["--instalments", "31/02/2020=10.000.000"], "not a date"),
    (["--due", "01/03/2020", "--instalments", "15/01/2020=10.000.000"], "one or the other"),
])
def test_bad_instalments(pledges, args, message):
    before = snapshot(pledges)
    rc, out, err = pledges("pledge", "add", "--donor", "1", "--amount", "10.000.000",
                           "--campaign", "C19", "--date", "10/12/2019", *args)
    assert rc != 0 and one_line(err), err
    assert message in err
    assert snapshot(pledges) == before


def test_bad_filters(pledges):
    rc, out, err = pledges("pledge", "outstanding", "--unit", "NOPE")
    assert rc == 1 and "no unit with code 'NOPE'" in err
    rc, out, err = pledges("pledge", "outstanding", "--due-within", "soon")
    assert rc == 2 and "--due-within" in err
