"""2. init, --force, foreign files and newer schemas."""
import pytest

from e2e_helpers import count, one_line, sql_ok, sqlite


def test_init_creates_database(run):
    rc, out, err = run("init")
    assert rc == 0, err
    assert run.db.exists()
    assert str(run.db) in out
    assert sql_ok(run.db, "PRAGMA application_id;").strip() == str(0x414E5348)
    assert int(sql_ok(run.db, "SELECT max(version) FROM schema_migration;")) >= 1
    # the chart of accounts is there, nothing else yet
    # migration 1: 5; migration 4: goods stages; migration 14: the fund handed over, spent
    assert count(run.db, "account") == 9
    assert count(run.db, "unit") == 0 and count(run.db, "journal_entry") == 0
    assert run("verify").rc == 0


def test_init_refuses_existing_database(run):
    run.ok("init")
    run.ok("unit", "add", "--code", "A", "--name", "A")
    rc, out, err = run("init")
    assert rc == 1 and one_line(err)
    assert "exists" in err and "--force" in err
    assert count(run.db, "unit") == 1


def test_init_refuses_any_existing_file(run, tmp):
    f = tmp / "notes.txt"
    f.write_text("quan trọng\n")
    rc, out, err = run("init", db=f)
    assert rc == 1 and one_line(err)
    assert f.read_text() == "quan trọng\n"


def test_init_force_replaces(run):
    run.ok("init")
    run.ok("unit", "add", "--code", "A", "--name", "A")
    rc, out, err = run("init", "--force")
    assert rc == 0, err
    assert count(run.db, "unit") == 0
    assert run("verify").rc == 0


# Every command that opens a database must refuse a foreign one.
COMMANDS_ON_DB = [
    ["unit", "list"],
    ["unit", "add", "--code", "A", "--name", "A"],
    ["campaign", "list"],
    ["campaign", "add", "--code", "C", "--name", "C", "--start", "2019-01-01", "--end", "2019-02-01"],
    ["target", "list"],
    ["donor", "list"],
    ["donor", "show", "1"],
    ["pledge", "list"],
    ["contribution", "list"],
    ["contribution", "reverse", "1", "--reason", "x"],
    ["import", "contributions", "rows.csv"],
    ["import", "bank", "rows.csv"],
    ["reconcile", "list"],
    ["pledge", "outstanding"],
    ["report", "progress"],
    ["verify"],
    ["demo", "--donors", "10", "--contributions", "10"],
]


def _foreign_files(tmp):
    text = tmp / "text.db"
    text.write_text("đây không phải là cơ sở dữ liệu\n" * 20)
    other = tmp / "other.db"
    sqlite(other, "CREATE TABLE x(a); INSERT INTO x VALUES (1);")
    empty = tmp / "empty.db"
    empty.write_bytes(b"")
    return {"text": text, "other-sqlite": other, "empty": empty}


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "empty"])
@pytest.mark.parametrize("args", COMMANDS_ON_DB, ids=lambda a: " ".join(a[:2]))
def test_foreign_file_refused(run, tmp, kind, args):
    (tmp / "rows.csv").write_text("date,donor,kind,unit,amount,channel\n")
    path = _foreign_files(tmp)[kind]
    before = path.read_bytes()
    rc, out, err = run(*args, db=path)
    assert rc == 1 and one_line(err), err
    # the message is clear: it says which file and what is wrong with it
    assert "not" in err and ("database" in err or "SQLite" in err)
    assert path.read_bytes() == before
    assert not any(p.name.startswith(path.name + "-") for p in tmp.iterdir())


def test_foreign_text_file_message_names_the_file(run, tmp):
    path = _foreign_files(tmp)["text"]
    rc, out, err = run("unit", "list", db=path)
    assert rc == 1
    assert str(path) in err, err


def test_other_sqlite_message(run, tmp):
    path = _foreign_files(tmp)["other-sqlite"]
    rc, out, err = run("unit", "list", db=path)
    assert rc == 1 and f"{path} is not an ansinh database" in err
    assert sql_ok(path, "SELECT name FROM sqlite_master;").split() == ["x"]


@pytest.mark.parametrize("args", [["unit", "list"], ["verify"], ["report", "progress"],
                                  ["unit", "add", "--code", "A", "--name", "A"]],
                         ids=lambda a: " ".join(a))
def test_newer_schema_refused(run, args):
    run.ok("init")
    sql_ok(run.db, "INSERT INTO schema_migration(version, name) VALUES (999, 'from the future');")
    rc, out, err = run(*args)
    assert rc == 1 and one_line(err)
    assert "newer" in err and "999" in err
    assert count(run.db, "unit") == 0
