"""The transparency log from the command line (issue 5): keys and origin,
checkpoints, proofs checked offline, the exported tile tree and a witness
reading it from a directory or over HTTP, donors' verification codes and
erasure, bad input, and `ansinh verify` catching rows, hashes, salts and
checkpoints changed behind the program's back with the sqlite3 shell."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from e2e_helpers import HEADER, REPO, copy_db, one_line, sql_ok, sqlite, trigger_sql, write_csv

ORIGIN = "e2e.ansinh.test/travinh"


@pytest.fixture
def log(tree, tmp):
    """The tree's books with six contributions (entries 1-6; entry 4 from a
    business with a tax code, entry 6 in kind) and contribution 3 reversed
    (entry 7): two checkpoints, of sizes 6 and 7."""
    f = write_csv(tmp / "b.csv", HEADER + ",bank_ref,tax_code,goods", [
        ["15/09/2019", "Nguyễn Văn Một", "individual", "X1", "1.000.000", "transfer", "FT1", "", ""],
        ["16/09/2019", "Trần Thị Hai", "individual", "X2", "2.000.000", "transfer", "FT2", "", ""],
        ["17/09/2019", "Lê Văn Ba", "individual", "X3", "3.000.000", "cash", "", "", ""],
        ["18/09/2019", "Công ty Bốn", "business", "D2", "4.000.000", "transfer", "FT4",
         "0301234567", ""],
        ["19/09/2019", "Nguyễn Văn Một", "individual", "X1", "500.000", "cash", "", "", ""],
        ["20/09/2019", "Hợp tác xã Sáu", "cooperative", "X3", "6.000.000", "goods", "", "",
         "Gạo 2 tấn"],
    ])
    tree.ok("import", "contributions", f)
    tree.ok("contribution", "reverse", "3", "--reason", "ghi nhầm")
    assert tree("verify").rc == 0
    return tree


def key(run):
    return run.ok("log", "key").strip()


def verify_fails(run, *words):
    rc, out, err = run("verify")
    assert rc == 1, (rc, out, err)
    assert one_line(err), err
    for w in words:
        if w.startswith("re:"):
            assert re.search(w[3:], err), err
        else:
            assert w in err, err
    return err


def tamper(db, sql, drop=()):
    """Drops the named triggers, runs sql, puts the triggers back as they were."""
    saved = [trigger_sql(db, g) for g in drop]
    sql_ok(db, "".join(f"DROP TRIGGER {g};" for g in drop) + sql + "".join(s + ";" for s in saved))


# ---- init, key, origin ------------------------------------------------------------

def test_init_makes_the_key(run):
    out = run.ok("init", "--log-origin", ORIGIN)
    m = re.search(r"transparency log (\S+), verifier key (\S+)", out)
    assert m and m.group(1) == ORIGIN
    vkey = m.group(2)
    assert re.fullmatch(re.escape(ORIGIN) + r"\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}", vkey)
    assert key(run) == vkey
    assert run.ok("log", "origin").strip() == ORIGIN
    skey = run.ok("log", "key", "export").strip()
    assert skey.startswith("PRIVATE+KEY+" + ORIGIN + "+" + vkey.split("+")[1] + "+")
    # exporting a secret is recorded
    assert "log.key.export" in sql_ok(run.db, "SELECT action FROM audit_event;")
    assert run("verify").rc == 0


def test_default_origin_and_bad_origins(run):
    out = run.ok("init")
    origin = run.ok("log", "origin").strip()
    assert origin.startswith("ansinh.") and origin.endswith("/test") and origin in out
    for bad in ["has space", "a+b", "x" * 300, ""]:
        rc, out, err = run("log", "origin", bad)
        assert rc in (1, 2) and one_line(err), (bad, err)
    assert run.ok("log", "origin", ORIGIN).strip() == ORIGIN
    assert key(run).startswith(ORIGIN + "+")


def test_origin_fixed_once_signed(log):
    origin = log.ok("log", "origin").strip()
    rc, out, err = log("log", "origin", "other.example/log")
    assert rc == 1 and one_line(err) and "can no longer change" in err
    assert log.ok("log", "origin", origin).strip() == origin


def test_rotation_keeps_old_checkpoints_checkable(log, tmp):
    old_key = key(log)
    (tmp / "before").write_text(log.ok("log", "prove", "--entry", "2"))
    new_key = log.ok("log", "key", "rotate").strip()
    assert new_key != old_key and key(log) == new_key
    keys = log.ok("log", "key", "list").splitlines()
    assert len(keys) == 2 and "active" in keys[1] and old_key in keys[0] and "active" not in keys[0]
    assert log("verify").rc == 0
    # a proof made before the rotation checks with the old key, not the new
    log.ok("log", "verify-proof", tmp / "before", "--key", old_key, db=None)
    rc, out, err = log("log", "verify-proof", tmp / "before", "--key", new_key, db=None)
    assert rc == 1 and "not signed by any known key" in err
    # the latest checkpoint is signed by the new key
    (tmp / "after").write_text(log.ok("log", "prove", "--entry", "2"))
    log.ok("log", "verify-proof", tmp / "after", "--key", new_key, db=None)


def test_key_export_import(log, run, tmp):
    skey = log.ok("log", "key", "export").strip()
    (tmp / "key").write_text(skey + "\n")
    other = tmp / "other.db"
    origin = log.ok("log", "origin").strip()
    run.ok("init", "--log-origin", "somewhere.else/log", db=other)
    rc, out, err = run("log", "key", "import", tmp / "key", db=other)
    assert rc == 1 and one_line(err) and "origin" in err
    run.ok("log", "origin", origin, db=other)
    assert run.ok("log", "key", "import", tmp / "key", db=other).strip() == key(log)
    assert run.ok("log", "key", db=other).strip() == key(log)
    rc, out, err = run("log", "key", "import", "-", db=other, input=skey + "\n")
    assert rc == 1 and "already" in err
    rc, out, err = run("log", "key", "import", "-", db=other, input="PRIVATE+KEY+x+00000000+AAAA\n")
    assert rc == 1 and one_line(err)
    rc, out, err = run("log", "key", "import", tmp / "nothing", db=other)
    assert rc == 1 and "nothing" in err


# ---- proofs ----------------------------------------------------------------------------

def test_inclusion_proof_round_trip(log, tmp):
    vkey = key(log)
    proof = log.ok("log", "prove", "--leaf", "1")
    lines = proof.splitlines()
    assert lines[:3] == ["ansinh-proof/1 inclusion", "index 1", "size 7"]
    assert lines[3].startswith("entry ") and all(l.startswith("hash ") for l in lines[4:7])
    (tmp / "p").write_text(proof)
    out = log.ok("log", "verify-proof", tmp / "p", "--key", vkey, db=None)
    assert out.startswith("ok: leaf 1 (journal entry 2) is in the log")
    assert "  amount 2000000\n" in out and "  receipt C19-000002\n" in out
    assert "  identity " in out and "Trần" not in out
    # the same through stdin, with --entry, and with a key file
    (tmp / "k").write_text(vkey + "\n")
    assert log.ok("log", "prove", "--entry", "2") == proof
    log.ok("log", "verify-proof", "-", "--key-file", tmp / "k", db=None, input=proof)
    # every leaf, and the reversal names what it reverses
    for i in range(7):
        (tmp / "p").write_text(log.ok("log", "prove", "--leaf", str(i)))
        out = log.ok("log", "verify-proof", tmp / "p", "--key", vkey, db=None)
    assert "  kind reversal\n" in out and "  reverses 3\n" in out


def test_consistency_proof_round_trip(log, tmp):
    vkey = key(log)
    (tmp / "old").write_text(log.ok("log", "checkpoint"))
    assert log.ok("log", "checkpoint") == (tmp / "old").read_text()  # nothing new: no new one
    log.ok("contribution", "add", "--donor", "1", "--amount", "700000", "--channel", "cash",
           "--campaign", "C19", "--date", "2019-10-01")
    proof = log.ok("log", "consistency", "--from", "7")
    assert proof.startswith("ansinh-proof/1 consistency\nold-size 7\nold-root ")
    (tmp / "c").write_text(proof)
    out = log.ok("log", "verify-proof", tmp / "c", "--key", vkey, "--old-checkpoint", tmp / "old",
                 db=None)
    assert "extends its tree of 7 entries" in out and "old checkpoint" in out
    # from another size the proof is fine, but it does not start at the old checkpoint
    (tmp / "c3").write_text(log.ok("log", "consistency", "--from", "3"))
    log.ok("log", "verify-proof", tmp / "c3", "--key", vkey, db=None)
    rc, out, err = log("log", "verify-proof", tmp / "c3", "--key", vkey, "--old-checkpoint",
                       tmp / "old", db=None)
    assert rc == 1 and one_line(err) and "FAILED" in err
    # --to an older checkpoint
    (tmp / "c2").write_text(log.ok("log", "consistency", "--from", "2", "--to", "7"))
    assert "\nsize 7\n" in (tmp / "c2").read_text()
    log.ok("log", "verify-proof", tmp / "c2", "--key", vkey, db=None)


def spoil(text, how):
    lines = text.split("\n")
    first_hash = next(i for i, l in enumerate(lines) if l.startswith("hash "))
    if how == "hash":
        h = lines[first_hash]
        lines[first_hash] = h[:5] + ("B" if h[5] == "A" else "A") + h[6:]
    elif how == "truncated":
        del lines[first_hash]
    elif how == "cut":
        return text[:len(text) // 2]
    elif how == "signature":
        return text[:text.index("\u2014 ")]
    elif how == "amount":
        return text  # handled by the caller
    elif how == "index":
        lines[1] = "index 2"
    return "\n".join(lines)


@pytest.mark.parametrize("how", ["hash", "truncated", "cut", "signature", "index"])
def test_spoilt_proofs_fail(log, tmp, how):
    proof = log.ok("log", "prove", "--leaf", "1")
    (tmp / "bad").write_text(spoil(proof, how))
    rc, out, err = log("log", "verify-proof", tmp / "bad", "--key", key(log), db=None)
    assert rc == 1 and one_line(err) and out == "", (how, err)


def test_proof_with_a_changed_entry_fails(log, tmp):
    import base64
    proof = log.ok("log", "prove", "--leaf", "1").split("\n")
    entry = base64.b64decode(proof[3][6:]).replace(b"amount 2000000", b"amount 2000001")
    proof[3] = "entry " + base64.b64encode(entry).decode()
    (tmp / "bad").write_text("\n".join(proof))
    rc, out, err = log("log", "verify-proof", tmp / "bad", "--key", key(log), db=None)
    assert rc == 1 and "invalid inclusion proof" in err


def test_proof_with_a_wrong_key_fails(log, run, tmp):
    run.ok("init", "--log-origin", log.ok("log", "origin").strip(), db=tmp / "x.db")
    (tmp / "p").write_text(log.ok("log", "prove", "--leaf", "0"))
    log.ok("log", "verify-proof", tmp / "p", "--key", key(log), db=None)
    other = run.ok("log", "key", db=tmp / "x.db").strip()
    rc, out, err = log("log", "verify-proof", tmp / "p", "--key", other, db=None)
    assert rc == 1 and one_line(err) and "not signed by any known key" in err
    rc, out, err = log("log", "verify-proof", tmp / "p", "--key", "not-a-key", db=None)
    assert rc == 1 and one_line(err) and "verifier key" in err


@pytest.mark.parametrize("args,code", [
    (["log", "prove", "--leaf", "7"], 1),
    (["log", "prove", "--leaf", "-1"], 2),
    (["log", "prove", "--leaf", "x"], 2),
    (["log", "prove"], 2),
    (["log", "prove", "--leaf", "1", "--entry", "2"], 2),
    (["log", "prove", "--leaf", "1", "--size", "3"], 1),
    (["log", "consistency"], 2),
    (["log", "consistency", "--from", "0"], 2),
    (["log", "consistency", "--from", "8"], 1),
    (["log", "consistency", "--from", "1", "--to", "99"], 1),
    (["log", "verify-proof"], 2),
    (["log", "verify-proof", "nothing.txt", "--key", "k"], 1),
    (["log", "tile"], 2),
    (["log", "tile", "tile/0/1"], 1),
    (["log", "tile", "tile/../../etc/passwd"], 1),
    (["log", "tile", "tile/0/001"], 1),
    (["log", "tile", "tile/entries/000.p/8"], 1),
    (["log", "lookup"], 2),
    (["log", "erase", "C19-000001"], 2),
    (["log", "erase", "C19-999999", "--reason", "x"], 1),
    (["log", "code", "C19-999999"], 1),
    (["log", "key", "frobnicate"], 2),
    (["log", "watch"], 2),
    (["log", "watch", "ftp://example.org/log", "--key", "k"], 2),
    (["log"], 2),
    (["log", "nonsense"], 2),
])
def test_bad_input(log, args, code):
    rc, out, err = log(*args)
    assert rc == code and one_line(err), (args, rc, err)


def test_tiles_through_the_cli(log):
    assert log("log", "tile", "tile/0/000.p/7").stdout_bytes == \
        b"".join(log("log", "tile", f"tile/0/000.p/{w}").stdout_bytes[32 * (w - 1):] for w in
                 range(1, 8))
    rc, out, err = log("log", "tile", "tile/0/1")
    assert "bad path" in err
    rc, out, err = log("log", "tile", "tile/0/001")
    assert "not found" in err and "size 7" in err
    bundle = log("log", "tile", "tile/entries/000.p/7").stdout_bytes
    n, at = 0, 0
    while at < len(bundle):
        size = bundle[at] << 8 | bundle[at + 1]
        assert bundle[at + 2:at + 2 + size].startswith(b"ansinh-entry/1\nid %d\n" % (n + 1))
        at += 2 + size
        n += 1
    assert n == 7
    assert log("log", "tile", "checkpoint").out == log.ok("log", "checkpoint")


# ---- export and witness ------------------------------------------------------------------

def export(run, d):
    out = run.ok("log", "export", d)
    assert "exported the log of" in out
    return d


def test_export_layout(log, tmp):
    d = export(log, tmp / "site")
    files = sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file())
    assert files == ["checkpoint", "tile/0/000.p/7", "tile/entries/000.p/7"]
    assert (d / "checkpoint").read_text() == log.ok("log", "checkpoint")
    assert (d / "tile/0/000.p/7").read_bytes() == log("log", "tile", "tile/0/000.p/7").stdout_bytes


def test_watch_directory_and_file_url(log, tmp):
    d = export(log, tmp / "site")
    state = tmp / "seen"
    vkey = key(log)
    out = log.ok("log", "watch", d, "--key", vkey, "--state", state, db=None)
    assert "first checkpoint seen: 7 entries (7 checked" in out
    assert state.read_text() == (d / "checkpoint").read_text()
    out = log.ok("log", "watch", f"file://{d}", "--key", vkey, "--state", state, db=None)
    assert "unchanged at 7" in out
    log.ok("contribution", "add", "--donor", "2", "--amount", "300000", "--channel", "cash",
           "--campaign", "C19", "--date", "2019-10-01")
    export(log, d)
    out = log.ok("log", "watch", d, "--key", vkey, "--state", state, db=None)
    assert "grew from 7 to 8 entries" in out and "1 new entries checked" in out


def test_watch_catches_a_rewritten_log(log, tmp):
    vkey = key(log)
    d = export(log, tmp / "site")
    state = tmp / "seen"
    log.ok("log", "watch", d, "--key", vkey, "--state", state, db=None)
    seen = state.read_text()
    # the operator rewrites entry 2 and rebuilds and re-signs the whole log
    # with the same key: the books and verify agree, the witness does not
    rewritten = tmp / "rewritten.db"
    skey = log.ok("log", "key", "export").strip()
    (tmp / "key").write_text(skey)
    origin = log.ok("log", "origin").strip()
    log.ok("init", "--log-origin", origin, db=rewritten)
    log.ok("log", "key", "import", tmp / "key", db=rewritten)
    log.ok("campaign", "add", "--code", "C19", "--name", "Vận động 2019", "--start", "2019-08-01",
           "--end", "2019-12-31", db=rewritten)
    log.ok("unit", "add", "--code", "X1", "--name", "Xã", db=rewritten)
    log.ok("donor", "add", "--name", "Ai đó", "--kind", "individual", "--unit", "X1", db=rewritten)
    for amount in ["1.000.000", "2.000.001", "3.000.000", "4.000.000", "500.000", "6.000.000",
                   "100", "200"]:
        log.ok("contribution", "add", "--donor", "1", "--amount", amount, "--channel", "cash",
               "--campaign", "C19", "--date", "2019-09-15", db=rewritten)
    assert log("verify", db=rewritten).rc == 0
    d2 = tmp / "site2"
    log.ok("log", "export", d2, db=rewritten)
    rc, out, err = log("log", "watch", d2, "--key", vkey, "--state", state, db=None)
    assert rc == 1 and one_line(err) and "does not extend the one seen at 7" in err
    assert state.read_text() == seen  # the state is kept as it was
    # served tiles that do not match the served checkpoint are caught too
    bad = tmp / "bad"
    shutil.copytree(d, bad)
    log.ok("contribution", "add", "--donor", "2", "--amount", "300000", "--channel", "cash",
           "--campaign", "C19", "--date", "2019-10-01")
    export(log, bad)
    t = bad / "tile/entries/000.p/8"
    t.write_bytes(t.read_bytes().replace(b"amount 300000\n", b"amount 300009\n"))
    rc, out, err = log("log", "watch", bad, "--key", vkey, "--state", state, db=None)
    assert rc == 1 and "does not hash to the log's leaf" in err
    # and a missing tile, a checkpoint under another key, a shrunken log
    (bad / "tile/entries/000.p/8").unlink()
    rc, out, err = log("log", "watch", bad, "--key", vkey, "--state", state, db=None)
    assert rc == 1 and one_line(err)
    other = tmp / "k2.db"
    log.ok("init", "--log-origin", origin, db=other)
    rc, out, err = log("log", "watch", d, "--key", log.ok("log", "key", db=other).strip(),
                       "--state", tmp / "s2", db=None)
    assert rc == 1 and "not signed by any known key" in err


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def http_server(tmp):
    """Serves tmp/site over HTTP on a free loopback port with python3 -m http.server."""
    site = tmp / "site"
    site.mkdir()
    port = free_port()
    p = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                          "--directory", str(site)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline or p.poll() is not None:
                p.kill()
                pytest.fail("python3 -m http.server did not start")
            time.sleep(0.05)
    yield site, f"http://127.0.0.1:{port}"
    p.terminate()
    p.wait(timeout=10)


def test_watch_over_http(log, tmp, http_server):
    site, url = http_server
    vkey = key(log)
    state = tmp / "seen"
    export(log, site / "log")
    out = log.ok("log", "watch", url + "/log", "--key", vkey, "--state", state, db=None)
    assert "first checkpoint seen: 7 entries" in out
    log.ok("contribution", "add", "--donor", "2", "--amount", "300000", "--channel", "cash",
           "--campaign", "C19", "--date", "2019-10-01")
    export(log, site / "log")
    out = log.ok("log", "watch", url + "/log/", "--key", vkey, "--state", state, db=None)
    assert "grew from 7 to 8 entries" in out
    rc, out, err = log("log", "watch", url + "/elsewhere", "--key", vkey, "--state", state, db=None)
    assert rc == 1 and one_line(err) and "404" in err
    rc, out, err = log("log", "watch", f"http://127.0.0.1:{free_port()}/log", "--key", vkey,
                       "--state", state, db=None)
    assert rc == 1 and one_line(err) and "cannot connect" in err


# ---- donors ------------------------------------------------------------------------------------

def test_lookup_and_erasure(log):
    code = log.ok("log", "code", "C19-000004").strip()
    assert re.fullmatch(r"C19-000004\.[A-Z2-7]{52}", code)
    out = log.ok("log", "lookup", code)
    assert out.startswith("đã được ghi nhận: journal entry 4, leaf 3")
    assert "  receipt C19-000004\n" in out and "Công ty" not in out and "0301234567" not in out
    proof = out[out.index("ansinh-proof/1"):]
    assert proof == log.ok("log", "prove", "--entry", "4")
    assert log.ok("log", "lookup", code.lower()) == out
    # the reversed one says so
    out3 = log.ok("log", "lookup", log.ok("log", "code", "C19-000003").strip())
    assert "reversed by journal entry 7" in out3
    for bad in [code[:-1] + ("A" if code[-1] != "A" else "B"), "C19-000005" + code[10:],
                "nonsense", code + "A"]:
        rc, out, err = log("log", "lookup", bad)
        assert rc == 1 and one_line(err) and "không tìm thấy" in err, bad
    before = log.ok("log", "checkpoint")
    out = log.ok("log", "erase", "C19-000004", "--reason", "Nghị định 13/2023: yêu cầu xóa")
    assert "erased" in out
    rc, out, err = log("log", "lookup", code)
    assert rc == 1 and "không tìm thấy" in err
    rc, out, err = log("log", "erase", "C19-000004", "--reason", "again")
    assert rc == 1 and "already erased" in err
    out = log.ok("verify")
    assert "1 contributions' donors were erased" in out
    assert log.ok("log", "checkpoint") == before  # nothing in the log changed
    assert "log.erase" in sql_ok(log.db, "SELECT action FROM audit_event;")


# ---- verify: tampering behind the program's back ----------------------------------------------

def test_intact(log):
    out = log.ok("verify")
    assert "ok: the transparency log holds every entry" in out


def test_consistent_rewrite_of_amount(log):
    """Entry 2 and its contribution changed together, triggers put back:
    the books agree with themselves, the log does not."""
    tamper(log.db, "UPDATE journal_entry SET amount = 200000 WHERE id = 2;"
           "UPDATE contribution SET amount = 200000 WHERE id = 2;",
           drop=["journal_no_update", "contribution_no_update"])
    verify_fails(log, "journal entry 2 does not match its leaf 1")


def test_rewrite_of_the_reversal_and_its_target(log):
    tamper(log.db, "UPDATE journal_entry SET amount = 1 WHERE id IN (3, 7);"
           "UPDATE contribution SET amount = 1 WHERE id = 3;",
           drop=["journal_no_update", "contribution_no_update"])
    verify_fails(log, "journal entry 3 does not match")


def test_receipt_number_changed(log):
    tamper(log.db, "UPDATE contribution SET receipt_no = 'C19-000099' WHERE id = 5;",
           drop=["contribution_no_update"])
    verify_fails(log, "journal entry 5 does not match")


def test_donor_swapped(log):
    """The contribution credited to another donor: the commitment no longer matches."""
    tamper(log.db, "UPDATE contribution SET donor_id = 2 WHERE id = 1;",
           drop=["contribution_no_update"])
    verify_fails(log, "journal entry 1 does not match")


def test_donor_name_changed(log):
    sql_ok(log.db, "UPDATE donor SET name = 'Người Khác' WHERE id = (SELECT donor_id FROM"
           " contribution WHERE id = 4);")
    verify_fails(log, "journal entry 4 does not match")


def test_salt_seed_changed(log):
    # the import drew the salts of entries 1-6 under one seed, stored as run 0
    assert sql_ok(log.db, "SELECT leaf, length(seed) FROM log_seed;").split() == ["0|32"]
    tamper(log.db, "UPDATE log_seed SET seed = randomblob(32) WHERE leaf = 0;",
           drop=["log_seed_keep"])
    verify_fails(log, "journal entry 1 does not match its leaf 0")


def test_salt_seed_blanked_without_erasure(log):
    sql_ok(log.db, "UPDATE log_seed SET seed = zeroblob(32) WHERE leaf = 0;")
    verify_fails(log, "contribution 1: its donor's salt is missing")


def test_salt_seed_deleted(log):
    tamper(log.db, "DELETE FROM log_seed;", drop=["log_seed_no_delete"])
    verify_fails(log, "contribution 1: its donor's salt is missing")


def test_salt_written_over_a_seed(log):
    sql_ok(log.db, "INSERT INTO log_salt(n, salts) VALUES (0, CAST(zeroblob(32) || randomblob(32)"
           " AS BLOB));")
    verify_fails(log, "journal entry 2 does not match its leaf 1")


def test_erasure_writes_out_the_other_salts_of_its_run(log):
    """Erasing a donor whose salt comes from a stored seed: the run's other
    contributions keep their salts (and verification codes), written out
    one by one; the seed is blanked, so the erased salt is gone."""
    receipts = [f"C19-00000{i}" for i in range(1, 7)]
    codes = {r: log.ok("log", "code", r).strip() for r in receipts}
    log.ok("log", "erase", "C19-000002", "--reason", "Nghị định 13/2023")
    assert sql_ok(log.db, "SELECT hex(seed) FROM log_seed WHERE leaf = 0;").strip() == "0" * 64
    # salts of entries 1, 3, 4, 5, 6 written out; entry 2's slot (and 7, a reversal) blank
    salts = sql_ok(log.db, "SELECT hex(salts) FROM log_salt WHERE n = 0;").strip()
    slots = [salts[i:i + 64] for i in range(0, len(salts), 64)]
    assert len(slots) == 6 and slots[1] == "0" * 64
    assert all(s != "0" * 64 for k, s in enumerate(slots) if k != 1)
    for r in receipts:
        if r == "C19-000002":
            rc, out, err = log("log", "code", r)
            assert rc == 1 and "erased" in err
            rc, out, err = log("log", "lookup", codes[r])
            assert rc == 1 and "không tìm thấy" in err
        else:
            assert log.ok("log", "code", r).strip() == codes[r]
            assert log.ok("log", "lookup", codes[r]).startswith("đã được ghi nhận")
    assert "1 contributions' donors were erased" in log.ok("verify")
    # another donor of the same run: its salt written out is blanked
    log.ok("log", "erase", "C19-000005", "--reason", "Nghị định 13/2023")
    assert "2 contributions' donors were erased" in log.ok("verify")
    # a salt written out is checked like any other
    sql_ok(log.db, "UPDATE log_salt SET salts = CAST(substr(salts, 1, 96) || randomblob(32) ||"
           " substr(salts, 129) AS BLOB) WHERE n = 0;")
    verify_fails(log, "journal entry 4 does not match its leaf 3")


def test_leaf_hash_changed(log):
    # the leaf hash of entry 4 is the fourth bottom hash of its tile row
    tamper(log.db, "UPDATE log_tile SET hashes = CAST(substr(hashes, 1, 96) || randomblob(32) ||"
           " substr(hashes, 129) AS BLOB) WHERE level = 0 AND n = 0;",
           drop=["log_tile_append_only"])
    verify_fails(log, "journal entry 4 does not match its leaf 3")


def test_interior_hash_changed(tree, tmp):
    # a tile row keeps the hashes of subtrees of 32 to 128 leaves ("upper");
    # 65 entries make three of them
    f = write_csv(tmp / "b.csv", HEADER + ",bank_ref,tax_code,goods", [
        ["15/09/2019", "Nguyễn Văn Một", "individual", "X1", "%d.000" % (100 + i), "cash", "",
         "", ""] for i in range(65)])
    tree.ok("import", "contributions", f)
    assert tree("verify").rc == 0
    tamper(tree.db, "UPDATE log_tile SET upper = randomblob(32) WHERE level = 0 AND n = 0;",
           drop=["log_tile_append_only"])
    verify_fails(tree, "stored hash of entries 1 to 32 (level 5) was changed")


def test_last_checkpoint_signature_deleted(log):
    tamper(log.db, "UPDATE log_checkpoint SET note = substr(note, 1, instr(note, char(10) ||"
           " char(10))) WHERE id = (SELECT max(id) FROM log_checkpoint);",
           drop=["log_checkpoint_no_update"])
    verify_fails(log, "re:checkpoint \\d+ \\(size 7\\)", "no signature lines")


def test_verifier_key_swapped(log, tmp):
    """The verifier key on record swapped for another log's (to make someone
    else's checkpoints pass): the signing key no longer matches it."""
    other = tmp / "o.db"
    log.ok("init", "--log-origin", log.ok("log", "origin").strip(), db=other)
    vkey = log.ok("log", "key", db=other).strip()
    tamper(log.db, f"UPDATE log_key SET vkey = '{vkey}' WHERE id = 1;", drop=["log_key_keep"])
    verify_fails(log, "log key 1")


