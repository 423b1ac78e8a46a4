"""5. Bad input: each refused with one clear line naming the place, and the
database exactly as it was before."""
import pytest

from e2e_helpers import HEADER, one_line, snapshot

def is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


COLUMNS = ["date", "donor", "kind", "unit", "amount", "channel", "anonymous", "tax_code", "pledge",
           "bank_ref", "goods", "note"]

GOOD = "15/09/2019,Nguyễn Văn Tốt,individual,X1,1.000.000,cash"


def rows(*bad, header=HEADER):
    """Header, one good row (line 2), then the bad row(s) from line 3."""
    return "\n".join([header, GOOD, *bad]).encode() + b"\n"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00"
       b"\x00\x1f\xf3\xffa\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f\x0b\xfca\x05")

# id, file content, line named in the message, words the message must contain
IMPORT_CASES = [
    ("unknown-unit", rows("15/09/2019,A,individual,NOPE,1000,cash"), 3, ["unit", "NOPE"]),
    ("negative-amount", rows("15/09/2019,A,individual,X1,-1000,cash"), 3, ["amount"]),
    ("negative-grouped", rows('15/09/2019,A,individual,X1,"-1.000",cash'), 3, ["amount"]),
    ("non-numeric-amount", rows("15/09/2019,A,individual,X1,một triệu,cash"), 3, ["amount"]),
    ("fraction-dot", rows("15/09/2019,A,individual,X1,1.5,cash"), 3, ["amount"]),
    ("fraction-comma", rows('15/09/2019,A,individual,X1,"1.000,5",cash'), 3, ["amount"]),
    ("fraction-en", rows("15/09/2019,A,individual,X1,1000.50,cash"), 3, ["amount"]),
    ("zero-amount", rows("15/09/2019,A,individual,X1,0,cash"), 3, ["amount"]),
    ("empty-amount", rows("15/09/2019,A,individual,X1,,cash"), 3, ["amount"]),
    ("huge-amount", rows("15/09/2019,A,individual,X1,99999999999999999999,cash"), 3, ["amount"]),
    ("bad-grouping", rows("15/09/2019,A,individual,X1,1.00.000,cash"), 3, ["amount"]),
    ("feb-31", rows("31/02/2020,A,individual,X1,1000,cash"), 3, ["date", "31/02/2020"]),
    ("month-13", rows("2019-13-01,A,individual,X1,1000,cash"), 3, ["date", "2019-13-01"]),
    ("feb-29-not-leap", rows("29/02/2019,A,individual,X1,1000,cash"), 3, ["date"]),
    ("date-words", rows("hôm qua,A,individual,X1,1000,cash"), 3, ["date"]),
    ("empty-date", rows(",A,individual,X1,1000,cash"), 3, ["date"]),
    ("missing-channel-column", b"date,donor,kind,unit,amount\n15/09/2019,A,individual,X1,1000\n",
     1, ["channel"]),
    ("missing-amount-column", b"date,donor,kind,unit,channel\n15/09/2019,A,individual,X1,cash\n",
     1, ["amount"]),
    ("unknown-column", rows("15/09/2019,A,individual,X1,1000,cash,x", header=HEADER + ",colour"),
     1, ["colour"]),
    ("duplicate-column", rows("15/09/2019,A,individual,X1,1000,cash,1000", header=HEADER + ",amount"),
     1, ["amount"]),
    ("invalid-utf8-cell", (HEADER + "\n" + GOOD + "\n").encode() + b"15/09/2019,A\xff\xfe,individual,X1,1000,cash\n",
     3, ["donor", "UTF-8"]),
    ("invalid-utf8-unit", (HEADER + "\n" + GOOD + "\n").encode() + b"15/09/2019,A,individual,X\xc3,1000,cash\n",
     3, ["unit"]),
    ("nul-bytes", (HEADER + "\n" + GOOD + "\n").encode() + b"15/09/2019,A\x00\x00\x01\x02,individual\n",
     3, []),
    ("binary", bytes(range(256)) * 4, 1, []),
    ("utf16-excel", "\ufeff".encode("utf-16-le") + (HEADER + "\r\n" + GOOD + "\r\n").encode("utf-16-le"), 1, []),
    pytest.param("png", PNG, 1, [],
                 id="png", marks=pytest.mark.bug("message echoes the raw PNG bytes: not valid UTF-8")),
    pytest.param("invalid-utf8-header", b"date,donor,kind,unit,amount,chann\xe9l\n", 1, [],
                 id="invalid-utf8-header", marks=pytest.mark.bug("message echoes invalid UTF-8 from the header")),
    ("row-shorter-than-header", rows("15/09/2019,A,individual,X1,1000"), 3, ["channel"]),
    ("unterminated-quote", rows('15/09/2019,"A,individual,X1,1000,cash'), 3, ["quote"]),
    ("stray-quote", rows('15/09/2019,A "B" C,individual,X1,1000,cash'), 3, ["quote"]),
    ("text-after-quote", rows('15/09/2019,"A"B,individual,X1,1000,cash'), 3, ["quote"]),
    ("bare-cr", (HEADER + "\n" + GOOD + "\n").encode() + b"15/09/2019,A,individual,X1,1000,cash\r"
     b"16/09/2019,B,individual,X1,1000,cash\n", 3, []),
    ("empty-file", b"", 1, ["empty"]),
    ("goods-without-description", rows("15/09/2019,A,individual,X1,1000,goods"), 3, ["goods"]),
    ("goods-with-cash", rows("15/09/2019,A,individual,X1,1000,cash,5 bao gạo", header=HEADER + ",goods"),
     3, ["goods"]),
    ("unknown-kind", rows("15/09/2019,A,person,X1,1000,cash"), 3, ["kind", "person"]),
    ("empty-kind", rows("15/09/2019,A,,X1,1000,cash"), 3, ["kind"]),
    ("unknown-channel", rows("15/09/2019,A,individual,X1,1000,cheque"), 3, ["channel", "cheque"]),
    ("empty-donor", rows("15/09/2019,,individual,X1,1000,cash"), 3, ["donor"]),
    ("blank-donor", rows('15/09/2019,"   ",individual,X1,1000,cash'), 3, ["donor"]),
    ("anonymous-2", rows("15/09/2019,A,individual,X1,1000,cash,2", header=HEADER + ",anonymous"),
     3, ["anonymous"]),
    ("anonymous-yes", rows("15/09/2019,A,individual,X1,1000,cash,yes", header=HEADER + ",anonymous"),
     3, ["anonymous"]),
    ("tax-code-short", rows("15/09/2019,A,business,X1,1000,cash,12345", header=HEADER + ",tax_code"),
     3, ["tax_code"]),
    ("tax-code-letters", rows("15/09/2019,A,business,X1,1000,cash,21001234AB", header=HEADER + ",tax_code"),
     3, ["tax_code"]),
    ("tax-code-bad-branch", rows("15/09/2019,A,business,X1,1000,cash,2100123456/001",
                                 header=HEADER + ",tax_code"), 3, ["tax_code"]),
    ("pledge-not-number", rows("15/09/2019,A,individual,X1,1000,cash,abc", header=HEADER + ",pledge"),
     3, ["pledge"]),
    ("pledge-unknown", rows("15/09/2019,A,individual,X1,1000,cash,99", header=HEADER + ",pledge"),
     3, ["pledge"]),
    # BUG: a row with more fields than the header is not refused; the extra
    # fields are dropped, so an unquoted "1,000,000" in the last column is
    # stored as 1 đồng.
    pytest.param("row-longer-than-header",
                 b"date,donor,kind,unit,channel,amount\n15/09/2019,B,individual,X1,cash,1000\n"
                 b"15/09/2019,A,individual,X1,cash,1,000,000\n", 3, [],
                 id="row-longer-than-header",
                 marks=pytest.mark.bug("extra fields are ignored: 1,000,000 unquoted is stored as 1 đồng")),
    ("bad-row-after-many", rows(*["16/09/2019,B,individual,X2,2.000,cash"] * 40,
                                "17/09/2019,C,individual,NOPE,2.000,cash"), 43, ["NOPE"]),
]


