/* core/verify: books_verify passes on books written through the API and
 * names the first problem after rows are changed behind the program's back
 * (triggers dropped, checks or foreign keys switched off, REPLACE). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "store/store.h"

#define NOW "2024-11-01T03:00:00Z"

static const struct actor actor = {"test"};

struct fx {
	char dir[256];
	char path[300];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *base = getenv("TMPDIR");
	setenv("ANSINH_NOW", NOW, 1);
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-verify-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	*state = f;
	return 0;
}

static void drop_db(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm"};
	char p[400];
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		unlink(p);
	}
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rmdir(f->dir);
	free(f);
	return 0;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct err e = {0};
	if (db_exec(db, sql, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* Books at `path`: campaign C1, unit TV, donor 1;
 *   1: cash 100   2: transfer 200   3: reversal of 2   4: goods 50 */
static struct db *build_books(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	struct buf receipt = BUF_INIT;
	int64_t campaign, unit, donor, id, rev;
	drop_db(path);
	if (db_open(&db, path, DB_OPEN_CREATE, &e) < 0)
		fail_msg("db_open: %s", e.msg);
	struct campaign_input c = {.code = "C1", .name = "C", .start = "2024-10-01",
				   .end = "2024-12-31"};
	struct donor_input d = {.name = "Lê Văn Tám", .kind = "individual", .unit_code = "TV"};
	if (campaign_add(db, &actor, &c, &campaign, &e) < 0 ||
	    unit_add(db, &actor, "TV", "Trà Vinh", NULL, NULL, &unit, &e) < 0 ||
	    donor_add(db, &actor, &d, &donor, &e) < 0)
		fail_msg("setup: %s", e.msg);
	struct contribution_input in = {.campaign_id = campaign, .donor_id = donor, .channel = "cash",
					.amount = 100, .date = "2024-11-01"};
	if (contribution_add(db, &actor, &in, &id, &receipt, &e) < 0)
		fail_msg("add: %s", e.msg);
	in.channel = "transfer";
	in.amount = 200;
	if (contribution_add(db, &actor, &in, &id, &receipt, &e) < 0 ||
	    contribution_reverse(db, &actor, id, "sai", &rev, &e) < 0)
		fail_msg("add/reverse: %s", e.msg);
	in.channel = "goods";
	in.amount = 50;
	in.goods = "Gạo";
	if (contribution_add(db, &actor, &in, &id, &receipt, &e) < 0)
		fail_msg("goods: %s", e.msg);
	assert_int_equal(id, 4);
	buf_free(&receipt);
	return db;
}

static void test_good_books(void **state)
{
	struct fx *f = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/good.db", f->dir);
	struct db *db = build_books(path);
	struct verify_result res;
	struct err e = {0};
	if (books_verify(db, &res, &e) < 0)
		fail_msg("books_verify: %s", e.msg);
	assert_int_equal(res.entries, 4);
	assert_int_equal(res.balance[ACC_CASH], 100);
	assert_int_equal(res.balance[ACC_BANK], 0);
	assert_int_equal(res.balance[ACC_PAYROLL], 0);
	assert_int_equal(res.balance[ACC_GOODS], 50);
	assert_int_equal(res.balance[ACC_CONTRIBUTIONS], -150);
	db_close(db);
	drop_db(path);
}

static void test_empty_books(void **state)
{
	struct fx *f = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	drop_db(path);
	struct db *db = NULL;
	struct err e = {0};
	assert_int_equal(db_open(&db, path, DB_OPEN_CREATE, &e), 0);
	struct verify_result res;
	assert_int_equal(books_verify(db, &res, &e), 0);
	assert_int_equal(res.entries, 0);
	db_close(db);
	drop_db(path);
}

#define GUARD_JU "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal_entry BEGIN SELECT" \
	" RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;"
#define GUARD_CU "CREATE TRIGGER contribution_no_update BEFORE UPDATE ON contribution BEGIN" \
	" SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;"
#define GUARD_CD "CREATE TRIGGER contribution_no_delete BEFORE DELETE ON contribution BEGIN" \
	" SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;"

struct tamper {
	const char *name;
	const char *sql;
	const char *want; /* the whole message, or its start when it ends in "..." */
};

