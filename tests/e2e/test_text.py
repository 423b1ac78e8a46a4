"""10. Vietnamese text: exact round trips in NFC, decomposed input, folded
search, and text listings aligned by display width."""
import json
import unicodedata

import pytest

from e2e_helpers import HEADER, display_width, one_line, shown, sql_ok, write_csv

NAMES = [
    "Nguyễn Văn Đức",
    "Đặng Thị Ngọc Hường",
    "Huỳnh Tấn Phát",
    "Ưng Hoàng Phúc",
    "Ông Ích Khiêm",
    "Lý Thị Mỹ Dung",
    "Thạch Thị Sa Rươne",
    "Công ty TNHH MTV Xổ số Kiến thiết Trà Vinh",
    "Chùa Âng (Wat Angkor Rajaborey)",
    "Hội Người Hoa 華人協會",
]


def nfd(s):
    return unicodedata.normalize("NFD", s)


def nfc(s):
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize("name", NAMES)
def test_donor_name_round_trip(tree, name):
    tree.ok("donor", "add", "--name", name, "--kind", "individual", "--unit", "X1")
    [d] = tree.json("donor", "list")
    assert d["name"] == name
    [row] = tree.csv("donor", "list")
    assert row["name"] == name
    assert name in tree.ok("donor", "list")
    assert sql_ok(tree.db, "SELECT name FROM donor;").rstrip("\n") == name


def test_names_round_trip_everywhere(run, tmp):
    run.ok("init")
    run.ok("campaign", "add", "--code", "TV", "--name", "Cuộc vận động “Vì người nghèo” — Trà Vinh",
           "--start", "2019-08-01", "--end", "2019-12-31")
    run.ok("unit", "add", "--code", "TV", "--name", "Tỉnh Trà Vinh")
    run.ok("unit", "add", "--code", "TV-TCU", "--name", "Huyện Trà Cú", "--parent", "TV")
    f = write_csv(tmp / "v.csv", HEADER + ",goods,note", [
        ["01/09/2019", n, "individual", "TV-TCU", "100.000", "goods", f"Hàng của {n}", "Ghi chú: ủng hộ"]
        for n in NAMES])
    run.ok("import", "contributions", f)
    assert run.json("campaign", "list")[0]["name"] == "Cuộc vận động “Vì người nghèo” — Trà Vinh"
    assert [u["name"] for u in run.json("unit", "list")] == ["Tỉnh Trà Vinh", "Huyện Trà Cú"]
    cs = run.json("contribution", "list")
    assert sorted(c["donor"] for c in cs) == sorted(NAMES)
    assert sorted(c["goods"] for c in cs) == sorted(f"Hàng của {n}" for n in NAMES)
    rep = run.report()
    assert rep["campaign"]["name"] == "Cuộc vận động “Vì người nghèo” — Trà Vinh"
    assert rep["units"][1]["name"] == "Huyện Trà Cú"


@pytest.mark.parametrize("name", NAMES[:7])
def test_decomposed_input_stored_nfc(tree, name):
    assert nfd(name) != name or name.isascii()
    tree.ok("donor", "add", "--name", nfd(name), "--kind", "individual", "--unit", "X2")
    [d] = tree.json("donor", "list")
    assert d["name"] == name
    stored = sql_ok(tree.db, "SELECT hex(name) FROM donor;").strip()
    assert bytes.fromhex(stored).decode() == name  # NFC bytes in the database


@pytest.mark.parametrize("first,second", [(nfd, nfc), (nfc, nfd)], ids=["nfd-then-nfc", "nfc-then-nfd"])
def test_decomposed_matches_same_donor(tree, tmp, first, second):
    name = "Nguyễn Văn Đức"
    tree.ok("donor", "add", "--name", first(name), "--kind", "individual", "--unit", "X1")
    rc, out, err = tree("donor", "add", "--name", second(name), "--kind", "individual", "--unit", "X1")
    assert rc == 1 and "exists" in err
    f = write_csv(tmp / "m.csv", HEADER, [["15/09/2019", second(name), "individual", "X1", "1000", "cash"],
                                          ["15/09/2019", first(name), "individual", "X1", "2000", "cash"]])
    out = tree.ok("import", "contributions", f)
    assert "0 new donors" in out
    [d] = tree.json("donor", "list")
    assert d["name"] == name and d["given"] == 3000


