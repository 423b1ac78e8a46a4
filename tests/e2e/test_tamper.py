"""7. Tamper detection: rows changed behind the program's back with the
sqlite3 shell make `ansinh verify` exit 1 naming the problem.

The journal is one row per double-entry transfer (debit_account,
credit_account, amount); a contribution shares its journal entry's id.  A
"posting amount" of the original brief is the entry's amount here."""
import re

import pytest

from e2e_helpers import HEADER, copy_db, one_line, sql_ok, trigger_sql, write_csv

GUARDS = ["journal_no_update", "journal_no_delete", "contribution_no_update",
          "contribution_no_delete", "audit_no_update", "audit_no_delete"]


@pytest.fixture
def books(tree, tmp):
    """C19 with four contributions (ids 1-4) and contribution 3 reversed
    (the reversal is journal entry 5)."""
    f = write_csv(tmp / "b.csv", HEADER + ",bank_ref", [
        ["15/09/2019", "Nguyễn Văn Một", "individual", "X1", "1.000.000", "transfer", "FT1"],
        ["16/09/2019", "Trần Thị Hai", "individual", "X2", "2.000.000", "transfer", "FT2"],
        ["17/09/2019", "Lê Văn Ba", "individual", "X3", "3.000.000", "cash", ""],
        ["18/09/2019", "Công ty Bốn", "business", "D2", "4.000.000", "transfer", "FT4"],
    ])
    tree.ok("import", "contributions", f)
    tree.ok("contribution", "reverse", "3", "--reason", "ghi nhầm")
    assert tree("verify").rc == 0
    ids = sql_ok(tree.db, "SELECT id, kind, coalesce(reverses_id, '') FROM journal_entry ORDER BY id;").split()
    assert ids == ["1|contribution|", "2|contribution|", "3|contribution|", "4|contribution|",
                   "5|reversal|3"], ids
    return tree


def tamper(db, sql, drop=(), recreate=True):
    """Drops the named guards, runs sql, and puts the guards back exactly as
    they were (as someone covering their tracks would)."""
    saved = [trigger_sql(db, g) for g in drop]
    script = "".join(f"DROP TRIGGER {g};" for g in drop) + sql
    if recreate:
        script += "".join(s + ";" for s in saved)
    sql_ok(db, script)


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


def test_intact_books_verify(books):
    rc, out, err = books("verify")
    assert rc == 0 and err == ""
    assert "ok" in out


def test_entry_amount_changed(books):
    tamper(books.db, "UPDATE journal_entry SET amount = amount + 1000 WHERE id = 2;",
           drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) 2\b")


def test_entry_amount_changed_guard_left_dropped(books):
    tamper(books.db, "UPDATE journal_entry SET amount = 1 WHERE id = 2;",
           drop=["journal_no_update"], recreate=False)
    err = verify_fails(books)
    assert "journal_no_update" in err or re.search(r"\b2\b", err), err


def test_contribution_amount_changed(books):
    tamper(books.db, "UPDATE contribution SET amount = 20000000 WHERE id = 2;",
           drop=["contribution_no_update"])
    verify_fails(books, r"re:contribution 2\b")


def test_contribution_amount_changed_guard_left_dropped(books):
    tamper(books.db, "UPDATE contribution SET amount = 20000000 WHERE id = 2;",
           drop=["contribution_no_update"], recreate=False)
    verify_fails(books, "contribution_no_update")


def test_entry_unit_changed(books):
    tamper(books.db, "UPDATE journal_entry SET unit_id = (SELECT id FROM unit WHERE code='P') WHERE id = 4;",
           drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) 4\b")


def test_entry_campaign_changed(books):
    tamper(books.db, "UPDATE journal_entry SET campaign_id = (SELECT id FROM campaign WHERE code='C17')"
           " WHERE id = 1;", drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) 1\b")


def test_entry_income_account_changed(books):
    """The credit side moved off the contributions (income) account."""
    tamper(books.db, "UPDATE journal_entry SET credit_account = 3 WHERE id = 4;", drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) 4\b")


@pytest.mark.bug("verify does not check the debit account against the contribution's channel")
def test_entry_debit_account_does_not_match_channel(books):
    """A bank transfer (contribution 1, channel transfer) re-booked as cash:
    the money 'moves' from the bank account to the cash box.  BUG: verify
    passes although the contribution row says 'transfer' (bank) and its
    entry debits cash; its message even says it checks the account."""
    tamper(books.db, "UPDATE journal_entry SET debit_account = 1 WHERE id = 1;", drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) 1\b")


