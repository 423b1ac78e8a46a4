"""4. The bulk-import contract: any column order, BOM, CRLF, quoting, amounts,
donor matching, all or nothing, bank_ref and file de-duplication."""
import re
import unicodedata

import pytest

from e2e_helpers import HEADER, count, one_line, snapshot, sql_ok, write_csv


def summary(out):
    m = re.search(r"(\d+) rows, (\d+) stored, (\d+) skipped.*?(\d+) new donors", out)
    assert m, out
    return tuple(int(x) for x in m.groups())


def contributions(run):
    return sorted(run.json("contribution", "list"), key=lambda c: c["id"])


ROWS = [
    {"date": "15/09/2019", "donor": "Nguyễn Văn Đức", "kind": "individual", "unit": "X1",
     "amount": "1.000.000", "channel": "cash"},
    {"date": "2019-09-16", "donor": "Công ty TNHH Thủy sản Trà Vinh", "kind": "business",
     "unit": "D2", "amount": "2,500,000", "channel": "transfer"},
    {"date": "17/09/2019", "donor": "Hội Phụ nữ xã Hòa Ân", "kind": "collective", "unit": "X3",
     "amount": "300000", "channel": "payroll"},
]


@pytest.mark.parametrize("order", [
    ["date", "donor", "kind", "unit", "amount", "channel"],
    ["channel", "amount", "unit", "kind", "donor", "date"],
    ["unit", "date", "amount", "donor", "channel", "kind"],
], ids=["documented", "reversed", "shuffled"])
def test_columns_in_any_order(tree, tmp, order):
    f = write_csv(tmp / "in.csv", order, [[r[c] for c in order] for r in ROWS])
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out) == (3, 3, 0, 3)
    got = [(c["date"], c["donor"], c["unit"], c["amount"], c["channel"]) for c in contributions(tree)]
    assert got == [("2019-09-15", "Nguyễn Văn Đức", "X1", 1_000_000, "cash"),
                   ("2019-09-16", "Công ty TNHH Thủy sản Trà Vinh", "D2", 2_500_000, "transfer"),
                   ("2019-09-17", "Hội Phụ nữ xã Hòa Ân", "X3", 300_000, "payroll")]
    kinds = {d["name"]: d["kind"] for d in tree.json("donor", "list")}
    assert kinds["Hội Phụ nữ xã Hòa Ân"] == "collective"
    assert tree.units_by_code("C19")["P"]["received"] == 3_800_000
    assert tree("verify").rc == 0


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_bom_crlf_quoting_and_blank_trailing_lines(tree, tmp, bom, crlf):
    nl = "\r\n" if crlf else "\n"
    text = nl.join([
        "date,donor,kind,unit,amount,channel,note,bank_ref",
        '15/09/2019,"Lê Văn A, Trưởng ấp",individual,X1,"1.000.000",cash,"nói ""cảm ơn"" nhé",',
        f'16/09/2019,"Doanh nghiệp tư nhân ""Hưng Thịnh""",business,X2,2000000,transfer,"dòng một{nl}dòng hai, còn nữa",VCB-7',
        "17/09/2019,Thạch Sô Phi,individual,X3,3000000,cash,,",
        "", "", ""])
    data = text.encode()
    if bom:
        data = b"\xef\xbb\xbf" + data
    f = tmp / "quoted.csv"
    f.write_bytes(data)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out)[:3] == (3, 3, 0)
    cs = contributions(tree)
    assert [c["donor"] for c in cs] == ["Lê Văn A, Trưởng ấp", 'Doanh nghiệp tư nhân "Hưng Thịnh"',
                                        "Thạch Sô Phi"]
    assert [c["amount"] for c in cs] == [1_000_000, 2_000_000, 3_000_000]
    assert cs[1]["bank_ref"] == "VCB-7" and cs[0]["bank_ref"] is None
    notes = sql_ok(tree.db, "SELECT note FROM contribution ORDER BY id;")
    assert 'nói "cảm ơn" nhé' in notes
    assert "dòng một" in notes and "dòng hai, còn nữa" in notes
    # the BOM is not part of the first column's name, nor of any value
    assert "\ufeff" not in sql_ok(tree.db, "SELECT group_concat(name) FROM donor;")


