"""1. The binary: version, help, unknown commands and options, where the
database is."""
import re

import pytest

from e2e_helpers import COMMANDS, copy_db, one_line


def test_version(run):
    rc, out, err = run("--version", db=None)
    assert rc == 0 and err == ""
    assert re.fullmatch(r"ansinh \d+\.\d+\.\d+\S*\n", out)


def test_help_lists_every_command(run):
    rc, out, err = run("help", db=None)
    assert rc == 0 and err == ""
    assert out.startswith("usage: ansinh")
    listed = re.findall(r"^  ([a-z]+)\s{2,}\S", out, re.M)
    assert listed == COMMANDS


def test_help_without_command_goes_to_stderr_with_exit_2(run):
    rc, out, err = run(db=None)
    assert rc == 2 and out == ""
    assert "usage: ansinh" in err


@pytest.mark.parametrize("cmd", COMMANDS)
def test_help_command(run, cmd):
    rc, out, err = run("help", cmd, db=None)
    assert rc == 0 and err == ""
    assert out.startswith(f"ansinh {cmd} — ")
    # the usage part shows how the command is typed
    assert f"ansinh {cmd}" in out.split("\n", 1)[1] or cmd == "init"
    assert len(out.splitlines()) >= 3


def test_help_unknown_command(run):
    rc, out, err = run("help", "frobnicate", db=None)
    assert rc == 2 and out == ""
    assert one_line(err) and "frobnicate" in err


def test_unknown_command(run):
    rc, out, err = run("frobnicate", db=None)
    assert rc == 2 and out == ""
    assert one_line(err)
    assert "unknown command" in err and "frobnicate" in err


@pytest.mark.parametrize("args", [
    ["--frobnicate"],
    ["--frobnicate", "unit", "list"],
    ["unit", "list", "--frobnicate"],
    ["campaign", "add", "--colour", "red"],
    ["verify", "--fast"],
    ["init", "--forse"],
], ids=lambda a: " ".join(a))
def test_unknown_option(run, args):
    run.ok("init")
    rc, out, err = run(*args, db=None, env={"ANSINH_DB": str(run.db)})
    assert rc == 2 and out == ""
    assert one_line(err) and "unknown option" in err
    assert args[[a.startswith("--") for a in args].index(True)] in err


@pytest.mark.parametrize("args", [["unit"], ["unit", "frob"], ["report"], ["campaign", "drop"]],
                         ids=lambda a: " ".join(a))
def test_missing_or_unknown_subcommand(run, args):
    run.ok("init")
    rc, out, err = run(*args)
    assert rc == 2 and one_line(err)


def _units(run, **kw):
    return [u["code"] for u in run.json("unit", "list", **kw)]


def test_db_option(run, tmp):
    path = tmp / "elsewhere.db"
    assert run("init", db=path).rc == 0
    assert path.exists() and not (tmp / "ansinh.db").exists()
    run.ok("unit", "add", "--code", "A", "--name", "Đơn vị A", db=path)
    assert _units(run, db=path) == ["A"]


def test_db_option_with_equals(run, tmp):
    path = tmp / "eq.db"
    rc, out, err = run(f"--db={path}", "init", db=None)
    assert rc == 0, err
    assert path.exists()


def test_db_from_environment(run, tmp):
    path = tmp / "env.db"
    env = {"ANSINH_DB": str(path)}
    run.ok("init", db=None, env=env)
    assert path.exists() and not (tmp / "ansinh.db").exists()
    run.ok("unit", "add", "--code", "E", "--name", "Env", db=None, env=env)
    assert _units(run, db=None, env=env) == ["E"]


def test_db_option_overrides_environment(run, tmp):
    env_db, opt_db = tmp / "env.db", tmp / "opt.db"
    run.ok("init", db=env_db)
    run.ok("init", db=opt_db)
    run.ok("unit", "add", "--code", "O", "--name", "Opt", db=opt_db, env={"ANSINH_DB": str(env_db)})
    assert _units(run, db=opt_db) == ["O"]
    assert _units(run, db=env_db) == []


def test_default_db_in_working_directory(run, tmp):
    run.ok("init", db=None)
    assert (tmp / "ansinh.db").exists()
    run.ok("unit", "add", "--code", "W", "--name", "Cwd", db=None)
    assert _units(run, db=tmp / "ansinh.db") == ["W"]


def test_missing_database_is_not_created(run, tmp):
    rc, out, err = run("unit", "list", db=None)
    assert rc == 1 and one_line(err)
    assert "ansinh.db" in err and "init" in err
    assert not (tmp / "ansinh.db").exists()


def test_words(run):
    rc, out, err = run("words", "232000000000", db=None)
    assert rc == 0
    assert out.strip() == "Hai trăm ba mươi hai tỷ đồng"


def test_codes_for_programs_labels_for_people(run, demo_db, tmp):
    """Text listings and workbooks show the Vietnamese label of a stored code;
    CSV and JSON keep the code (docs/vietnamese.md)."""
    db = copy_db(demo_db, tmp / "labels.db")
    text = run.ok("contribution", "list", "--limit", "50", db=db)
    assert "Tiền mặt" in text or "Chuyển khoản" in text
    assert " cash " not in text and " transfer " not in text
    rows = run.csv("contribution", "list", "--limit", "50", db=db)
    assert {r["channel"] for r in rows} <= {"cash", "transfer", "payroll", "goods"}
    assert {r["kind"] for r in run.json("unit", "list", db=db)} >= {"province", "district"}
    units = run.ok("unit", "list", db=db)
    assert "Tỉnh" in units and "province" not in units
    assert "Doanh nghiệp" in run.ok("donor", "list", "--limit", "300", db=db)