def test_entry_and_its_leaf_deleted(log):
    tamper(log.db, "PRAGMA foreign_keys=OFF; DELETE FROM contribution WHERE id = 4;"
           "DELETE FROM journal_entry WHERE id = 4;",
           drop=["journal_no_delete", "contribution_no_delete"])
    verify_fails(log, "journal entry 4 is missing")


def test_last_reversal_deleted(log):
    tamper(log.db, "PRAGMA foreign_keys=OFF; DELETE FROM journal_entry WHERE id = 7;",
           drop=["journal_no_delete"])
    verify_fails(log, "journal entry 7 is missing")


def test_whole_log_deleted(log):
    tamper(log.db, "DELETE FROM log_tile; DELETE FROM log_salt; DELETE FROM log_seed;",
           drop=["log_tile_no_delete", "log_salt_no_delete", "log_seed_no_delete"])
    verify_fails(log, "re:checkpoint \\d+ covers \\d+ entries, the transparency log holds 0")


def test_entry_written_by_hand(log):
    sql_ok(log.db, "INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at,"
           " debit_account, credit_account, amount, actor) VALUES (8, 2, 'transfer', '2019-10-01',"
           " '2019-12-01T03:00:00Z', 1, 2, 500, 'x');")
    verify_fails(log, "journal entry 8 is not in the transparency log")