def test_line_numbers_count_physical_lines(tree, tmp):
    """An error after a quoted multi-line field names the physical line."""
    text = ("date,donor,kind,unit,amount,channel,note\n"
            '15/09/2019,A,individual,X1,1000,cash,"một\nhai\nba"\n'
            "16/09/2019,B,individual,NOPE,1000,cash,\n")
    f = tmp / "lines.csv"
    f.write_text(text)
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 1 and one_line(err)
    assert f"{f}:5: unit:" in err
    assert snapshot(tree) == before


@pytest.mark.parametrize("amount", ["1.000.000", "1,000,000", "1000000", "1.000.000 đ", "1 000 000"])
def test_amount_formats(tree, tmp, amount):
    f = write_csv(tmp / "a.csv", HEADER, [["15/09/2019", "A", "individual", "X1", amount, "cash"]])
    tree.ok("import", "contributions", f)
    assert [c["amount"] for c in contributions(tree)] == [1_000_000]


@pytest.mark.parametrize("date,iso", [("15/09/2019", "2019-09-15"), ("2019-09-15", "2019-09-15"),
                                      ("29/02/2020", "2020-02-29"), ("01/12/2019", "2019-12-01")])
def test_date_formats(tree, tmp, date, iso):
    f = write_csv(tmp / "d.csv", HEADER, [[date, "A", "individual", "X1", "1000", "cash"]])
    tree.ok("import", "contributions", f)
    assert [c["date"] for c in contributions(tree)] == [iso]


def test_optional_columns(tree, tmp):
    tree.ok("donor", "add", "--name", "Công ty Cổ phần Cảng Trà Vinh", "--kind", "business",
            "--unit", "P", "--tax-code", "2100274321")
    tree.ok("pledge", "add", "--donor", "1", "--amount", "10.000.000", "--campaign", "C19")
    hdr = "note,goods,bank_ref,pledge,tax_code,anonymous," + HEADER
    f = write_csv(tmp / "o.csv", hdr, [
        ["trả đợt 1", "", "VCB-001", "1", "2100274321", "0",
         "20/09/2019", "Công ty Cổ phần Cảng Trà Vinh", "business", "P", "4.000.000", "transfer"],
        ["", "50 thùng mì", "", "", "", "1",
         "21/09/2019", "Người giấu tên", "individual", "X2", "2.000.000", "goods"],
        ["", "", "", "", "", "",
         "22/09/2019", "Võ Thị Lan", "individual", "X2", "100.000", "cash"],
    ])
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out) == (3, 3, 0, 2)
    cs = contributions(tree)
    assert cs[0]["donor_id"] == 1 and cs[0]["bank_ref"] == "VCB-001"
    assert cs[1]["channel"] == "goods" and cs[1]["goods"] == "50 thùng mì" and cs[1]["anonymous"] is True
    assert cs[2]["anonymous"] is False and cs[2]["goods"] is None
    [p] = tree.json("pledge", "list")
    assert p["paid"] == 4_000_000 and p["outstanding"] == 6_000_000
    assert sql_ok(tree.db, "SELECT note FROM contribution WHERE id=1;").strip() == "trả đợt 1"


NAME = "Nguyễn Văn Đức"


@pytest.mark.parametrize("variant,kind,unit,same", [
    (NAME, "individual", "X1", True),
    (unicodedata.normalize("NFD", NAME), "individual", "X1", True),
    ("  Nguyễn   Văn  Đức ", "individual", "X1", True),
    ("NGUYỄN VĂN ĐỨC", "individual", "X1", True),
    ("nguyễn văn đức", "individual", "X1", True),
    ("Nguyễn\u00a0Văn\tĐức", "individual", "X1", True),
    (NAME, "individual", "X2", False),       # another unit
    (NAME, "collective", "X1", False),       # another kind
    ("Nguyen Van Duc", "individual", "X1", False),  # without diacritics is another name
], ids=["same", "nfd", "spaces", "upper", "lower", "nbsp-tab", "other-unit", "other-kind", "ascii"])
def test_donor_matching_by_name(tree, tmp, variant, kind, unit, same):
    tree.ok("donor", "add", "--name", NAME, "--kind", "individual", "--unit", "X1")
    f = write_csv(tmp / "m.csv", HEADER, [["15/09/2019", variant, kind, unit, "1000", "cash"]])
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out)[3] == (0 if same else 1)
    [c] = contributions(tree)
    assert (c["donor_id"] == 1) == same
    donors = tree.json("donor", "list")
    assert len(donors) == (1 if same else 2)
    assert {d["id"]: d["name"] for d in donors}[1] == NAME  # the first spelling stays


