"""Issue #6: bank statements in (`ansinh import bank`) and reconciliation
(`ansinh reconcile`): the four banks' layouts written the way their exports
look, descriptions typed by donors, bad input, re-import and overlap, the
queue, and the ledger staying balanced through every move."""
import re

import pytest

from e2e_helpers import count, one_line, snapshot, sql_ok

ACCOUNT = "0071000123456"

DONORS = [  # name, kind, unit
    ("Nguyễn Văn Đức", "individual", "X1"),
    ("Trần Thị Mai", "individual", "X2"),
    ("Lê Minh Tâm", "individual", "X3"),
    ("Lê Văn Minh Tâm", "individual", "X1"),
    ("Công ty TNHH Xây dựng Hưng Thịnh", "business", "D1"),
    ("Thạch Thị Sa Rươl", "individual", "X3"),
]

# (txn, date, debit, credit, description, who should be found: donor index or None)
LINES = [
    ("1001", "02/12/2019", 0, 2_000_000,
     "MBVCB.3612345678.NGUYEN VAN DUC chuyen tien.CT tu 0123456789 NGUYEN VAN DUC toi "
     + ACCOUNT + " QUY AN SINH XA HOI", 0),
    ("1002", "02/12/2019", 0, 5_000_000, "IBFT UH ASXH P000001", 1),
    ("1003", "03/12/2019", 0, 1_000_000, "CT nhanh 247 LE TAM ung ho quy an sinh", None),
    ("1004", "03/12/2019", 550_000, 0, "Phi quan ly tai khoan thang 11", None),
    ("1005", "04/12/2019", 0, 300_000, "UNG HO QUY ASXH", None),
    ("1006", "05/12/2019", 0, 50_000_000,
     "CONG TY TNHH XAY DUNG HUNG THINH UNG HO QUY AN SINH XA HOI", 4),
    ("1007", "05/12/2019", 0, 500_000, "RUOL THACH THI SA chuyen tien", 5),
]


def fmt(v, sep):
    return f"{v:,}".replace(",", sep) if v else ""


def statement(layout, lines, account=ACCOUNT):
    """A statement export as the bank writes it (preamble, header, rows)."""
    rows = []
    if layout == "vcb":
        rows.append(f"NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM\nSố tài khoản: {account}")
        rows.append("Ngày GD,Số CT,Ghi nợ,Ghi có,Số dư,Nội dung")
        bal = 10_000_000
        for txn, d, dr, cr, desc, _ in lines:
            bal += cr - dr
            rows.append(f'{d},{txn},"{fmt(dr, ".")}","{fmt(cr, ".")}","{fmt(bal, ".")}","{desc}"')
    elif layout == "bidv":
        rows.append(f"Số tài khoản,{account}")
        rows.append("STT,Ngày hiệu lực,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,"
                    "Số tiền ghi có,Số dư,Tài khoản đối ứng,Mô tả giao dịch")
        for i, (txn, d, dr, cr, desc, _) in enumerate(lines):
            rows.append(f'{i + 1},{d},{d} 10:21:07,FT{txn},"{fmt(dr, ",") or 0}",'
                        f'"{fmt(cr, ",") or 0}","1,000,000",,"{desc}"')
    elif layout == "vietinbank":
        rows.append(f"Tài khoản: {account}")
        rows.append("STT,Thời gian giao dịch,Số giao dịch,Nội dung giao dịch,Nợ TK (VND),"
                    "Có TK (VND),Số dư (VND)")
        for i, (txn, d, dr, cr, desc, _) in enumerate(lines):
            rows.append(f'{i + 1},{d} 14:02,{txn},"{desc}","{fmt(dr, ",")}","{fmt(cr, ",")}",'
                        '"1,000,000"')
    elif layout == "agribank":
        rows.append(f"Số tài khoản: {account}")
        rows.append("STT,Ngày giao dịch,Số bút toán,Diễn giải,Phát sinh nợ,Phát sinh có,Số dư cuối")
        for i, (txn, d, dr, cr, desc, _) in enumerate(lines):
            rows.append(f'{i + 1},{d},{txn},"{desc}","{fmt(dr, ".")}","{fmt(cr, ".")}","1.000.000"')
    return "\n".join(rows) + "\n"