static const struct tamper tampers[] = {
	{"a guard dropped", "DROP TRIGGER journal_no_update;",
	 "the append-only guard 'journal_no_update' is missing from the database"},
	{"a guard dropped and the row changed",
	 "DROP TRIGGER journal_no_update; UPDATE journal_entry SET amount = 150 WHERE id = 1;",
	 "the append-only guard 'journal_no_update' is missing from the database"},
	{"the REPLACE guard dropped", "DROP TRIGGER audit_no_replace;",
	 "the append-only guard 'audit_no_replace' is missing from the database"},
	{"another guard dropped", "DROP TRIGGER contribution_no_delete;",
	 "the append-only guard 'contribution_no_delete' is missing from the database"},
	{"entry amount changed, guard put back",
	 "DROP TRIGGER journal_no_update; UPDATE journal_entry SET amount = 150 WHERE id = 1;"
	 GUARD_JU,
	 "contribution 1 does not agree with its journal entry (amount, campaign, unit, or an "
	 "account that does not fit its channel)"},
	{"contribution amount changed",
	 "DROP TRIGGER contribution_no_update; UPDATE contribution SET amount = 101 WHERE id = 1;"
	 GUARD_CU,
	 "contribution 1 does not agree with its journal entry..."},
	{"channel changed",
	 "DROP TRIGGER contribution_no_update; UPDATE contribution SET channel = 'transfer'"
	 " WHERE id = 1;" GUARD_CU,
	 "contribution 1 does not agree with its journal entry..."},
	{"entry replaced (INSERT OR REPLACE fires no trigger)",
	 "INSERT OR REPLACE INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at,"
	 " debit_account, credit_account, amount, unit_id, actor) VALUES (1, 1, 'contribution',"
	 " '2024-11-01', '" NOW "', 1, 5, 999, 1, 'test');",
	 "contribution 1 does not agree with its journal entry..."},
	{"reversal amount changed",
	 "DROP TRIGGER journal_no_update; UPDATE journal_entry SET amount = 199 WHERE id = 3;"
	 GUARD_JU,
	 "journal entry 3 does not mirror the entry it reverses"},
	{"reversal accounts not swapped",
	 "DROP TRIGGER journal_no_update; UPDATE journal_entry SET debit_account = 1 WHERE id = 3;"
	 GUARD_JU,
	 "journal entry 3 does not mirror the entry it reverses"},
	{"contribution row deleted",
	 "DROP TRIGGER contribution_no_delete; DELETE FROM contribution WHERE id = 4;" GUARD_CD,
	 "journal entry 4 records a contribution that is missing"},
	{"unknown account (foreign keys off)",
	 "PRAGMA foreign_keys = OFF; DROP TRIGGER journal_no_update;"
	 " UPDATE journal_entry SET debit_account = 7 WHERE id = 1;" GUARD_JU
	 " PRAGMA foreign_keys = ON;",
	 "journal entry 1 names accounts 7 and 5"},
	{"amount zero (checks off)",
	 "PRAGMA ignore_check_constraints = ON; DROP TRIGGER journal_no_update;"
	 " UPDATE journal_entry SET amount = 0 WHERE id = 1;" GUARD_JU
	 " PRAGMA ignore_check_constraints = OFF;",
	 "journal entry 1 moves 0 đồng; an entry moves a positive amount"},
	{"kind without a reversal link (checks off)",
	 "PRAGMA ignore_check_constraints = ON; DROP TRIGGER journal_no_update;"
	 " UPDATE journal_entry SET kind = 'reversal' WHERE id = 1;" GUARD_JU
	 " PRAGMA ignore_check_constraints = OFF;",
	 "journal entry 1: kind 'reversal' does not match its reversal link"},
	{"income without a contribution",
	 "INSERT INTO journal_entry(id, campaign_id, kind, entry_date, recorded_at, debit_account,"
	 " credit_account, amount, unit_id, actor) VALUES (5, 1, 'transfer', '2024-11-02', '" NOW
	 "', 1, 5, 10, 1, 'test');",
	 "campaign C1: ledger income differs from the sum of its contributions"},
	{"dangling foreign key",
	 "PRAGMA foreign_keys = OFF; UPDATE donor SET unit_id = 999 WHERE id = 1;"
	 " PRAGMA foreign_keys = ON;",
	 "donor row 1 refers to a missing unit row"},
};

static void test_tampering(void **state)
{
	struct fx *f = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/tamper.db", f->dir);
	for (size_t i = 0; i < sizeof tampers / sizeof *tampers; i++) {
		const struct tamper *t = &tampers[i];
		struct db *db = build_books(path);
		struct verify_result res;
		struct err e = {0};
		assert_int_equal(books_verify(db, &res, &e), 0);
		exec_ok(db, t->sql);
		int rc = books_verify(db, &res, &e);
		size_t n = strlen(t->want);
		int prefix = n > 3 && strcmp(t->want + n - 3, "...") == 0;
		if (rc != -1 || (prefix ? strncmp(e.msg, t->want, n - 3) : strcmp(e.msg, t->want)) != 0)
			fail_msg("%s: rc %d '%s', want '%s'", t->name, rc, e.msg, t->want);
		db_close(db);
		drop_db(path);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_good_books),
		T(test_empty_books),
		T(test_tampering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
