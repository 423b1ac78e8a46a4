"""Helpers shared by the end-to-end tests (imported by conftest.py and the
test modules).  Standard library only."""
import csv
import io
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = os.environ.get("ANSINH_BIN") or str(REPO / "build" / "ansinh")
SQLITE = shutil.which("sqlite3") or "/usr/bin/sqlite3"

NOW = "2019-12-01T03:00:00Z"
USER = "tester"
TIMEOUT = 300  # seconds per process: generous for the ASan build

# Every command `ansinh help` lists, in its order.
COMMANDS = ["init", "campaign", "unit", "target", "donor", "pledge", "contribution",
            "import", "reconcile", "payroll", "goods", "fund", "vietqr", "account", "report", "verify",
            "log", "serve", "user", "token", "committee", "canvass", "demo", "words",
            "receipt", "letters", "honours", "doc", "help"]

HEADER = "date,donor,kind,unit,amount,channel"


class Result(tuple):
    """(returncode, stdout, stderr) with the raw bytes kept as attributes."""

    def __new__(cls, rc, out_b, err_b):
        self = super().__new__(cls, (rc, out_b.decode("utf-8", "replace"),
                                     err_b.decode("utf-8", "replace")))
        self.stdout_bytes = out_b
        self.stderr_bytes = err_b
        return self

    rc = property(lambda self: self[0])
    out = property(lambda self: self[1])
    err = property(lambda self: self[2])


def base_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSINH_")}
    # The CLI's messages are in English unless the locale is Vietnamese
    # (docs/vietnamese.md); the tests read English whatever the machine has.
    for k in ("LC_ALL", "LC_MESSAGES"):
        env.pop(k, None)
    env["LANG"] = "C.UTF-8"
    env["ANSINH_NOW"] = NOW
    env["ANSINH_USER"] = USER
    return env


_UNSET = object()


