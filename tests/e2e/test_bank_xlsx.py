"""Issue #6 item 3: bank statements exported as .xlsx (`ansinh import bank
FILE.xlsx`).  The same statement written as CSV and as a workbook in
Vietcombank's layout (title rows above the header, dates as date cells,
amounts as numbers or as text "1.000.000") imports to the same books; a
re-import changes nothing; a broken workbook is refused with nothing stored."""
import csv
import datetime
import io
import zipfile

import openpyxl

from e2e_helpers import copy_db, one_line, snapshot
from test_bank import ACCOUNT, LINES, bank, lines_by_txn, statement  # noqa: F401


def vcb_workbook(path, lines, account=ACCOUNT):
    """A Vietcombank statement as its .xlsx export looks: a title block, the
    header on row 8, dates as date cells, amounts as numbers (one as text)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sao kê tài khoản"
    ws["A1"] = "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"
    ws["A3"] = "SAO KÊ TÀI KHOẢN"
    ws["A4"] = "Số tài khoản:"
    ws["C4"] = account
    ws["A5"] = "Từ ngày 01/12/2019 đến ngày 05/12/2019"
    ws.append([])
    ws.append(["Ngày GD", "Số CT", "Ghi nợ", "Ghi có", "Số dư", "Nội dung"])
    bal = 10_000_000
    for i, (txn, d, dr, cr, desc, _) in enumerate(lines):
        bal += cr - dr
        day = datetime.datetime.strptime(d, "%d/%m/%Y")
        credit = f"{cr:,}".replace(",", ".") if i == 1 else (cr or None)
        ws.append([day, txn, dr or None, credit, bal, desc])
        ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy"
        for col in (3, 4, 5):
            ws.cell(row=ws.max_row, column=col).number_format = "#,##0"
    wb.save(path)
    return path


def books(run, db):
    lines = run.json("reconcile", "list", "--status", "all", db=db)
    contribs = run.json("contribution", "list", db=db)
    for l in lines:
        l.pop("statement", None)
    return lines, contribs, run("report", "progress", "--format", "json", db=db).out


def test_csv_and_xlsx_import_to_the_same_books(bank, tmp):
    other = copy_db(bank.db, tmp / "other.db")
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0, err
    x = vcb_workbook(tmp / "s.xlsx", LINES)
    rc, out_x, err = bank("import", "bank", x, db=other)
    assert rc == 0, err
    assert f"profile vcb" in out_x and f"account {ACCOUNT}" in out_x
    assert "7 lines" in out_x and "6 credits" in out_x and "1 debits" in out_x
    assert books(bank, bank.db) == books(bank, other)
    got = lines_by_txn(bank)
    assert got["1002"]["credit"] == 5_000_000 and got["1001"]["date"] == "2019-12-02"
    assert bank("verify", db=other).rc == 0
    # the workbook again: nothing changes
    before = snapshot(bank, other)
    rc, out, err = bank("import", "bank", x, db=other)
    assert rc == 0, err
    assert "7 already imported" in out and "0 new" in out
    assert snapshot(bank, other) == before
    # and the CSV of the same statement into the books the workbook made
    rc, out, err = bank("import", "bank", f, db=other)
    assert rc == 0 and "0 new" in out, err
    assert snapshot(bank, other) == before


def test_errors_name_the_spreadsheet_row(bank, tmp):
    bad = [("1001", "31/12/2019", 0, 100, "X", None), ("", "01/12/2019", 0, 100, "X", None)]
    x = vcb_workbook(tmp / "s.xlsx", bad)
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", x)
    assert rc == 1 and one_line(err), err
    assert f"{x}:9: ref: empty" in err  # row 9 of the sheet: header on 7, lines from 8
    assert snapshot(bank) == before


def test_broken_workbooks_refused_nothing_stored(bank, tmp):
    good = vcb_workbook(tmp / "good.xlsx", LINES).read_bytes()
    before = snapshot(bank)
    # damaged bytes inside the compressed members
    damaged = bytearray(good)
    for i in range(300, len(damaged) - 600, 97):
        damaged[i] ^= 0x55
    cases = {
        "damaged.xlsx": bytes(damaged),
        "truncated.xlsx": good[: len(good) // 2],
        "renamed.xlsx": "Ngày GD,Số CT\n".encode(),  # no zip: read as the CSV it is
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    cases["document.xlsx"] = buf.getvalue()
    for name, data in cases.items():
        p = tmp / name
        p.write_bytes(data)
        rc, out, err = bank("import", "bank", p)
        assert rc == 1 and one_line(err), (name, err)
        assert err.startswith(f"ansinh import: {p}") or f"{p}:" in err, (name, err)
        assert snapshot(bank) == before, name
    rc, out, err = bank("import", "bank", tmp / "document.xlsx")
    assert "not an Excel workbook" in err
    rc, out, err = bank("import", "bank", tmp / "truncated.xlsx")
    assert "not a readable .xlsx workbook" in err


def test_cells_as_the_csv_export_shows_them(tmp, bank):
    """Number cells come out without exponent or thousands separators, text
    as written: the amount parser sees what it sees in a CSV export."""
    rows = list(csv.reader(io.StringIO(statement("vcb", LINES[:1]))))
    assert rows[-1][3] == "2.000.000"
    x = vcb_workbook(tmp / "s.xlsx", [("1001", "02/12/2019", 0, 123_456_789_012, "big", None)])
    rc, out, err = bank("import", "bank", x)
    assert rc == 0, err
    assert lines_by_txn(bank)["1001"]["credit"] == 123_456_789_012
