"""Search through the real CLI and store (issue #3): donors by name or tax
code, contributions by receipt number, donor or note, units by name."""
import pytest

from e2e_helpers import copy_db, one_line, write_csv

PEOPLE = [
    "Nguyễn Văn Đức", "Nguyễn Đức Anh", "Trần Thị Đức Hạnh", "Lê Văn An", "Nguyễn Văn An",
    "Thạch Sa Ra", "Đặng Thị Dung", "Dương Văn Đức",
]


@pytest.fixture
def people(tree):
    for name in PEOPLE:
        tree.ok("donor", "add", "--name", name, "--kind", "individual", "--unit", "X1")
    tree.ok("donor", "add", "--name", "Công ty TNHH Đức Thành", "--kind", "business",
            "--unit", "X1", "--tax-code", "2109467660")
    return tree


def names(run, query, *extra):
    return [d["name"] for d in run.json("donor", "list", "--search", query, *extra)]


def test_tiers_exact_then_whole_words_then_prefix(people):
    got = names(people, "nguyen van duc")
    assert got[0] == "Nguyễn Văn Đức"            # the exact name
    got = names(people, "duc")
    whole = [n for n in got if "Đức" in n.split()]
    assert got[:len(whole)] == whole              # whole words before prefixes
    assert "Đức" not in got[-1].split() or len(whole) == len(got)


def test_d_and_dd_fold_together(people):
    assert "Đặng Thị Dung" in names(people, "dang")
    assert "Dương Văn Đức" in names(people, "DUONG duc")
    assert set(names(people, "Đức")) == set(names(people, "duc"))


def test_word_order_and_prefixes(people):
    got = names(people, "an nguyen")
    assert got[0] == "Nguyễn Văn An"              # both words whole
    assert "Nguyễn Đức Anh" in got                # "an" as a prefix of "Anh"
    assert got.index("Nguyễn Đức Anh") > got.index("Nguyễn Văn An")
    assert "Nguyễn Văn Đức" in names(people, "ngu va du")
    assert names(people, "sa thach") == ["Thạch Sa Ra"]


def test_given_name_order_within_a_tier(people):
    got = names(people, "van")
    # individuals sort by given name first: An < Đức
    assert got.index("Lê Văn An") < got.index("Nguyễn Văn Đức")
    assert got.index("Nguyễn Văn An") < got.index("Dương Văn Đức")


def test_tax_code_prefix(people):
    assert names(people, "210946") == ["Công ty TNHH Đức Thành"]


def test_limit_and_offset_page_through(people):
    every = names(people, "n", "--limit", "50")
    first = names(people, "n", "--limit", "2")
    second = names(people, "n", "--limit", "2", "--offset", "2")
    assert first + second == every[:4]


@pytest.mark.parametrize("query", ["%", "---", "  ", "*"])
def test_nothing_to_search_for_is_a_usage_error(people, query):
    rc, out, err = people("donor", "list", "--search", query)
    assert rc == 2 and out == "" and "search" in err


def test_search_is_not_sql(people):
    for q in ["' OR 1=1 --", '"nguyen" OR "tran"', "nguyen*", "NEAR(a b)"]:
        rc, out, err = people("donor", "list", "--search", q, "--format", "json")
        assert rc in (0, 2), err


@pytest.fixture
def demo(demo_db, run):
    copy_db(demo_db, run.db)
    return run


def test_contribution_search_by_receipt_number(demo):
    rows = demo.json("contribution", "list", "--search", "tv2019-00001", "--limit", "5")
    assert rows and all(r["receipt"].startswith("TV2019-00001") for r in rows)


def test_contribution_search_by_donor(demo):
    donor = demo.json("donor", "list", "--limit", "1")[0]
    rows = demo.json("contribution", "list", "--search", donor["name"])
    assert any(r["donor_id"] == donor["id"] for r in rows)


def test_unit_search(demo):
    got = {u["code"] for u in demo.json("unit", "list", "--search", "cang long")}
    assert got == {"TV-CL", "TV-CL-CANGLONG"}
    assert {u["code"] for u in demo.json("unit", "list", "--search", "tv-cl")} >= {"TV-CL"}


