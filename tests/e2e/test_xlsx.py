"""Excel export (issue #7 part 6): every list and report as .xlsx, read back
with openpyxl and compared with the CSV of the same list."""
import csv
import datetime
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from e2e_helpers import BIN, base_env, copy_db, shown

openpyxl = pytest.importorskip("openpyxl")

CAMPAIGN = ("Cuộc vận động quỹ An sinh xã hội nhân kỷ niệm 120 năm Ngày thành lập tỉnh "
            "Trà Vinh (01/01/1900 - 01/01/2020)")
HEAD = 4          # the column titles' row (1-based)
WIDTH_MAX = 60

# (command, title of row 1 before " — campaign", per campaign)
LISTS = [
    (["unit", "list"], "Danh sách đơn vị", False),
    (["target", "list", "--campaign", "TV2019"], "Chỉ tiêu vận động", True),
    (["donor", "list"], "Danh sách nhà hảo tâm", False),
    (["donor", "show", "1"], "Nhà hảo tâm", False),
    (["pledge", "list", "--campaign", "TV2019"], "Danh sách đăng ký ủng hộ", True),
    (["pledge", "list"], "Danh sách đăng ký ủng hộ", False),
    (["contribution", "list", "--campaign", "TV2019"], "Danh sách đóng góp", True),
    (["contribution", "list", "--search", "nguyen"], "Danh sách đóng góp", False),
    (["report", "progress", "--campaign", "TV2019"], "Báo cáo tiến độ vận động", True),
    (["campaign", "list"], "Danh sách cuộc vận động", False),
    (["fund", "list", "--campaign", "TV2019"], "Sử dụng quỹ An sinh xã hội", True),
    (["fund", "report", "--campaign", "TV2019"], "Báo cáo tiếp nhận, quản lý và sử dụng quỹ", True),
    (["campaign", "show", "TV2019"], "Cuộc vận động", True),
    (["user", "list"], "Danh sách tài khoản", False),
    (["token", "list"], "Danh sách mã truy cập API", False),
]


@pytest.fixture(scope="module")
def db(demo_db, tmp_path_factory):
    """The demo, with a staff account and a token so that every list has rows."""
    d = tmp_path_factory.mktemp("xlsx")
    path = d / "demo.db"
    copy_db(demo_db, path)
    pw = d / "pw"
    pw.write_text("mat-khau-dai-du-16\n")
    for args in (["user", "add", "thu-ky", "--role", "clerk", "--password-file", str(pw)],
                 ["token", "add", "--user", "thu-ky", "--label", "Kế toán"]):
        p = subprocess.run([BIN, "--db", str(path), *args], env=base_env(), capture_output=True)
        assert p.returncode == 0, p.stderr
    return path


def export(run, db, args, path, env=None):
    run.ok(*args, "--format", "xlsx", "--out", path, db=db, env=env)
    return openpyxl.load_workbook(path)


def csv_rows(run, db, args):
    return list(csv.reader(io.StringIO(run.ok(*args, "--format", "csv", db=db))))


def chars(v):
    return len(str(v))


def same_value(cell, csv_value):
    """Whether an xlsx cell holds what the CSV says, by the cell's format."""
    v, fmt = cell.value, cell.number_format
    if csv_value == "":
        return v is None
    if fmt == "0.00%":
        return round(v * 100, 2) == float(csv_value)
    if fmt in ("#,##0", "0"):
        return isinstance(v, int) and v == int(csv_value)
    if fmt == "dd/mm/yyyy":
        return isinstance(v, datetime.datetime) and v.date().isoformat() == csv_value
    if v in ("có", "không"):
        return csv_value == ("1" if v == "có" else "0")
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", csv_value):
        # a timestamp: programs get UTC, people read Hà Nội time (UTC+7)
        t = datetime.datetime.strptime(csv_value, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=7)
        return v == t.strftime("%d/%m/%Y %H:%M")
    return v == csv_value