@pytest.fixture
def donors(tree):
    for name in ["Nguyễn Văn Đức", "Trần Đức Thắng", "Nguyễn Thị Hồng Vân", "Võ Văn Dục",
                 "Lê Thị Ngữ", "Công ty Đức Phát"]:
        kind = "business" if name.startswith("Công ty") else "individual"
        tree.ok("donor", "add", "--name", name, "--kind", kind, "--unit", "X1")
    return tree


def _found(run, query):
    return {d["name"] for d in run.json("donor", "list", "--search", query)}


@pytest.mark.parametrize("query", ["duc", "DUC", "Duc", "đức", "ĐỨC", "Đức", "ngu van", "Ngu Van",
                                   "nguyen van duc", "van duc", "nguyễn văn", nfd("Đức"), "  duc  "])
def test_search_finds_nguyen_van_duc(donors, query):
    assert "Nguyễn Văn Đức" in _found(donors, query)


def test_search_results(donors):
    assert _found(donors, "duc") == {"Nguyễn Văn Đức", "Trần Đức Thắng", "Võ Văn Dục", "Công ty Đức Phát"}
    # every query word starts a word of the name, in order ("van" finds "Vân")
    assert _found(donors, "ngu van") == {"Nguyễn Văn Đức", "Nguyễn Thị Hồng Vân"}
    assert _found(donors, "ngu van d") == {"Nguyễn Văn Đức"}
    assert _found(donors, "ngu") == {"Nguyễn Văn Đức", "Nguyễn Thị Hồng Vân", "Lê Thị Ngữ"}
    assert _found(donors, "xyz") == set()
    assert len(donors.json("donor", "list")) == 6
    csv_rows = donors.csv("donor", "list", "--search", "duc")
    assert {r["name"] for r in csv_rows} == _found(donors, "duc")
    assert "Nguyễn Văn Đức" in donors.ok("donor", "list", "--search", "duc")


def _cells_positions(line, cells):
    """Display (start, end) of each non-empty cell, found left to right."""
    pos, out = 0, []
    for c in cells:
        if c == "":
            out.append(None)
            continue
        i = line.find(c, pos)
        assert i >= 0, (line, c)
        start = display_width(line[:i])
        out.append((start, start + display_width(c)))
        pos = i + len(c)
    return out


def _assert_aligned(text, header, rows):
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 1 + len(rows), text
    table = [header] + rows
    positions = [_cells_positions(ln, cells) for ln, cells in zip(lines, table)]
    left = []
    for col in range(len(header)):
        spans = [p[col] for p in positions if p[col] is not None]
        starts = {s for s, e in spans}
        ends = {e for s, e in spans}
        assert len(starts) == 1 or len(ends) == 1, (header[col], spans, text)
        left.append(len(starts) == 1)
    # columns do not run into each other: two spaces at least between them
    for p in positions:
        spans = [s for s in p if s]
        for a, b in zip(spans, spans[1:]):
            assert b[0] >= a[1] + 2, (p, text)
    # every line has the same display width once a left-aligned last column
    # is padded to its width (it is printed without trailing blanks)
    last = len(header) - 1
    widths = {display_width(ln) - (p[last][1] - p[last][0] if p[last] and left[last] else 0)
              for ln, p in zip(lines, positions) if p[last] or left[last]}
    assert len(widths) == 1, (widths, text)
    return lines


UNITS = [
    ("TV", "Tỉnh Trà Vinh", None),
    ("TV-CL", "Huyện Càng Long", "TV"),
    ("TV-CL-DP", nfd("Xã Đại Phước"), "TV-CL"),
    ("TV-CK", "Huyện Cầu Kè", "TV"),
    ("TV-CK-PP", "Xã Phong Phú", "TV-CK"),
    ("X-COMB", "Ấp x\u0303 (dấu rời không ghép được)", "TV"),
    ("HOA", "Hội Người Hoa 華人協會", "TV"),
    ("A", "A", "HOA"),
]


def test_unit_list_aligned(run):
    run.ok("init")
    for code, name, parent in UNITS:
        run.ok("unit", "add", "--code", code, "--name", name, *(["--parent", parent] if parent else []))
    text = run.ok("unit", "list")
    csv_rows = run.csv("unit", "list")
    assert len(csv_rows) == len(UNITS)
    titles = [t for t in text.split("\n", 1)[0].split("  ") if t.strip()]
    titles = [t.strip() for t in titles]
    rows = [[r["code"], r["name"], shown("kind", r["kind"]), r["parent"]] for r in csv_rows]
    assert {r[0]: r[1] for r in rows}["TV-CL-DP"] == "Xã Đại Phước"  # stored NFC
    _assert_aligned(text, titles, rows)