def test_donor_matching_by_tax_code(tree, tmp):
    tree.ok("donor", "add", "--name", "Công ty Điện lực Trà Vinh", "--kind", "business",
            "--unit", "P", "--tax-code", "0300942001-021")
    f = write_csv(tmp / "t.csv", HEADER + ",tax_code", [
        ["15/09/2019", "PC Trà Vinh", "business", "D1", "1000", "transfer", "0300942001-021"],
        ["16/09/2019", "Điện lực TV", "business", "D2", "2000", "transfer", "0300942001-021"],
        ["17/09/2019", "Công ty Điện lực Trà Vinh", "business", "P", "3000", "transfer", "0300942001-022"],
    ])
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out) == (3, 3, 0, 1)
    cs = contributions(tree)
    assert [c["donor_id"] for c in cs] == [1, 1, 2]
    # the contribution is credited to the row's unit
    assert [c["unit"] for c in cs] == ["D1", "D2", "P"]


def test_new_donors_created_once_per_file(tree, tmp):
    f = write_csv(tmp / "n.csv", HEADER, [
        ["15/09/2019", "Kim Thị Sóc", "individual", "X3", "1000", "cash"],
        ["16/09/2019", "kim thị sóc", "individual", "X3", "2000", "cash"],
        ["17/09/2019", unicodedata.normalize("NFD", "Kim Thị Sóc"), "individual", "X3", "3000", "cash"],
    ])
    assert summary(tree.ok("import", "contributions", f)) == (3, 3, 0, 1)
    [d] = tree.json("donor", "list")
    assert d["name"] == "Kim Thị Sóc" and d["given"] == 6000 and d["contributions"] == 3


def test_all_or_nothing(tree, tmp):
    tree.ok("import", "contributions",
            write_csv(tmp / "first.csv", HEADER, [["01/09/2019", "Đầu tiên", "individual", "X1", "5000", "cash"]]))
    rows = [["15/09/2019", f"Người số {i}", "individual", "X2", f"{i}000", "cash"] for i in range(1, 200)]
    rows.insert(150, ["15/09/2019", "Người lỗi", "individual", "X2", "mười nghìn", "cash"])
    f = write_csv(tmp / "big.csv", HEADER, rows)
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 1 and one_line(err), err
    assert err.startswith("ansinh import: ") and f"{f}:152: amount:" in err
    assert out == ""
    assert snapshot(tree) == before
    # the file is not marked as imported: fixed, it goes in
    rows[150][4] = "10.000"
    write_csv(f, HEADER, rows)
    assert summary(tree.ok("import", "contributions", f))[:2] == (200, 200)


def test_bank_ref_already_in_ledger_is_skipped(tree, tmp):
    tree.ok("donor", "add", "--name", "A", "--kind", "individual", "--unit", "X1")
    tree.ok("contribution", "add", "--donor", "1", "--amount", "1000", "--channel", "transfer",
            "--bank-ref", "FT19001")
    f = write_csv(tmp / "b.csv", HEADER + ",bank_ref", [
        ["15/09/2019", "A", "individual", "X1", "1000", "transfer", "FT19001"],
        ["15/09/2019", "B", "individual", "X1", "2000", "transfer", "FT19002"],
        ["16/09/2019", "B", "individual", "X1", "2000", "transfer", "FT19002"],  # twice in the file
        ["16/09/2019", "C", "individual", "X1", "4000", "transfer", "FT19003"],
    ])
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out)[:3] == (4, 2, 2)
    refs = sorted(c["bank_ref"] for c in tree.json("contribution", "list"))
    assert refs == ["FT19001", "FT19002", "FT19003"]
    assert tree.units_by_code("C19")["X1"]["received"] == 7000


def test_bank_ref_repeated_across_written_batches(tree, tmp):
    """Rows are written 128 at a time: a reference repeated within a batch
    not yet written (row 11 after row 2) and after many were (row 150 after
    row 3) is still skipped, and each is stored once."""
    rows = [["15/09/2019", f"D{i}", "individual", "X1", str(1000 + i), "transfer", f"FT{i:05d}"]
            for i in range(200)]
    rows[10][6] = "FT00002"
    rows[150][6] = "FT00003"
    f = write_csv(tmp / "b.csv", HEADER + ",bank_ref", rows)
    assert summary(tree.ok("import", "contributions", f))[:3] == (200, 198, 2)
    assert sql_ok(tree.db, "SELECT count(*), count(DISTINCT bank_ref) FROM contribution"
                  ).strip() == "198|198"
    assert sql_ok(tree.db, "SELECT amount FROM contribution WHERE bank_ref IN"
                  " ('FT00002', 'FT00003') ORDER BY bank_ref").split() == ["1002", "1003"]
    tree.ok("verify")