@pytest.mark.parametrize("args,title,per_campaign", LISTS, ids=[" ".join(a[:2]) + str(i) for i, (a, _, _) in enumerate(LISTS)])
def test_same_numbers_as_csv(run, db, tmp, args, title, per_campaign):
    wb = export(run, db, args, tmp / "x.xlsx")
    ws = wb.active
    rows = csv_rows(run, db, args)
    header, body = rows[0], rows[1:]
    assert body, "the list should not be empty"

    assert ws["A1"].value == (f"{title} — {CAMPAIGN}" if per_campaign else title)
    assert ws["A1"].font.b
    assert ws["A2"].value == "Ngày xuất: 01/12/2019 10:00"  # ANSINH_NOW 03:00 UTC
    assert ws.title == title[:31]

    titles = [c.value for c in ws[HEAD]][:len(header)]
    assert ws.max_column == len(header)
    for t, key in zip(titles, header):
        assert t and unicodedata.is_normalized("NFC", t)
        assert t != key, f"column {key} has no Vietnamese title"
        assert re.search(r"[^\x00-\x7f]", t), f"title {t!r} of {key} has no Vietnamese letter"
    for c in ws[HEAD]:
        assert c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") and c.border.bottom.style

    assert ws.freeze_panes == f"A{HEAD + 1}"
    totals = 1 if args[0] == "report" else 0
    last = HEAD + len(body)
    assert ws.max_row == last + totals
    assert ws.auto_filter.ref == f"A{HEAD}:{openpyxl.utils.get_column_letter(len(header))}{last}"

    for i, row in enumerate(body):
        cells = ws[HEAD + 1 + i]
        for j, value in enumerate(row):
            value = shown(header[j], value)
            assert same_value(cells[j], value), \
                f"row {i + 1} {header[j]}: xlsx {cells[j].value!r} ({cells[j].number_format}) vs csv {value!r}"

    # widths fit the longest cell in characters, capped
    for j, key in enumerate(header):
        w = ws.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width
        cells_shown = [ws.cell(row=HEAD + 1 + i, column=j + 1).value for i in range(len(body))]
        longest = max([chars(titles[j])] + [chars(str(x)) for x, r in zip(cells_shown, body)
                                            if isinstance(x, str) and not r[j].lstrip("-").isdigit()])
        assert min(longest, WIDTH_MAX) <= w <= WIDTH_MAX + 1, (key, w, longest)

    props = wb.properties
    assert props.creator == "ansinh" and props.title == ws["A1"].value
    assert props.created == datetime.datetime(2019, 12, 1, 3, 0)


def test_money_dates_and_booleans_are_typed(run, db, tmp):
    ws = export(run, db, ["contribution", "list", "--campaign", "TV2019"], tmp / "c.xlsx").active
    head = [c.value for c in ws[HEAD]]
    first = ws[HEAD + 1]
    money = first[head.index("Số tiền (đ)")]
    assert isinstance(money.value, int) and money.number_format == "#,##0"
    date = first[head.index("Ngày")]
    assert isinstance(date.value, datetime.datetime) and date.number_format == "dd/mm/yyyy"
    assert first[head.index("Đã hủy")].value in ("có", "không")
    receipt = first[head.index("Biên nhận")]
    assert receipt.data_type == "s" and receipt.value.startswith("TV2019-")


def test_report_totals_row(run, db, tmp):
    ws = export(run, db, ["report", "progress", "--campaign", "TV2019"], tmp / "r.xlsx").active
    report = run.json("report", "progress", "--campaign", "TV2019", db=db)
    head = [c.value for c in ws[HEAD]]
    assert head == ["Mã", "Đơn vị", "Loại", "Cấp", "Chỉ tiêu (đ)", "Đã nhận (đ)", "Tỷ lệ (%)",
                    "Đạt/vượt"]
    total = ws[ws.max_row]
    assert total[1].value == "Tổng cộng" and all(c.font.b for c in total)
    assert total[4].value == report["goal"] == 250_000_000_000
    assert total[5].value == report["received"]
    assert abs(total[6].value - report["received"] / report["goal"]) < 1e-4
    # values, not formulas: what a reader without recalculation sees
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in total)


def test_text_cells_are_not_interpreted(run, tmp):
    """A name that looks like a formula or a number stays text."""
    run.ok("init")
    run.ok("unit", "add", "--code", "007", "--name", "=1+2 Xã Đức")
    ws = export(run, run.db, ["unit", "list"], tmp / "u.xlsx").active
    assert ws[HEAD + 1][0].value == "007" and ws[HEAD + 1][0].data_type == "s"
    assert ws[HEAD + 1][1].value == "=1+2 Xã Đức" and ws[HEAD + 1][1].data_type == "s"


def test_xlsx_needs_out(run, db):
    r = run("unit", "list", "--format", "xlsx", db=db)
    assert r.rc == 2 and "--out" in r.err and r.out == ""
    r = run("unit", "list", "--format", "ods", "-o", "x.ods", db=db)
    assert r.rc == 2 and "xlsx" in r.err