@pytest.mark.parametrize("guard", ["log_tile_append_only", "log_tile_no_delete", "log_salt_keep",
                                   "log_salt_no_delete", "log_seed_keep", "log_seed_no_delete",
                                   "log_erased_no_update",
                                   "log_erased_no_delete", "log_key_keep", "log_key_no_delete",
                                   "log_checkpoint_no_update", "log_checkpoint_no_delete"])
def test_log_guard_dropped(log, guard):
    sql_ok(log.db, f"DROP TRIGGER {guard};")
    verify_fails(log, guard)


def test_log_tables_are_append_only(log):
    # an erasure writes out the salts of its run: log_salt has a row
    log.ok("log", "erase", "C19-000002", "--reason", "Nghị định 13/2023")
    for sql in ["UPDATE log_tile SET hashes = zeroblob(32);", "DELETE FROM log_tile;",
                "DELETE FROM log_checkpoint;", "UPDATE log_checkpoint SET size = 1;",
                "DELETE FROM log_key;", "UPDATE log_key SET vkey = 'x';",
                "UPDATE log_salt SET salts = zeroblob(32);", "DELETE FROM log_salt;",
                "UPDATE log_seed SET seed = randomblob(32);", "UPDATE log_seed SET leaf = 7;",
                "DELETE FROM log_seed;"]:
        rc, out, err = sqlite(log.db, sql, "-bail")
        assert rc != 0, sql
    assert log("verify").rc == 0