def txn_of(layout, txn):
    return "FT" + txn if layout == "bidv" else txn


@pytest.fixture
def bank(tree):
    for name, kind, unit in DONORS:
        tree.ok("donor", "add", "--name", name, "--kind", kind, "--unit", unit)
    tree.ok("pledge", "add", "--donor", "2", "--amount", "5.000.000", "--campaign", "C19",
            "--date", "01/12/2019")
    return tree


def lines_by_txn(run, status="all"):
    return {l["txn"]: l for l in run.json("reconcile", "list", "--status", status)}


@pytest.mark.parametrize("layout", ["vcb", "bidv", "vietinbank", "agribank"])
def test_each_bank_layout_recognised_and_matched(bank, tmp, layout):
    f = tmp / f"{layout}.csv"
    f.write_text(statement(layout, LINES))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0, err
    assert f"profile {layout}" in out and f"account {ACCOUNT}" in out
    assert "7 lines" in out and "6 credits" in out and "1 debits" in out
    got = lines_by_txn(bank)
    assert len(got) == 7
    for txn, d, dr, cr, desc, who in LINES:
        line = got[txn_of(layout, txn)]
        assert line["credit"] == (cr or None) and line["debit"] == (dr or None)
        assert line["date"][:4] == "2019" and line["description"] == desc
        if dr:
            assert line["status"] == "debit" and line["contribution"] is None
            continue
        assert line["contribution"] is not None  # every credit is in the books at once
        if who is not None:
            assert line["status"] == "auto", line
            assert line["donor"] == who + 1
            assert line["score"] >= 85 and line["reason"]
        else:
            assert line["status"] in ("pending", "unmatched"), line
    # the reference paid the pledge
    (p,) = bank.json("pledge", "list")
    assert p["paid"] == 5_000_000 and p["outstanding"] == 0 and p["state"] == "paid"
    # totals are never understated: all 6 credits count, unidentified ones too
    assert bank.units_by_code("C19")["P"]["received"] == sum(l[3] for l in LINES)
    # bank_ref is the transaction number
    refs = {c["bank_ref"] for c in bank.json("contribution", "list")}
    assert refs == {txn_of(layout, l[0]) for l in LINES if l[3]}
    assert bank("verify").rc == 0


def test_explicit_profile_and_profile_file(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("agribank", LINES[:2]))
    assert bank("import", "bank", f, "--profile", "agribank").rc == 0
    # a profile of one's own: a small text file, not code
    conf = tmp / "mybank.conf"
    conf.write_text("# Ngân hàng X\nname = mybank\nbank = Ngân hàng X\n"
                    "date = Ngày\nref = Mã GD\ndebit = Chi\ncredit = Thu\n"
                    "description = Nội dung chuyển khoản\n")
    g = tmp / "x.csv"
    g.write_text("Ngày,Mã GD,Chi,Thu,Nội dung chuyển khoản\n"
                 "06/12/2019,X-1,,\"1,500,000\",NGUYEN VAN DUC UNG HO\n")
    rc, out, err = bank("import", "bank", g, "--profile", conf, "--account", "999")
    assert rc == 0, err
    assert "profile mybank" in out
    assert lines_by_txn(bank)["X-1"]["donor"] == 1


def test_reimport_changes_nothing_and_overlap_adds_only_new(bank, tmp):
    f = tmp / "s1.csv"
    f.write_text(statement("vcb", LINES[:5]))
    assert bank("import", "bank", f).rc == 0
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f)
    assert rc == 0, err
    assert "5 already imported" in out and "0 new" in out
    assert snapshot(bank) == before
    # an overlapping statement: lines 3..7, of which 3..5 are known
    g = tmp / "s2.csv"
    g.write_text(statement("vcb", LINES[2:]))
    rc, out, err = bank("import", "bank", g)
    assert rc == 0, err
    assert "3 already imported" in out and "2 new" in out
    assert count(bank.db, "bank_line") == 7
    assert count(bank.db, "contribution") == 6
    assert bank("verify").rc == 0