@pytest.mark.parametrize("case,content,line,words",
                         [c if hasattr(c, "marks") else pytest.param(*c, id=c[0]) for c in IMPORT_CASES])
def test_bad_import_file(tree, tmp, case, content, line, words):
    f = tmp / "bad.csv"
    f.write_bytes(content)
    before = snapshot(tree)
    r = tree("import", "contributions", f)
    rc, out, err = r
    assert rc == 1, (rc, out, err)
    assert out == ""
    assert one_line(err), err
    assert is_utf8(r.stderr_bytes), f"stderr is not valid UTF-8: {r.stderr_bytes!r}"
    assert err.startswith("ansinh import: ")
    assert f"{f}:{line}:" in err, err
    for w in words:
        assert w in err, err
    if line > 1 and words and words[0] in COLUMNS:
        # FILE:LINE: column: what is wrong
        assert f"{f}:{line}: {words[0]}: " in err, err
    assert snapshot(tree) == before


def test_nonexistent_file(tree, tmp):
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", tmp / "không-có.csv")
    assert rc == 1 and one_line(err)
    assert "không-có.csv" in err
    assert snapshot(tree) == before


def test_directory_as_file(tree, tmp):
    (tmp / "dir.csv").mkdir()
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", tmp / "dir.csv")
    assert rc == 1 and one_line(err) and "dir.csv" in err
    assert snapshot(tree) == before


