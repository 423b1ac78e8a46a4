"""Shared fixtures of the ansinh end-to-end suite.

    tmp      a fresh temporary directory (the working directory of every run)
    run      run(*args, db=..., input=None, env=None) -> (returncode, stdout, stderr);
             db defaults to tmp/test.db, db=None passes no --db.  Runs with
             ANSINH_NOW=2019-12-01T03:00:00Z and ANSINH_USER=tester.
    tree     run, with tmp/test.db holding two campaigns (C17, C19), the small
             unit tree of e2e_helpers.TREE_UNITS and the C19 targets
    demo_db  path of a database filled by `ansinh demo --donors 300
             --contributions 2000`, built once per session (copy it before
             writing to it)
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_helpers import BIN, Runner, build_tree, copy_db  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bug(description): a known bug of ansinh; the test fails until it is fixed")


def pytest_report_header(config):
    return f"ansinh binary: {BIN}"


@pytest.fixture(scope="session", autouse=True)
def _binary_exists():
    if not os.access(BIN, os.X_OK):
        pytest.exit(f"no ansinh binary at {BIN} (run `make` or set ANSINH_BIN)", returncode=4)


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


@pytest.fixture
def run(tmp):
    return Runner(tmp)


@pytest.fixture(scope="session")
def _tree_template(tmp_path_factory):
    d = tmp_path_factory.mktemp("tree")
    r = Runner(d)
    build_tree(r)
    return r.db


@pytest.fixture
def tree(run, _tree_template):
    copy_db(_tree_template, run.db)
    return run


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    r = Runner(d)
    r.ok("demo", "--donors", "300", "--contributions", "2000")
    return r.db