def test_statement_of_another_account_refused(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES, account="0071000999999"))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f, "--account", ACCOUNT)
    assert rc == 1 and one_line(err)
    assert "0071000999999" in err and ACCOUNT in err
    assert snapshot(bank) == before


def test_statement_of_an_unregistered_account_is_said(bank, tmp):
    """Once the campaign's collection accounts are registered, a statement
    of another account (most likely the wrong export) is imported but said."""
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:2]))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0 and "warning" not in err  # no account registered: nothing to compare
    bank.ok("account", "set", "--campaign", "C19", "--bin", "970436", "--account", ACCOUNT,
            "--name", "QUY AN SINH")
    f.write_text(statement("vcb", LINES[2:4]))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0 and "warning" not in err
    f.write_text(statement("vcb", LINES[4:], account="0071000999999"))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0, err
    assert "warning" in err and "0071000999999 is not a collection account" in err
    assert len(lines_by_txn(bank)) == len(LINES)


def test_account_needed_when_the_statement_does_not_say(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES).split("\n", 2)[2])  # no preamble
    rc, out, err = bank("import", "bank", f)
    assert rc == 2 and "--account" in err
    assert bank("import", "bank", f, "--account", ACCOUNT).rc == 0


def test_wrong_profile(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f, "--profile", "bidv")
    assert rc == 1 and one_line(err)
    assert "bidv" in err and "wrong --profile" in err
    rc, out, err = bank("import", "bank", f, "--profile", "nosuchbank")
    assert rc == 2 and "vcb, bidv" in err.replace("agribank, ", "").replace("vietinbank", "") or \
        "built in" in err
    assert snapshot(bank) == before


def test_unknown_and_missing_columns(bank, tmp):
    text = statement("vcb", LINES)
    f = tmp / "s.csv"
    f.write_text(text.replace("Số dư,Nội dung", "Số dư,Nội dung,Ghi chú"))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f, "--profile", "vcb")
    assert rc == 1 and one_line(err)
    assert f"{f}:3: Ghi chú: unknown column" in err
    g = tmp / "t.csv"
    g.write_text(text.replace("Ghi có,", ""))
    rc, out, err = bank("import", "bank", g, "--profile", "vcb")
    assert rc == 1 and one_line(err)
    assert "Ghi có: column missing" in err
    # a header of no known bank, without --profile
    h = tmp / "u.csv"
    h.write_text("Ngày,Số,Tiền,Diễn giải\n01/12/2019,1,100,X\n")
    rc, out, err = bank("import", "bank", h, "--account", ACCOUNT)
    assert rc == 1 and "no header row of a known bank" in err
    assert snapshot(bank) == before


def test_duplicate_transaction_in_one_file_names_both_lines(bank, tmp):
    lines = LINES[:3] + [("1001",) + LINES[3][1:]]
    f = tmp / "s.csv"
    f.write_text(statement("vcb", lines))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f)
    assert rc == 1 and one_line(err)
    assert f"{f}:7: ref: transaction '1001' appears twice in the file (lines 4 and 7)" in err
    assert snapshot(bank) == before


def many_lines(n, first=5000):
    """n credit lines from nobody known (the import hands lines from its
    reader to its writer 256 at a time and writes rows 128 at a time)."""
    return [(str(first + i), "06/12/2019", 0, 100_000 + i, f"UNG HO QUY ASXH {i}", None)
            for i in range(n)]


@pytest.mark.parametrize("second", [40, 700])
def test_duplicate_far_apart_names_both_lines(bank, tmp, second):
    """A repeat found by the writer, whether the first line's row is still
    kept for writing (40) or written several chunks before (700)."""
    lines = many_lines(second + 20)
    lines[second] = lines[10]
    f = tmp / "s.csv"
    f.write_text(statement("vcb", lines))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f)
    assert rc == 1 and one_line(err), err
    assert (f"{f}:{second + 4}: ref: transaction '5010' appears twice in the file "
            f"(lines 14 and {second + 4})") in err
    assert snapshot(bank) == before


