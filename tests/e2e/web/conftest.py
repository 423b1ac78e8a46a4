"""Fixtures of the web tests.

    web_template  a database (session-wide, read-only): the demo (300 donors,
                  2000 contributions), one account per role (password
                  web_helpers.PASSWORD; the unit officer on TV-CL), an API
                  token per role, and the donors the privacy tests look for
    web           one `ansinh serve` for the session over a copy of it:
                  .port, .client(), .tokens, .db, .ids
    fresh         a server of its own over a fresh copy (for tests that stop
                  it, count failed logins, or need untouched totals)
"""
import re

import pytest

from e2e_helpers import Runner, copy_db
from web_helpers import OFFICER_UNIT, PASSWORD, ROLES, Server


class Site:
    def __init__(self, server, template, db):
        self.server = server
        self.port = server.port
        self.tokens = template["tokens"]
        self.ids = template["ids"]
        self.db = db

    def client(self):
        return self.server.client()

    def api(self, role):
        """Headers for the staff API as role."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def _added_id(out):
    m = re.search(r"donor (\d+) added", out)
    assert m, out
    return int(m.group(1))


@pytest.fixture(scope="session")
def web_template(tmp_path_factory):
    d = tmp_path_factory.mktemp("web")
    r = Runner(d)
    r.ok("demo", "--donors", "300", "--contributions", "2000", "--money-only")
    pw = d / "password"
    pw.write_text(PASSWORD + "\n")
    tokens = {}
    for role in ROLES:
        args = ["user", "add", role, "--role", role, "--password-file", pw]
        if role == "unit_officer":
            args += ["--unit", OFFICER_UNIT]
        r.ok(*args)
        tokens[role] = r.ok("token", "add", "--user", role, "--label", "tests").strip()
    ids = {}
    # a donor who asked not to be named, and a named donor's anonymous gift
    ids["hidden"] = _added_id(r.ok("donor", "add", "--name", "Trần Bí Mật", "--kind", "individual",
                                   "--unit", "TV-CL-ANTRUONG", "--anonymous"))
    r.ok("contribution", "add", "--donor", ids["hidden"], "--amount", "7.777.000",
         "--channel", "cash", "--date", "15/09/2019")
    ids["named"] = _added_id(r.ok("donor", "add", "--name", "Lê Công Khai", "--kind", "individual",
                                  "--unit", "TV-CL-ANTRUONG"))
    r.ok("contribution", "add", "--donor", ids["named"], "--amount", "3.333.000",
         "--channel", "cash", "--date", "16/09/2019", "--anonymous")
    ids["duc"] = _added_id(r.ok("donor", "add", "--name", "Đỗ Minh Đức", "--kind", "individual",
                                "--unit", "TV-CL"))
    r.ok("contribution", "add", "--donor", ids["duc"], "--amount", "2.000.000",
         "--channel", "transfer", "--date", "17/09/2019", "--bank-ref", "FT-DUC-1")
    # a donor outside the unit officer's district
    ids["outside"] = _added_id(r.ok("donor", "add", "--name", "Phạm Ngoài Huyện",
                                    "--kind", "individual", "--unit", "TV-CK"))
    r.ok("contribution", "add", "--donor", ids["outside"], "--amount", "1.000.000",
         "--channel", "cash", "--date", "18/09/2019")
    return {"db": r.db, "tokens": tokens, "ids": ids, "dir": d}


@pytest.fixture(scope="session")
def web(web_template, tmp_path_factory):
    d = tmp_path_factory.mktemp("site")
    db = copy_db(web_template["db"], d / "site.db")
    server = Server(db, d / "serve.log")
    yield Site(server, web_template, db)
    rc = server.stop()
    assert rc == 0, server.log_text()[-2000:]


@pytest.fixture
def fresh(web_template, tmp):
    db = copy_db(web_template["db"], tmp / "fresh.db")
    server = Server(db, tmp / "serve.log")
    site = Site(server, web_template, db)
    yield site
    if server.proc.poll() is None:
        assert server.stop() == 0, server.log_text()[-2000:]


@pytest.fixture
def server_at(web_template, tmp):
    """Starts servers with extra arguments: server_at(*args) -> Site."""
    started = []

    def start(*args):
        db = copy_db(web_template["db"], tmp / f"s{len(started)}.db")
        s = Server(db, tmp / f"s{len(started)}.log", *args)
        started.append(s)
        return Site(s, web_template, db)
    yield start
    for s in started:
        if s.proc.poll() is None:
            s.stop()


@pytest.fixture
def fresh_copy(web_template, tmp):
    """A copy of the template database, for CLI commands."""
    return copy_db(web_template["db"], tmp / "copy.db")