def test_same_file_twice_is_stored_once(tree, tmp):
    f = write_csv(tmp / "twice.csv", HEADER, [[r[c] for c in HEADER.split(",")] for r in ROWS])
    tree.ok("import", "contributions", f)
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 1 and one_line(err)
    assert "already imported" in err and "2019-12-01" in err and "--force" in err
    assert snapshot(tree) == before
    # the same content under another name is the same file
    copy = tmp / "copy-of-twice.csv"
    copy.write_bytes(f.read_bytes())
    rc, out, err = tree("import", "contributions", copy)
    assert rc == 1 and "already imported" in err
    assert snapshot(tree) == before
    assert count(tree.db, "contribution") == 3


def test_force_skips_rows_whose_bank_ref_is_present(tree, tmp):
    rows = [["15/09/2019", "A", "individual", "X1", "1000", "transfer", "R1"],
            ["16/09/2019", "B", "business", "X2", "2000", "transfer", "R2"]]
    f = write_csv(tmp / "f.csv", HEADER + ",bank_ref", rows)
    assert summary(tree.ok("import", "contributions", f))[:3] == (2, 2, 0)
    report = tree.report("C19")
    rc, out, err = tree("import", "contributions", f, "--force")
    assert rc == 0, err
    assert summary(out) == (2, 0, 2, 0)
    assert tree.report("C19") == report
    assert count(tree.db, "contribution") == 2
    # a longer file, forced: only the new bank_ref is stored
    rows.append(["17/09/2019", "C", "individual", "X3", "4000", "transfer", "R3"])
    write_csv(f, HEADER + ",bank_ref", rows)
    assert summary(tree.ok("import", "contributions", f))[:3] == (3, 1, 2)
    assert tree("verify").rc == 0


def test_default_campaign_by_date(tree, tmp):
    f = write_csv(tmp / "c.csv", HEADER, [
        ["01/03/2017", "A", "individual", "X1", "1000", "cash"],   # inside C17
        ["01/09/2019", "A", "individual", "X1", "2000", "cash"],   # inside C19
        ["01/06/2018", "A", "individual", "X1", "4000", "cash"],   # in neither: the latest
        ["01/06/2021", "A", "individual", "X1", "8000", "cash"],   # after both: the latest
    ])
    tree.ok("import", "contributions", f)
    assert [(c["amount"], c["campaign"]) for c in contributions(tree)] == \
        [(1000, "C17"), (2000, "C19"), (4000, "C19"), (8000, "C19")]
    assert tree.report("C17")["received"] == 1000
    assert tree.report("C19")["received"] == 14000


def test_campaign_option(tree, tmp):
    f = write_csv(tmp / "c.csv", HEADER, [["01/09/2019", "A", "individual", "X1", "2000", "cash"]])
    tree.ok("import", "contributions", f, "--campaign", "C17")
    assert [c["campaign"] for c in contributions(tree)] == ["C17"]
    rc, out, err = tree("import", "contributions", write_csv(tmp / "d.csv", HEADER, []),
                        "--campaign", "NOPE")
    assert rc == 1 and one_line(err) and "NOPE" in err


def test_header_only_file(tree, tmp):
    f = tmp / "h.csv"
    f.write_text(HEADER + "\n")
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out)[:3] == (0, 0, 0)
    assert count(tree.db, "contribution") == 0


def test_import_records_batch_and_audit(tree, tmp):
    f = write_csv(tmp / "audit.csv", HEADER, [[r[c] for c in HEADER.split(",")] for r in ROWS])
    tree.ok("import", "contributions", f)
    assert sql_ok(tree.db, "SELECT rows_read, rows_stored, rows_skipped, actor FROM import_batch;").strip() \
        == "3|3|0|tester"
    assert "import.contributions" in sql_ok(tree.db, "SELECT action FROM audit_event;")