def test_unit_list_same_width_lines(run):
    """Every line of `unit list` has the same display width when the parent
    column is filled (no line's last cell is shorter than another's)."""
    run.ok("init")
    run.ok("unit", "add", "--code", "P0", "--name", "Gốc")
    for code, name in [("P1", "Đặng"), ("P2", nfd("Nguyễn Thị Ưng")), ("P3", "華人"), ("P4", "x\u0303y")]:
        run.ok("unit", "add", "--code", code, "--name", name, "--parent", "P0")
    lines = run.ok("unit", "list").rstrip("\n").split("\n")[2:]  # the rows whose parent is P0
    assert len({display_width(ln) for ln in lines}) == 1, [(ln, display_width(ln)) for ln in lines]


def _money(n):
    return f"{n:,}".replace(",", ".")


def test_donor_list_aligned(tree, tmp):
    f = write_csv(tmp / "d.csv", HEADER, [
        ["15/09/2019", n, "individual", "X1", f"{(i + 1) * 1234567}", "cash"] for i, n in enumerate(NAMES)])
    tree.ok("import", "contributions", f)
    text = tree.ok("donor", "list")
    js = tree.json("donor", "list")
    titles = [t.strip() for t in text.split("\n", 1)[0].split("  ") if t.strip()]
    rows = [[str(d["id"]), d["name"], shown("kind", d["kind"]), d["unit"], d["tax_code"] or "",
             "có" if d["in_province"] else "", "có" if d["publish_name"] else "",
             str(d["contributions"]), _money(d["given"])] for d in js]
    _assert_aligned(text, titles, rows)


@pytest.mark.bug("control characters in names reach the terminal")
def test_control_characters_not_printed(tree, tmp):
    """A CSV cell with control characters (an ANSI escape, U+0001).  BUG: they
    are stored as they are and printed raw by the text listings, so a file
    can recolour or rewrite the operator's terminal.  Expected: refused like
    invalid UTF-8, or removed when cleaned."""
    f = tmp / "ctl.csv"
    f.write_bytes((HEADER + "\n15/09/2019,Tên\x01\x1b[31mĐỏ,individual,X1,1000,cash\n").encode())
    rc, out, err = tree("import", "contributions", f)
    if rc == 0:
        for args in (["donor", "list"], ["contribution", "list"]):
            text = tree.ok(*args)
            assert "\x1b" not in text and "\x01" not in text, repr(text)
    else:
        assert rc == 1 and "ctl.csv:2:" in err


@pytest.mark.parametrize("query", ['"', "'", "a*", "*", "OR", "AND", "NOT", "NEAR(", "(", "-duc", "^duc",
                                   'duc"', "text:duc", "%", "_", "{", ",", "   "])
def test_search_with_query_syntax_characters(donors, query):
    """Search text is words to look for, never query syntax (SQL LIKE or
    FTS5): no crash, no database error; either JSON results or one clean
    error line with nothing on stdout."""
    rc, out, err = donors("donor", "list", "--search", query, "--format", "json")
    assert "database" not in err and "fts5" not in err.lower() and "syntax" not in err, err
    if rc == 0:
        assert isinstance(json.loads(out), list)
    else:
        assert rc in (1, 2) and one_line(err)


@pytest.mark.bug("a refused search prints an empty listing before failing")
def test_refused_search_prints_nothing(donors):
    # BUG (minor): `donor list --search '%' --format json` prints "[]" on
    # stdout and then fails with exit 1 ("has no letters or digits"): a
    # script reading stdout sees "no donors".
    for fmt in ("json", "csv", "text"):
        rc, out, err = donors("donor", "list", "--search", "%", "--format", fmt)
        if rc != 0:
            assert out == "", f"--format {fmt}: a failed search printed {out!r}"


def test_times_shown_in_ho_chi_minh(tree, tmp):
    """Timestamps are stored in UTC and shown to people as dd/mm/yyyy HH:MM in
    Asia/Ho_Chi_Minh (UTC+7): 20:00 UTC on the 25th is 03:00 on the 26th."""
    (tmp / "pw").write_text("mat-khau-dai-du\n")
    tree.ok("user", "add", "lan", "--role", "clerk", "--password-file", str(tmp / "pw"),
            env={"ANSINH_NOW": "2026-11-25T20:00:00Z"})
    out = tree.ok("user", "list")
    assert "26/11/2026 03:00" in out and "2026-11-25" not in out
    assert tree.json("user", "list")[0]["created_at"] == "2026-11-25T20:00:00Z"
    assert tree.csv("user", "list")[0]["created_at"] == "2026-11-25T20:00:00Z"
