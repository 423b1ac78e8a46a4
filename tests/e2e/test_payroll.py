"""ansinh import payroll: one contribution for the agency's total, the
members' lines kept; totals that do not match the transfer, bad cells and a
second import are refused with nothing written."""
import pytest

from e2e_helpers import one_line, snapshot, sql_ok, write_csv

VI_HEADER = ["STT", "Họ và tên", "Chức vụ", "Phòng ban", "Số tiền (đồng)", "Ghi chú"]
VI_ROWS = [
    ["1", "Nguyễn Văn Đức", "Giám đốc", "Ban Giám đốc", "1.000.000", ""],
    ["2", "Trần Thị Hồng", "Chuyên viên", "Phòng KH", "500000", "một ngày lương"],
    ["3", "Lê Văn Bình", "", "", "250,000", ""],
]


@pytest.fixture
def agency(tree):
    tree.ok("unit", "add", "--code", "SYT", "--name", "Sở Y tế", "--parent", "P",
            "--kind", "department")
    tree.ok("target", "set", "--campaign", "C19", "--unit", "SYT", "--amount", "2.000.000")
    return tree


def test_vietnamese_list_is_one_contribution_with_members(agency, tmp):
    run = agency
    f = write_csv(tmp / "luong.csv", VI_HEADER, VI_ROWS, bom=True, crlf=True)
    out = run.ok("import", "payroll", f, "--agency", "SYT", "--period", "tháng 9/2019",
                 "--transfer", "1.750.000", "--date", "20/09/2019")
    assert "3 members" in out and "1750000" in out
    units = run.units_by_code("C19")
    assert units["SYT"]["received"] == 1_750_000
    contribs = run.json("contribution", "list", "--campaign", "C19")
    assert [(c["channel"], c["amount"]) for c in contribs] == [("payroll", 1_750_000)]
    lists = run.json("payroll", "list")
    assert len(lists) == 1 and lists[0]["members"] == 3 and lists[0]["total"] == 1_750_000
    assert lists[0]["agency"] == "Sở Y tế" and lists[0]["period"] == "tháng 9/2019"
    lines = run.json("payroll", "show", "1")
    assert [(m["name"], m["position"], m["amount"]) for m in lines] == [
        ("Nguyễn Văn Đức", "Giám đốc", 1_000_000), ("Trần Thị Hồng", "Chuyên viên", 500_000),
        ("Lê Văn Bình", None, 250_000)]
    found = run.json("payroll", "list", "--search", "duc")
    assert [m["name"] for m in found] == ["Nguyễn Văn Đức"]
    assert run.json("payroll", "list", "--search", "tran hong") [0]["amount"] == 500_000
    assert run.json("payroll", "list", "--search", "nobody") == []
    assert "ok:" in run.ok("verify")


def test_english_header_any_order_and_transfer_reference(agency, tmp):
    run = agency
    f = write_csv(tmp / "p.csv", ["amount", "department", "name"],
                  [["300000", "IT", "Phạm Văn An"], ["200000", "IT", "Võ Thị Lan"]])
    run.ok("import", "payroll", f, "--agency", "SYT", "--period", "Q3", "--transfer",
           "FT19263000001", "--amount", "500.000", "--date", "21/09/2019")
    c = run.json("contribution", "list")[0]
    assert c["bank_ref"] == "FT19263000001" and c["amount"] == 500_000
    # the same transfer again, in another file: already has its list
    g = write_csv(tmp / "q.csv", ["name", "amount"], [["Phạm Văn An", "500000"]])
    r = run("import", "payroll", g, "--agency", "SYT", "--period", "Q3", "--transfer",
            "FT19263000001", "--amount", "500.000")
    assert r.rc == 1 and "already has its payroll list" in r.err


def test_transfer_already_in_the_ledger_gets_the_list(agency, tmp):
    run = agency
    run.ok("donor", "add", "--name", "Sở Y tế", "--kind", "collective", "--unit", "SYT")
    run.ok("contribution", "add", "--donor", "1", "--amount", "750.000", "--channel", "transfer",
           "--bank-ref", "FT777", "--date", "22/09/2019")
    f = write_csv(tmp / "p.csv", ["Họ tên", "Số tiền"], [["A Một", "500.000"], ["B Hai", "250.000"]])
    out = run.ok("import", "payroll", f, "--agency", "1", "--period", "tháng 9", "--transfer", "FT777")
    assert "attached to contribution 1" in out
    assert len(run.json("contribution", "list")) == 1
    assert run.units_by_code("C19")["SYT"]["received"] == 750_000


def test_total_must_equal_the_transfer(agency, tmp):
    run = agency
    f = write_csv(tmp / "p.csv", VI_HEADER, VI_ROWS)
    before = snapshot(run)
    r = run("import", "payroll", f, "--agency", "SYT", "--period", "9/2019",
            "--transfer", "1.700.000")
    assert r.rc == 1 and one_line(r.err)
    assert "1.750.000 đ" in r.err and "1.700.000 đ" in r.err and "50.000 đ" in r.err
    assert snapshot(run) == before