def test_import_speed_sanity(tree, tmp):
    """A few thousand rows import in one go and verify (not a benchmark)."""
    rows = [[f"{1 + i % 28:02d}/09/2019", f"Nhà hảo tâm {i % 700}", "individual",
             ["X1", "X2", "X3", "D1", "D2", "P"][i % 700 % 6], f"{(i % 50 + 1) * 10}.000", "cash"]
            for i in range(3000)]
    f = write_csv(tmp / "many.csv", HEADER, rows)
    assert summary(tree.ok("import", "contributions", f)) == (3000, 3000, 0, 700)
    expected = sum((i % 50 + 1) * 10_000 for i in range(3000))
    assert tree.report("C19")["received"] == expected
    assert tree("verify").rc == 0


def test_concurrent_imports_of_different_files(tree, tmp):
    """Four imports at once: each waits for the others' transactions (no
    timing assumed: they only have to all succeed, and all be stored)."""
    from concurrent.futures import ThreadPoolExecutor
    files = []
    for k in range(4):
        rows = [["15/09/2019", f"Người {k}-{i}", "individual", "X1", "1.000", "transfer", f"P{k}-{i}"]
                for i in range(100)]
        files.append(write_csv(tmp / f"p{k}.csv", HEADER + ",bank_ref", rows))
    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda f: tree("import", "contributions", f), files))
    assert [r.rc for r in results] == [0, 0, 0, 0], [r.err for r in results]
    assert count(tree.db, "contribution") == 400
    assert tree.units_by_code("C19")["X1"]["received"] == 400_000
    assert tree("verify").rc == 0


def test_concurrent_imports_of_the_same_file(tree, tmp):
    """The same file imported by three people at once is stored once."""
    from concurrent.futures import ThreadPoolExecutor
    rows = [["15/09/2019", f"Người {i}", "individual", "X2", "2.000", "cash"] for i in range(200)]
    f = write_csv(tmp / "same.csv", HEADER, rows)
    with ThreadPoolExecutor(3) as ex:
        results = list(ex.map(lambda _: tree("import", "contributions", f), range(3)))
    assert sorted(r.rc for r in results) == [0, 1, 1], [r.err for r in results]
    assert all("already imported" in r.err for r in results if r.rc == 1)
    assert count(tree.db, "contribution") == 200
    assert tree.units_by_code("C19")["X2"]["received"] == 400_000


@pytest.mark.parametrize("tail", [
    "\n\n\n", "\r\n\r\n",
    pytest.param("\n \n\t\n", id="whitespace", marks=pytest.mark.bug("whitespace-only row refused")),
    pytest.param(",,,,,\n,,,,,\n", id="commas-only", marks=pytest.mark.bug("empty spreadsheet rows refused")),
    pytest.param('"","","","","",""\n', id="quoted-empties", marks=pytest.mark.bug("empty spreadsheet rows refused")),
])
def test_blank_trailing_rows(tree, tmp, tail):
    """Trailing rows with nothing in them are skipped.  Spreadsheets export
    empty rows as ',,,,,' (commas-only).  BUG/spec question: whitespace-only
    and commas-only rows are refused ('date: not a date ''') instead."""
    f = tmp / "tail.csv"
    f.write_text(HEADER + "\n15/09/2019,A,individual,X1,1000,cash" + ("\r\n" if "\r" in tail else "\n") + tail)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    assert summary(out)[1] == 1


def test_documented_leniencies(tree, tmp):
    """docs/import.md: header names in any case, d/m/yyyy dates, trailing
    optional cells left out."""
    f = tmp / "lenient.csv"
    f.write_text("Date,DONOR,Kind,Unit,Amount,Channel,Bank_Ref,Note\n"
                 "5/9/2019,Phạm Văn Năm,individual,X1,1000,cash\n"
                 "6/9/2019,Phạm Văn Sáu,individual,X1,2000,transfer,SAU-1\n")
    rc, out, err = tree("import", "contributions", f)
    assert rc == 0, err
    cs = contributions(tree)
    assert [(c["date"], c["bank_ref"]) for c in cs] == [("2019-09-05", None), ("2019-09-06", "SAU-1")]


@pytest.mark.parametrize("cell", ["Tên\u200bẩn", "Tên\x07chuông", "Tên\u202eđảo"],
                         ids=["zero-width-space", "bell", "bidi-override"])
def test_invisible_and_control_characters_refused(tree, tmp, cell):
    f = tmp / "inv.csv"
    f.write_text(HEADER + f"\n15/09/2019,{cell},individual,X1,1000,cash\n")
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", f)
    assert rc == 1 and one_line(err) and f"{f}:2: donor:" in err, err
    assert snapshot(tree) == before
