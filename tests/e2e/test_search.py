"""Search through the real CLI and store (issue #3): donors by name or tax
code, contributions by receipt number or donor, units by name."""
import pytest

from e2e_helpers import copy_db

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