def test_demo_is_logged(demo_db, run):
    copy_db(demo_db, run.db)
    out = run.ok("verify")
    # the money in one batch, then each goods movement, each of the fund's 32 handovers and
    # disbursements (signed as every single write is; the last one is the demo's last write): 39
    assert "ok: the transparency log holds every entry; 39 checkpoints" in out


# ---- Go's reference implementation ----------------------------------------------------------

@pytest.mark.skipif(shutil.which("go") is None or
                    not Path("/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog").is_dir(),
                    reason="needs golang-go and golang-golang-x-mod-dev")
def test_go_sumdb_agrees():
    env = dict(os.environ)
    env["ANSINH_BIN"] = os.environ.get("ANSINH_BIN") or str(REPO / "build" / "ansinh")
    p = subprocess.run(["sh", str(REPO / "tests/interop/run.sh")], capture_output=True, text=True,
                       env=env, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "interop: ok" in p.stdout


def test_database_from_before_the_log(log):
    """A database whose journal predates the log (its log tables empty, no
    checkpoint): verify says so, and the next write logs every entry first."""
    guards = ["log_tile_no_delete", "log_salt_no_delete", "log_seed_no_delete",
              "log_checkpoint_no_delete",
              "log_key_no_delete"]
    tamper(log.db, "DELETE FROM log_tile; DELETE FROM log_salt; DELETE FROM log_seed;"
           " DELETE FROM log_checkpoint;"
           "DELETE FROM log_key; DELETE FROM setting WHERE key = 'log.origin';", drop=guards)
    verify_fails(log, "journal entry 1 is not in the transparency log, which is empty",
                 "ansinh log checkpoint")
    log.ok("contribution", "add", "--donor", "2", "--amount", "300000", "--channel", "cash",
           "--campaign", "C19", "--date", "2019-10-01")
    out = log.ok("verify")
    assert "the latest of size 8" in out
    assert log.ok("log", "lookup", log.ok("log", "code", "C19-000001").strip()).startswith(
        "đã được ghi nhận: journal entry 1")