def test_bad_line_late_in_a_long_file_stores_nothing(bank, tmp):
    """The reader fails after the writer has recorded several chunks: all
    rolled back, the error names the line."""
    lines = many_lines(1500)
    lines[1200] = ("6200", "31/02/2019", 0, 100, "X", None)
    f = tmp / "s.csv"
    f.write_text(statement("vcb", lines))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f)
    assert rc == 1 and one_line(err), err
    assert f"{f}:1204: date: not a date" in err
    assert snapshot(bank) == before
    assert count(bank.db, "bank_line") == 0


def test_long_statement_overlapping_an_earlier_one(bank, tmp):
    """1,000 lines, then 1,200 of which the first 1,000 are known: only the
    new ones stored, each credit line once in the ledger; verify passes;
    the same file again changes nothing."""
    lines = many_lines(1200)
    f, g = tmp / "a.csv", tmp / "b.csv"
    f.write_text(statement("vcb", lines[:1000]))
    g.write_text(statement("vcb", lines))
    out = bank.ok("import", "bank", f)
    assert "1000 new" in out
    out = bank.ok("import", "bank", g)
    assert "1000 already imported" in out and "200 new" in out
    assert count(bank.db, "bank_line") == 1200
    assert sql_ok(bank.db, "SELECT count(*), count(DISTINCT bank_ref) FROM contribution"
                  " WHERE bank_ref >= '5000'").strip() == "1200|1200"
    assert sql_ok(bank.db, "SELECT count(*) FROM bank_line l JOIN contribution c"
                  " ON c.id = l.contribution_id AND c.bank_ref = l.txn_no"
                  " AND c.amount = l.credit").strip() == "1200"
    bank.ok("verify")
    before = snapshot(bank)
    out = bank.ok("import", "bank", g)
    assert "1200 already imported" in out and "0 new" in out
    assert snapshot(bank) == before


@pytest.mark.parametrize("bad, message", [
    (("1001", "31/02/2019", 0, 100, "X", None), ":4: date: not a date"),
    (("1001", "01/12/2019", 0, 0, "X", None), ":4: credit: a line has either"),
    (("", "01/12/2019", 0, 100, "X", None), ":4: ref: empty"),
])
def test_bad_line_names_file_line_and_field(bank, tmp, bad, message):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", [bad] + LINES[1:]))
    before = snapshot(bank)
    rc, out, err = bank("import", "bank", f)
    assert rc == 1 and one_line(err), err
    assert f"{f}{message}" in err
    assert snapshot(bank) == before


def test_bad_amount(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:2]).replace('"2.000.000"', '"2.000,5"'))
    rc, out, err = bank("import", "bank", f)
    assert rc == 1 and one_line(err)
    assert f"{f}:4: credit: not an amount" in err


def test_same_line_with_other_figures_refused(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:2]))
    bank.ok("import", "bank", f)
    changed = [("1001",) + (LINES[0][1], 0, 2_500_000) + LINES[0][4:]]
    g = tmp / "t.csv"
    g.write_text(statement("vcb", changed))
    rc, out, err = bank("import", "bank", g)
    assert rc == 1 and "was imported before (statement 1, line 4) with other figures" in err