class Runner:
    """run(*args, db=..., input=None, env=None, cwd=None) -> (rc, out, err).

    db defaults to the test's database (tmp/test.db); db=None passes no --db.
    env entries are added to the base environment; a value of None removes
    the variable."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.db = tmp / "test.db"

    def __call__(self, *args, db=_UNSET, input=None, env=None, cwd=None):
        if db is _UNSET:
            db = self.db
        argv = [BIN]
        if db is not None:
            argv += ["--db", str(db)]
        argv += [str(a) for a in args]
        e = base_env()
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        if isinstance(input, str):
            input = input.encode()
        p = subprocess.run(argv, input=input, capture_output=True, env=e,
                           cwd=str(cwd or self.tmp), timeout=TIMEOUT)
        return Result(p.returncode, p.stdout, p.stderr)

    def ok(self, *args, **kw):
        """Runs and asserts success; returns stdout."""
        r = self(*args, **kw)
        assert r.rc == 0, f"ansinh {' '.join(map(str, args))} failed ({r.rc}): {r.err}"
        return r.out

    def json(self, *args, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw))

    def csv(self, *args, **kw):
        return list(csv.DictReader(io.StringIO(self.ok(*args, "--format", "csv", **kw))))

    def report(self, campaign=None, **kw):
        args = ["report", "progress"] + (["--campaign", campaign] if campaign else [])
        return self.json(*args, **kw)

    def units_by_code(self, campaign=None):
        return {u["code"]: u for u in self.report(campaign)["units"]}


def sqlite(db, sql, *opts):
    """Runs SQL through the sqlite3 shell: (rc, stdout, stderr)."""
    p = subprocess.run([SQLITE, *opts, str(db)], input=sql.encode(), capture_output=True,
                       timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def sql_ok(db, sql):
    rc, out, err = sqlite(db, sql, "-bail")
    assert rc == 0, f"sqlite3 failed ({rc}): {err}"
    return out


def dump(db):
    """The whole database as SQL text (`sqlite3 db .dump`)."""
    rc, out, err = sqlite(db, ".dump")
    assert rc == 0, err
    return out


def count(db, table):
    return int(sql_ok(db, f"SELECT count(*) FROM {table};").strip())


TABLES = ["setting", "unit", "campaign", "target", "donor", "pledge", "account",
          "journal_entry", "posting", "import_batch", "contribution", "audit_event",
          "receipt_series", "schema_migration"]


def row_counts(db):
    return {t: count(db, t) for t in TABLES}


def snapshot(run, db=None):
    """Everything a failed command must leave as it was: the full dump (which
    covers every table's rows) and the progress report."""
    db = db or run.db
    rep = run("report", "progress", "--format", "json", db=db)
    return {"dump": dump(db), "report": rep.out if rep.rc == 0 else rep.err}


def copy_db(src: Path, dst: Path):
    """Copies a database with its WAL files (and drops stale ones at dst)."""
    for suffix in ("", "-wal", "-shm"):
        s, d = Path(str(src) + suffix), Path(str(dst) + suffix)
        if s.exists():
            shutil.copyfile(s, d)
        elif d.exists():
            d.unlink()
    return dst


def trigger_sql(db, name):
    return sql_ok(db, f"SELECT sql FROM sqlite_master WHERE type='trigger' AND name='{name}';").strip()


def write_csv(path: Path, header, rows, *, bom=False, crlf=False, encoding="utf-8"):
    """Writes a CSV file with Python's csv module (quotes as needed)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    if header is not None:
        w.writerow(header.split(",") if isinstance(header, str) else header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def char_width(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    if ord(c) < 0x20 or ord(c) == 0x7F:
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def display_width(s):
    return sum(char_width(c) for c in s)


def one_line(err):
    """An error message is exactly one line on stderr."""
    return err.endswith("\n") and err.count("\n") == 1 and len(err.strip()) > 0


# A small tree used by many tests:
#   P (province) ── D1 (district) ── X1, X2 (communes)
#                └─ D2 (district) ── X3 (commune)
TREE_UNITS = [
    ("P", "Tỉnh Trà Vinh", None, "province"),
    ("D1", "Huyện Càng Long", "P", "district"),
    ("X1", "Xã An Trường", "D1", "commune"),
    ("X2", "Xã Bình Phú", "D1", "commune"),
    ("D2", "Huyện Cầu Kè", "P", "district"),
    ("X3", "Xã Hòa Ân", "D2", "commune"),
]
TREE_TARGETS = {"P": 10_000_000, "D1": 3_000_000, "X1": 1_000_000, "D2": 4_000_000}


def build_tree(run):
    run.ok("init")
    run.ok("campaign", "add", "--code", "C17", "--name", "Vận động 2017",
           "--start", "01/02/2017", "--end", "30/04/2017", "--ceremony", "06/05/2017")
    run.ok("campaign", "add", "--code", "C19", "--name", "Vận động 2019",
           "--start", "2019-08-01", "--end", "2019-12-31", "--ceremony", "10/01/2020",
           "--report", "30/04/2020", "--goal", "20.000.000")
    for code, name, parent, kind in TREE_UNITS:
        args = ["unit", "add", "--code", code, "--name", name, "--kind", kind]
        if parent:
            args += ["--parent", parent]
        run.ok(*args)
    for unit, amount in TREE_TARGETS.items():
        run.ok("target", "set", "--campaign", "C19", "--unit", unit, "--amount", str(amount))


# Codes that CSV and JSON keep for programs and that text listings and
# workbooks show as their Vietnamese labels (src/text/labels.c).
LABELS = {
    "kind": {"province": "Tỉnh", "district": "Huyện, thị xã, thành phố",
             "commune": "Xã, phường, thị trấn", "department": "Sở, ban, ngành",
             "organisation": "Mặt trận, đoàn thể, tổ chức", "party": "Đảng bộ trực thuộc",
             "armed_forces": "Lực lượng vũ trang", "other": "Khác",
             "individual": "Cá nhân", "business": "Doanh nghiệp", "cooperative": "Hợp tác xã",
             "political_org": "Tổ chức chính trị - xã hội",
             "professional_org": "Tổ chức xã hội - nghề nghiệp",
             "religious_org": "Tổ chức tôn giáo", "collective": "Tập thể",
             "handover": "Bàn giao", "distribution": "Phân phối", "disbursement": "Chi hỗ trợ"},
    "purpose": {"policy_family": "Gia đình chính sách, người có công",
                "house": "Nhà đại đoàn kết, nhà ở", "production_capital": "Vốn sản xuất",
                "heart_surgery": "Phẫu thuật tim cho trẻ em",
                "bridge_road": "Cầu, đường giao thông nông thôn", "other": "Khác"},
    "beneficiary_kind": {"household": "Hộ gia đình", "person": "Cá nhân", "project": "Công trình",
                         "unit": "Đơn vị"},
    "source": {"bank": "Tiền gửi ngân hàng", "cash": "Tiền mặt"},
    "outcome": {"thoat-ngheo": "Đã thoát nghèo", "can-ngheo": "Thoát nghèo, còn cận nghèo",
                "chua-thoat": "Chưa thoát nghèo"},
    "channel": {"cash": "Tiền mặt", "transfer": "Chuyển khoản", "payroll": "Trích lương",
                "goods": "Hiện vật"},
}


def shown(key, csv_value):
    """What a text listing or a workbook shows for a CSV cell: the label of a code."""
    return LABELS.get(key, {}).get(csv_value, csv_value)