def test_reversal_amount_changed(books):
    tamper(books.db, "UPDATE journal_entry SET amount = 1 WHERE id = 5;", drop=["journal_no_update"])
    verify_fails(books, r"re:journal entry 5\b")


def test_reversal_pointed_elsewhere(books):
    tamper(books.db, "UPDATE journal_entry SET reverses_id = 4 WHERE id = 5;", drop=["journal_no_update"])
    verify_fails(books, r"re:(journal entry|contribution) [45]\b")


def test_contribution_row_deleted(books):
    tamper(books.db, "DELETE FROM contribution WHERE id = 2;", drop=["contribution_no_delete"])
    verify_fails(books, r"re:journal entry 2\b", "missing")


def test_journal_entry_deleted(books):
    tamper(books.db, "PRAGMA foreign_keys=OFF; DELETE FROM journal_entry WHERE id = 4;",
           drop=["journal_no_delete"])
    verify_fails(books, r"re:contribution 4\b")


def test_reversal_deleted(books):
    """Deleting the (last) reversal entry brings contribution 3 back into the
    totals, and the books agree with themselves again."""
    tamper(books.db, "PRAGMA foreign_keys=OFF; DELETE FROM journal_entry WHERE id = 5;",
           drop=["journal_no_delete"])
    verify_fails(books, r"re:journal entry 5\b")


@pytest.mark.parametrize("guard", GUARDS)
def test_missing_guard_named(books, guard):
    sql_ok(books.db, f"DROP TRIGGER {guard};")
    verify_fails(books, guard)


def test_every_guard_of_the_append_only_tables(books, tmp):
    """Whatever triggers protect the journal, the contributions and the audit
    trail (new ones included), dropping any one of them fails verify."""
    guards = sql_ok(books.db, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name IN"
                    " ('journal_entry','contribution','audit_event') ORDER BY name;").split()
    assert set(GUARDS) <= set(guards)
    pristine = tmp / "pristine.db"
    copy_db(books.db, pristine)
    for g in guards:
        copy_db(pristine, books.db)
        sql_ok(books.db, f"DROP TRIGGER {g};")
        verify_fails(books, g)


def test_orphan_contribution_row(books):
    """A contribution inserted with foreign keys off, without its entry."""
    sql_ok(books.db, "PRAGMA foreign_keys=OFF;"
           "INSERT INTO contribution(id, campaign_id, donor_id, unit_id, channel, amount, contrib_date,"
           " receipt_no) VALUES (999, 2, 1, 3, 'cash', 5000000, '2019-10-01', 'C19-999999');")
    verify_fails(books, r"re:contribution 999\b")


def test_orphan_contribution_entry(books):
    """A contribution entry without its contribution row."""
    sql_ok(books.db, "INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at,"
           " debit_account, credit_account, amount, unit_id, actor)"
           " VALUES (77, 2, 'contribution', '2019-10-01', '2019-12-01T03:00:00Z', 1, 5, 5000000, 3, 'x');")
    verify_fails(books, r"re:journal entry 77\b")


def test_entry_referring_to_missing_campaign(books):
    """An entry inserted with foreign keys off, naming a campaign that does
    not exist (a transfer between asset accounts, so no total changes)."""
    sql_ok(books.db, "PRAGMA foreign_keys=OFF;"
           "INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at, debit_account,"
           " credit_account, amount, actor) VALUES (88, 42, 'transfer', '2019-10-01',"
           " '2019-12-01T03:00:00Z', 1, 2, 500, 'x');")
    verify_fails(books, "journal_entry", "campaign")


def test_consistent_rewrite_of_entry_and_contribution(books):
    """Entry 2 and contribution 2 changed together, guards put back: the
    books alone agree with themselves; only the log can tell."""
    tamper(books.db, "UPDATE journal_entry SET amount = 200000 WHERE id = 2;"
           "UPDATE contribution SET amount = 200000 WHERE id = 2;",
           drop=["journal_no_update", "contribution_no_update"])
    verify_fails(books, r"re:\b2\b")


def test_contribution_erased_with_its_entry(books):
    tamper(books.db, "PRAGMA foreign_keys=OFF; DELETE FROM contribution WHERE id = 4;"
           "DELETE FROM journal_entry WHERE id = 4;",
           drop=["journal_no_delete", "contribution_no_delete"])
    verify_fails(books, r"re:\b4\b")