def test_bank_ref_shared_with_import_contributions(bank, tmp):
    # money recorded by `import contributions` first: the statement line is
    # recognised, not counted twice
    c = tmp / "c.csv"
    c.write_text("date,donor,kind,unit,amount,channel,bank_ref\n"
                 "02/12/2019,Nguyễn Văn Đức,individual,X1,2000000,transfer,1001\n")
    bank.ok("import", "contributions", c)
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:2]))
    rc, out, err = bank("import", "bank", f)
    assert rc == 0, err
    assert "already in the ledger 1" in out
    assert lines_by_txn(bank)["1001"]["status"] == "existing"
    assert count(bank.db, "contribution") == 2
    # and the other way round: a contributions file naming a line's txn is skipped
    d = tmp / "d.csv"
    d.write_text("date,donor,kind,unit,amount,channel,bank_ref\n"
                 "02/12/2019,Trần Thị Mai,individual,X2,5000000,transfer,1002\n")
    out = bank.ok("import", "contributions", d)
    assert "1 skipped" in out
    assert bank("verify").rc == 0


def test_same_number_at_two_banks_is_two_transfers(bank, tmp):
    """Banks number their transactions independently: the same number on the
    statement of another account is other money, recorded (as ACCOUNT:NUMBER),
    never taken for the first; each can still be moved by a clerk."""
    bank.ok("reconcile", "threshold", "101")  # every line waits: both get moved below
    a = tmp / "a.csv"
    a.write_text(statement("vcb", [LINES[0]]))
    bank.ok("import", "bank", a)
    other = "7300201006868"
    b = tmp / "b.csv"
    b.write_text(statement("agribank", [("1001", "03/12/2019", 0, 7_000_000,
                                         "IBFT TRAN THI MAI UNG HO", None)], account=other))
    rc, out, err = bank("import", "bank", b)
    assert rc == 0, err
    assert "already in the ledger 0" in out
    refs = sorted(c["bank_ref"] for c in bank.json("contribution", "list"))
    assert refs == ["1001", other + ":1001"]
    assert sum(c["amount"] for c in bank.json("contribution", "list")) == 9_000_000
    # re-importing either changes nothing
    before = snapshot(bank)
    bank.ok("import", "bank", a)
    bank.ok("import", "bank", b)
    assert snapshot(bank) == before
    # moving the second line to a donor keeps its own reference
    lines = {(l["txn"], l["credit"]): l for l in bank.json("reconcile", "list", "--status", "all")}
    line = lines[("1001", 7_000_000)]
    bank.ok("reconcile", "confirm", line["line"], "--donor", "2")
    standing = [c for c in bank.json("contribution", "list") if not c.get("reversed")]
    assert other + ":1001" in [c["bank_ref"] for c in standing if c["donor_id"] == 2]
    assert bank("verify").rc == 0


def test_confirm_reject_and_learnt_account(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("bidv", LINES))
    bank.ok("import", "bank", f)
    waiting = bank.json("reconcile", "list")
    assert {l["txn"] for l in waiting} == {"FT1003", "FT1005"}
    tam = next(l for l in waiting if l["txn"] == "FT1003")
    assert tam["status"] == "pending" and "thiếu tên đệm" in tam["reason"]
    # the clerk picks Lê Văn Minh Tâm (donor 4)
    out = bank.ok("reconcile", "confirm", tam["line"], "--donor", "4")
    assert "1 line confirmed" in out
    line = lines_by_txn(bank)["FT1003"]
    assert line["status"] == "confirmed" and line["donor"] == 4
    # nothing was edited: the unidentified contribution was reversed
    (rev,) = [c for c in bank.json("contribution", "list") if c["id"] == tam["contribution"]]
    assert rev["reversed"]
    assert bank("verify").rc == 0
    # confirming again changes nothing
    n = count(bank.db, "journal_entry")
    bank.ok("reconcile", "confirm", tam["line"])
    assert count(bank.db, "journal_entry") == n
    # reject an automatic match: the money goes to the unidentified donor
    duc = lines_by_txn(bank)["FT1001"]
    bank.ok("reconcile", "reject", duc["line"])
    line = lines_by_txn(bank)["FT1001"]
    assert line["status"] == "rejected" and line["donor"] != 1
    assert bank.units_by_code("C19")["P"]["received"] == sum(l[3] for l in LINES)
    assert bank("verify").rc == 0
    # errors
    rc, out, err = bank("reconcile", "confirm", "999")
    assert rc == 1 and "no statement line 999" in err
    rc, out, err = bank("reconcile", "confirm", lines_by_txn(bank)["FT1005"]["line"])
    assert rc == 1 and "no suggestion" in err
    rc, out, err = bank("reconcile", "confirm", lines_by_txn(bank)["FT1004"]["line"], "--donor", "1")
    assert rc == 1 and "debit" in err