NOTES_HEADER = ["date", "donor", "kind", "unit", "amount", "channel", "note"]
NOTES_ROWS = [
    ["15/09/2019", "Nguyễn Văn Đức", "individual", "X1", "1.000.000", "cash",
     "Ủng hộ xây nhà Đại đoàn kết"],
    ["16/09/2019", "Trần Thị Hạnh", "individual", "X1", "2.000.000", "cash", "Hỗ trợ hộ nghèo"],
    ["17/09/2019", "Lê Văn An", "individual", "X2", "3.000.000", "cash", ""],
    # decomposed text in a CSV cell is folded the same way
    ["18/09/2019", "Lê Văn An", "individual", "X2", "4.000.000", "cash",
     "Xa\u0302y ca\u0302\u0300u \u0110o\u0302\u0300ng Khởi"],
]


@pytest.fixture
def noted(tree, tmp):
    write_csv(tmp / "notes.csv", NOTES_HEADER, NOTES_ROWS)
    tree.ok("import", "contributions", str(tmp / "notes.csv"))
    return tree


def search_rows(run, query, *extra):
    return run.json("contribution", "list", "--search", query, *extra)


def test_contribution_search_by_note_words(noted):
    got = search_rows(noted, "dai doan")              # no diacritics, đ typed as d
    assert [r["note"] for r in got] == ["Ủng hộ xây nhà Đại đoàn kết"]
    got = search_rows(noted, "XÂY")                   # any case, with diacritics
    assert [r["amount"] for r in got] == [4000000, 1000000]   # the newest first
    assert [r["amount"] for r in search_rows(noted, "dong khoi cau")] == [4000000]
    assert [r["amount"] for r in search_rows(noted, "ngh ho")] == [2000000]   # prefixes
    assert search_rows(noted, "xay truong") == []


def test_contribution_search_donor_and_note_each_once(noted):
    # "an": Lê Văn An's two contributions, and no note has a word starting "an"
    got = search_rows(noted, "an")
    assert sorted(r["amount"] for r in got) == [3000000, 4000000]
    assert len({r["id"] for r in got}) == len(got)
    assert len(search_rows(noted, "an", "--limit", "1")) == 1


def test_contribution_search_receipt_prefix_any_case(noted):
    got = search_rows(noted, "c19-00000")
    assert sorted(r["receipt"] for r in got) == [f"C19-00000{i}" for i in range(1, 5)]
    assert [r["amount"] for r in search_rows(noted, "C19-000002")] == [2000000]


@pytest.mark.parametrize("args", [["--search", "%%"], ["--search", "x", "--limit", "1001"]])
def test_contribution_search_refusals_print_nothing(noted, args):
    rc, out, err = noted("contribution", "list", *args)
    assert rc == 2 and out == "" and one_line(err)


def test_contribution_search_text_and_csv_show_the_note(noted):
    out = noted.ok("contribution", "list", "--search", "ngheo")
    assert "Hỗ trợ hộ nghèo" in out and "2.000.000" in out
    rows = noted.csv("contribution", "list", "--search", "ngheo")
    assert [r["note"] for r in rows] == ["Hỗ trợ hộ nghèo"]


def test_full_names_of_common_words(tree):
    """Full names made of the commonest words (the pair index's case):
    exact first, then the same words in another order, then prefixes."""
    for name, unit in [("Nguyễn Thị Kim Thanh", "X1"), ("Thanh Nguyễn Thị Kim", "X1"),
                       ("Nguyễn Thị Kim Thanh", "X2"), ("Nguyễn Thị Kim Thành Công", "X1"),
                       ("Nguyễn Thị Kim", "X1"), ("Nguyễn Thị Thanh", "X1")]:
        tree.ok("donor", "add", "--name", name, "--kind", "individual", "--unit", unit)
    got = names(tree, "nguyen thi kim thanh")
    assert got[:2] == ["Nguyễn Thị Kim Thanh"] * 2
    # every word whole ("Thành" is "thanh" folded), given names in order
    assert got[2:] == ["Nguyễn Thị Kim Thành Công", "Thanh Nguyễn Thị Kim"]
    # "ngu" is only a prefix: one tier, given name order (Công, Kim, Thanh)
    assert names(tree, "kim thanh ngu") == [
        "Nguyễn Thị Kim Thành Công", "Thanh Nguyễn Thị Kim"] + ["Nguyễn Thị Kim Thanh"] * 2
    assert names(tree, "thi kim th") == names(tree, "kim th thi")