def test_import_without_campaign(run, tmp):
    run.ok("init")
    run.ok("unit", "add", "--code", "X1", "--name", "X")
    f = tmp / "c.csv"
    f.write_text(HEADER + "\n" + GOOD + "\n")
    rc, out, err = run("import", "contributions", f)
    assert rc == 1 and one_line(err) and "campaign" in err


# Single commands.  (args, exit code, words in the message)
COMMAND_CASES = [
    ("unit-unknown-parent", ["unit", "add", "--code", "Z", "--name", "Z", "--parent", "NOPE"], 1, ["NOPE"]),
    ("unit-duplicate-code", ["unit", "add", "--code", "X1", "--name", "Lần hai", "--parent", "D1"], 1, ["X1"]),
    ("unit-bad-kind", ["unit", "add", "--code", "Z", "--name", "Z", "--kind", "planet"], 1, ["planet"]),
    ("unit-bad-code", ["unit", "add", "--code", "Xã 1", "--name", "Z"], 1, ["code"]),
    ("unit-empty-name", ["unit", "add", "--code", "Z", "--name", ""], None, ["name"]),
    ("unit-no-name", ["unit", "add", "--code", "Z"], 2, ["--name"]),
    ("unit-no-code", ["unit", "add", "--name", "Z"], 2, ["--code"]),
    ("campaign-duplicate", ["campaign", "add", "--code", "C19", "--name", "Lại", "--start", "2019-01-01",
                            "--end", "2019-02-01"], 1, ["C19"]),
    ("campaign-end-before-start", ["campaign", "add", "--code", "CX", "--name", "X", "--start", "2019-02-01",
                                   "--end", "31/01/2019"], 1, ["--end"]),
    ("campaign-impossible-date", ["campaign", "add", "--code", "CX", "--name", "X", "--start", "31/02/2019",
                                  "--end", "2019-03-01"], 1, ["--start", "31/02/2019"]),
    ("campaign-bad-goal", ["campaign", "add", "--code", "CX", "--name", "X", "--start", "2019-02-01",
                           "--end", "2019-03-01", "--goal", "1,5"], 1, ["--goal"]),
    ("campaign-no-end", ["campaign", "add", "--code", "CX", "--name", "X", "--start", "2019-02-01"], 2,
     ["--end"]),
    ("campaign-no-code", ["campaign", "add", "--name", "X", "--start", "2019-02-01", "--end", "2019-03-01"],
     2, ["--code"]),
    ("campaign-show-unknown", ["campaign", "show", "NOPE"], 1, ["NOPE"]),
    ("campaign-show-no-code", ["campaign", "show"], 2, []),
    ("target-unknown-unit", ["target", "set", "--campaign", "C19", "--unit", "NOPE", "--amount", "5"], 1, ["NOPE"]),
    ("target-unknown-campaign", ["target", "set", "--campaign", "NOPE", "--unit", "X1", "--amount", "5"], 1,
     ["NOPE"]),
    ("target-negative", ["target", "set", "--campaign", "C19", "--unit", "X1", "--amount", "-5"], 1, ["amount"]),
    ("target-no-amount", ["target", "set", "--campaign", "C19", "--unit", "X1"], 2, ["--amount"]),
    ("donor-no-kind", ["donor", "add", "--name", "A", "--unit", "X1"], 2, ["--kind"]),
    ("donor-no-unit", ["donor", "add", "--name", "A", "--kind", "individual"], 2, ["--unit"]),
    ("donor-bad-kind", ["donor", "add", "--name", "A", "--kind", "alien", "--unit", "X1"], 1, ["alien"]),
    ("donor-unknown-unit", ["donor", "add", "--name", "A", "--kind", "individual", "--unit", "NOPE"], 1, ["NOPE"]),
    ("donor-bad-tax-code", ["donor", "add", "--name", "A", "--kind", "business", "--unit", "X1",
                            "--tax-code", "123"], 1, ["tax"]),
    ("donor-bad-gender", ["donor", "add", "--name", "A", "--kind", "individual", "--unit", "X1",
                          "--gender", "X"], 1, ["gender"]),
    ("donor-show-not-id", ["donor", "show", "abc"], 2, []),
    ("contribution-no-channel", ["contribution", "add", "--donor", "1", "--amount", "5"], 2, ["--channel"]),
    ("contribution-donor-not-id", ["contribution", "add", "--donor", "một", "--amount", "5",
                                   "--channel", "cash"], 2, ["--donor"]),
    ("contribution-unknown-donor", ["contribution", "add", "--donor", "99", "--amount", "5",
                                    "--channel", "cash"], 1, ["99"]),
    ("contribution-zero", ["contribution", "add", "--donor", "1", "--amount", "0", "--channel", "cash"], 1,
     ["amount"]),
    ("contribution-fraction", ["contribution", "add", "--donor", "1", "--amount", "10,5", "--channel", "cash"],
     1, ["amount"]),
    ("contribution-bad-channel", ["contribution", "add", "--donor", "1", "--amount", "5", "--channel", "bitcoin"],
     1, ["bitcoin"]),
    ("contribution-goods-no-text", ["contribution", "add", "--donor", "1", "--amount", "5",
                                    "--channel", "goods"], 1, ["goods"]),
    ("contribution-bad-date", ["contribution", "add", "--donor", "1", "--amount", "5", "--channel", "cash",
                               "--date", "2019-02-29"], 1, ["--date"]),
    ("contribution-unknown-unit", ["contribution", "add", "--donor", "1", "--amount", "5", "--channel", "cash",
                                   "--unit", "NOPE"], 1, ["NOPE"]),
    ("contribution-unknown-pledge", ["contribution", "add", "--donor", "1", "--amount", "5", "--channel", "cash",
                                     "--pledge", "7"], 1, ["pledge"]),
    ("contribution-duplicate-bank-ref", ["contribution", "add", "--donor", "1", "--amount", "5",
                                         "--channel", "transfer", "--bank-ref", "REF-1"], 1, ["REF-1"]),
    ("reverse-no-reason", ["contribution", "reverse", "1"], 2, ["--reason"]),
    ("reverse-empty-reason", ["contribution", "reverse", "1", "--reason", " "], 2, ["--reason"]),
    ("reverse-no-id", ["contribution", "reverse", "--reason", "x"], 2, []),
    ("reverse-unknown", ["contribution", "reverse", "99", "--reason", "x"], 1, ["99"]),
    ("pledge-no-donor", ["pledge", "add", "--amount", "5"], 2, ["--donor"]),
    ("pledge-unknown-donor", ["pledge", "add", "--donor", "99", "--amount", "5"], 1, ["99"]),
    ("import-no-file", ["import", "contributions"], 2, []),
    ("import-two-files", ["import", "contributions", "a.csv", "b.csv"], 2, []),
    ("list-bad-limit", ["donor", "list", "--limit", "-3"], 2, ["--limit"]),
    ("option-needs-value", ["unit", "list", "--format"], 2, ["--format"]),
    ("flag-with-value", ["init", "--force=yes"], 2, ["--force"]),
    ("report-unknown-campaign", ["report", "progress", "--campaign", "NOPE"], 1, ["NOPE"]),
    ("demo-bad-count", ["demo", "--donors", "nhiều"], 2, ["--donors"]),
    ("verify-extra-argument", ["verify", "now"], 2, []),
]