def test_sender_account_learnt_from_a_confirmation(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", [("2001", "01/12/2019", 0, 100_000,
                                    "CT tu 0987654321 LE TAM chuyen tien", None)]))
    bank.ok("import", "bank", f)
    (l,) = bank.json("reconcile", "list")
    bank.ok("reconcile", "confirm", l["line"], "--donor", "3")
    g = tmp / "t.csv"
    g.write_text(statement("vcb", [("2002", "08/12/2019", 0, 100_000,
                                    "CT tu 0987654321 LE TAM chuyen tien", None)]))
    bank.ok("import", "bank", g)
    line = lines_by_txn(bank)["2002"]
    assert line["status"] == "auto" and line["donor"] == 3, line
    assert "tài khoản đã biết" in line["reason"]


def test_batch_confirm_and_threshold(bank, tmp):
    out = bank.ok("reconcile", "threshold")
    assert "= 85" in out
    bank.ok("reconcile", "threshold", "101")
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES))
    out = bank.ok("import", "bank", f)
    assert "matched automatically 0" in out
    waiting = bank.json("reconcile", "list")
    assert len(waiting) == 6
    suggested = [str(l["line"]) for l in waiting if l["suggest_donor"]]
    out = bank.ok("reconcile", "confirm", ",".join(suggested))
    assert f"{len(suggested)} lines confirmed" in out
    assert bank("verify").rc == 0
    rc, out, err = bank("reconcile", "threshold", "0")
    assert rc == 2
    # auto: after the threshold comes back, nothing sure is left waiting
    bank.ok("reconcile", "threshold", "85")
    out = bank.ok("reconcile", "auto")
    assert re.search(r"\d+ lines matched automatically, \d+ still waiting", out)


def test_one_bad_line_in_a_batch_confirms_nothing(bank, tmp):
    bank.ok("reconcile", "threshold", "101")
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES))
    bank.ok("import", "bank", f)
    before = snapshot(bank)
    good = lines_by_txn(bank)["1001"]["line"]
    rc, out, err = bank("reconcile", "confirm", f"{good},999")
    assert rc == 1
    assert snapshot(bank) == before


def test_statement_lines_kept_as_the_bank_wrote_them(bank, tmp):
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:2]))
    bank.ok("import", "bank", f)
    rc = sql_ok(bank.db, "SELECT count(*) FROM bank_line;")
    assert rc.strip() == "2"
    from e2e_helpers import sqlite
    rc, out, err = sqlite(bank.db, "UPDATE bank_line SET credit = 1 WHERE id = 1;")
    assert rc != 0 and "kept as the bank wrote it" in err
    rc, out, err = sqlite(bank.db, "DELETE FROM bank_line;")
    assert rc != 0 and "kept as the bank wrote it" in err


@pytest.mark.parametrize("text, message", [
    ("name = x\ndate = A\nref = B\ndebit = C\ncredit = D\ndescription = E\ncolour = F\n",
     ":7: unknown key 'colour'"),
    ("name = x\ndate = A\nref = B\ndebit = C\ndescription = E\n", "names no 'credit' column"),
    ("date = A\nref = B\ndebit = C\ncredit = D\ndescription = E\n", "has no name"),
    ("name x\n", ":1: expected `key = value`"),
])
def test_bad_profile_file(bank, tmp, text, message):
    conf = tmp / "bad.conf"
    conf.write_text(text)
    f = tmp / "s.csv"
    f.write_text(statement("vcb", LINES[:1]))
    rc, out, err = bank("import", "bank", f, "--profile", conf)
    assert rc == 1 and one_line(err), err
    assert message in err and str(conf) in err