def test_short_o_and_out_for_every_format(run, db, tmp):
    stdout = run.ok("contribution", "list", "--campaign", "TV2019", "--format", "csv", db=db)
    run.ok("contribution", "list", "--campaign", "TV2019", "--format", "csv", "-o", "c.csv", db=db)
    assert (tmp / "c.csv").read_text() == stdout
    text = run.ok("report", "progress", db=db)
    assert run.ok("report", "progress", "--out", "r.txt", db=db) == ""
    assert (tmp / "r.txt").read_text() == text
    js = run.ok("report", "progress", "--format", "json", db=db)
    run.ok("report", "progress", "--format", "json", "-o", "r.json", db=db)
    assert (tmp / "r.json").read_text() == js
    assert oct(os.stat(tmp / "c.csv").st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask():
    m = os.umask(0)
    os.umask(m)
    return m


def test_failure_leaves_the_file_as_it_was(run, db, tmp):
    old = tmp / "old.xlsx"
    old.write_bytes(b"old")
    r = run("contribution", "list", "--campaign", "KHONG", "--format", "xlsx", "-o", old, db=db)
    assert r.rc != 0 and old.read_bytes() == b"old"
    r = run("target", "list", "--campaign", "KHONG", "--format", "csv", "-o", old, db=db)
    assert r.rc != 0 and old.read_bytes() == b"old"
    r = run("unit", "list", "--format", "xlsx", "-o", tmp / "khong-co" / "u.xlsx", db=db)
    assert r.rc == 1 and "khong-co/u.xlsx" in r.err
    assert sorted(p.name for p in tmp.iterdir()) == ["old.xlsx"], "temporary files left behind"


def test_reproducible_with_source_date_epoch(run, db, tmp):
    args = ["report", "progress", "--campaign", "TV2019"]
    env1 = {"SOURCE_DATE_EPOCH": "1575169200", "ANSINH_NOW": "2019-12-01T03:00:00Z"}
    env2 = {"SOURCE_DATE_EPOCH": "1575169200", "ANSINH_NOW": "2020-01-05T08:00:00Z"}
    wb = export(run, db, args, tmp / "a.xlsx", env=env1)
    export(run, db, args, tmp / "b.xlsx", env=env2)
    assert (tmp / "a.xlsx").read_bytes() == (tmp / "b.xlsx").read_bytes()
    assert wb.properties.created == datetime.datetime(2019, 12, 1, 3, 0)
    assert wb.active["A2"].value == "Ngày xuất: 01/12/2019 10:00"


def maxrss_kib(argv, env):
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, p.stderr.read()
    return usage.ru_maxrss


def test_100k_rows_in_bounded_memory(tmp):
    """constant_memory: a 100,000-row workbook costs no more memory than the
    CSV of the same list (the rest is SQLite's page cache)."""
    env = base_env()
    # under ASan, freed memory waits in a quarantine (256 MiB by default)
    # that would count against whichever run frees more
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=1"
    dbp = tmp / "big.db"
    p = subprocess.run([BIN, "--db", str(dbp), "demo", "--donors", "2000", "--contributions",
                        "100000"], env=env, capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr
    base = [BIN, "--db", str(dbp), "contribution", "list"]
    csv_kib = maxrss_kib(base + ["--format", "csv", "-o", str(tmp / "big.csv")], env)
    xlsx_kib = maxrss_kib(base + ["--format", "xlsx", "-o", str(tmp / "big.xlsx")], env)
    assert xlsx_kib < csv_kib + 32 * 1024, (csv_kib, xlsx_kib)

    with open(tmp / "big.csv", newline="") as f:
        body = list(csv.reader(f))[1:]
    assert len(body) >= 100_000
    amount_col = 8
    want = sum(int(r[amount_col]) for r in body)
    # stream the sheet: count rows, sum the amounts of column I
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rows, got = 0, 0
    with zipfile.ZipFile(tmp / "big.xlsx") as z, z.open("xl/worksheets/sheet1.xml") as s:
        for _, el in ET.iterparse(s):
            if el.tag == ns + "row":
                rows += 1
                el.clear()
            elif el.tag == ns + "c" and re.fullmatch(r"I\d+", el.get("r")) and el.get("t") is None:
                if int(el.get("r")[1:]) > HEAD:
                    got += int(float(el.find(ns + "v").text))
    assert rows == len(body) + 3  # title, date, titles' row
    assert got == want


def libreoffice_calc():
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    # soffice without Calc (libreoffice-calc-nogui) cannot open a workbook
    prog = Path(os.path.realpath(soffice)).parent
    return soffice if list(prog.glob("libsclo.so")) else None


@pytest.mark.skipif(libreoffice_calc() is None, reason="LibreOffice Calc is not installed")
def test_libreoffice_opens_it(run, db, tmp):
    args = ["report", "progress", "--campaign", "TV2019"]
    run.ok(*args, "--format", "xlsx", "-o", tmp / "r.xlsx", db=db)
    p = subprocess.run([libreoffice_calc(), f"-env:UserInstallation=file://{tmp}/lo", "--headless",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir", str(tmp / "conv"), str(tmp / "r.xlsx")],
                       capture_output=True, timeout=300, env={**base_env(), "HOME": str(tmp)})
    out = tmp / "conv" / "r.csv"
    assert p.returncode == 0 and out.exists(), p.stderr.decode()
    got = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    want = csv_rows(run, db, args)
    assert got[0][0] == f"Báo cáo tiến độ vận động — {CAMPAIGN}"
    assert got[HEAD - 1] == ["Mã", "Đơn vị", "Loại", "Cấp", "Chỉ tiêu (đ)", "Đã nhận (đ)",
                             "Tỷ lệ (%)", "Đạt/vượt"]
    body = got[HEAD:HEAD + len(want) - 1]
    assert len(body) == len(want) - 1
    for g, w in zip(body, want[1:]):
        assert g[:4] == w[:2] + [shown("kind", w[2]), w[3]]
        # shown with the locale's separators: the digits are the same
        assert re.sub(r"[^\d]", "", g[4]) == w[4] and re.sub(r"[^\d]", "", g[5]) == w[5]
        assert g[6] == (f"{w[6]}%" if w[6] else "")
    assert got[HEAD + len(want) - 1][1] == "Tổng cộng"