@pytest.mark.parametrize("case,args,code,words", COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES])
def test_bad_command(tree, case, args, code, words):
    tree.ok("donor", "add", "--name", "Người có sẵn", "--kind", "individual", "--unit", "X1")
    tree.ok("contribution", "add", "--donor", "1", "--amount", "5", "--channel", "transfer",
            "--bank-ref", "REF-1")
    before = snapshot(tree)
    rc, out, err = tree(*args)
    if code is None:
        assert rc in (1, 2), (rc, err)
    else:
        assert rc == code, (rc, err)
    assert one_line(err), err
    assert out == "", out
    assert err.startswith("ansinh ")
    for w in words:
        assert w in err, err
    assert snapshot(tree) == before


@pytest.mark.bug("amounts whose sum overflows are accepted; report and verify then fail for good")
def test_amounts_that_overflow_the_totals(tree, tmp):
    """Each amount fits in 64 bits, their sum does not.  BUG: the import
    stores both rows, and from then on `report progress` fails with
    'database: integer overflow' and `verify` with 'account balances
    overflow' -- and the ledger is append-only, so this cannot be undone.
    Expected: the import is refused (amount too large), nothing stored."""
    f = tmp / "huge.csv"
    f.write_text(HEADER + "\n15/09/2019,A,individual,X1,9.000.000.000.000.000.000,cash\n"
                 "15/09/2019,B,individual,X1,9.000.000.000.000.000.000,cash\n")
    before = snapshot(tree)
    rc, out, err = tree("import", "contributions", f)
    if rc == 0:
        # accepted: then the books must still be usable
        assert tree("report", "progress", "--format", "json").rc == 0, "report fails after the import"
        assert tree("verify").rc == 0, "verify fails after the import"
    else:
        assert rc == 1 and one_line(err) and "amount" in err
        assert snapshot(tree) == before