@pytest.mark.parametrize("rows,where", [
    ([["Nguyễn A", "1.000.000"], ["", "500000"]], ":3: name"),
    ([["Nguyễn A", "1.000.000"], ["Trần B", "5 trăm"]], ":3: amount"),
    ([["Nguyễn A", "1,5"]], ":2: amount"),
    ([["Nguyễn A", "0"]], ":2: amount"),
    ([["Nguyễn A", "-100"]], ":2: amount"),
])
def test_bad_cells_name_file_line_and_column(agency, tmp, rows, where):
    run = agency
    f = write_csv(tmp / "bad.csv", ["Họ và tên", "Số tiền"], rows)
    before = snapshot(run)
    r = run("import", "payroll", f, "--agency", "SYT", "--period", "x", "--transfer", "1.500.000")
    assert r.rc == 1 and one_line(r.err) and f"bad.csv{where}" in r.err, r.err
    assert snapshot(run) == before


def test_bad_header_and_agency(agency, tmp):
    run = agency
    f = write_csv(tmp / "h.csv", ["Họ và tên", "Lương"], [["A", "1"]])
    r = run("import", "payroll", f, "--agency", "SYT", "--period", "x", "--transfer", "1")
    assert r.rc == 1 and "h.csv:1: unknown column 'Lương'" in r.err
    f = write_csv(tmp / "m.csv", ["Họ và tên", "Chức vụ"], [["A", "x"]])
    r = run("import", "payroll", f, "--agency", "SYT", "--period", "x", "--transfer", "1")
    assert r.rc == 1 and "missing required column 'amount'" in r.err
    f = write_csv(tmp / "ok.csv", ["Họ và tên", "Số tiền"], [["A", "1"]])
    r = run("import", "payroll", f, "--agency", "NOPE", "--period", "x", "--transfer", "1")
    assert r.rc == 1 and "NOPE" in r.err
    r = run("import", "payroll", f, "--agency", "SYT", "--period", "x", "--transfer", "FT1")
    assert r.rc == 2 and "--amount" in r.err
    assert run("import", "payroll", f, "--agency", "SYT").rc == 2


def test_same_file_twice_refused_unless_force(agency, tmp):
    run = agency
    f = write_csv(tmp / "p.csv", VI_HEADER, VI_ROWS)
    args = ["import", "payroll", f, "--agency", "SYT", "--period", "9/2019", "--transfer", "1.750.000"]
    run.ok(*args)
    before = snapshot(run)
    r = run(*args)
    assert r.rc == 1 and "already imported" in r.err and one_line(r.err)
    assert snapshot(run) == before
    run.ok(*args, "--force")
    assert run.units_by_code("C19")["SYT"]["received"] == 3_500_000
    assert int(sql_ok(run.db, "SELECT count(*) FROM payroll_line;")) == 6


def test_lines_are_append_only(agency, tmp):
    run = agency
    f = write_csv(tmp / "p.csv", VI_HEADER, VI_ROWS)
    run.ok("import", "payroll", f, "--agency", "SYT", "--period", "9/2019", "--transfer", "1.750.000")
    from e2e_helpers import sqlite
    rc, _, err = sqlite(run.db, "UPDATE payroll_line SET amount = 1;")
    assert rc != 0 and "append-only" in err


def test_xlsx_list_same_as_csv(agency, tmp):
    """The list as an .xlsx (numbers as number cells, one amount as text):
    the same members; a bad cell names the spreadsheet row."""
    import openpyxl
    run = agency
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(VI_HEADER)
    for r in VI_ROWS:
        amount = r[4] if "." in r[4] else int(r[4].replace(",", ""))
        ws.append([int(r[0]), r[1], r[2] or None, r[3] or None, amount, r[5] or None])
    ws.append([])  # an empty row at the end is nothing
    f = tmp / "luong.xlsx"
    wb.save(f)
    out = run.ok("import", "payroll", f, "--agency", "SYT", "--period", "tháng 9/2019",
                 "--transfer", "1.750.000", "--date", "20/09/2019")
    assert "3 members" in out
    lines = run.json("payroll", "show", "1")
    assert [(m["name"], m["position"], m["amount"]) for m in lines] == [
        ("Nguyễn Văn Đức", "Giám đốc", 1_000_000), ("Trần Thị Hồng", "Chuyên viên", 500_000),
        ("Lê Văn Bình", None, 250_000)]
    ws.cell(row=3, column=5).value = 0.5
    g = tmp / "bad.xlsx"
    wb.save(g)
    before = snapshot(run)
    r = run("import", "payroll", g, "--agency", "SYT", "--period", "10/2019",
            "--transfer", "1.250.000")
    assert r.rc == 1 and one_line(r.err) and f"{g}:3: amount" in r.err, r.err
    assert snapshot(run) == before
