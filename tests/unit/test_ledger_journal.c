/* ledger/journal: what one entry may move, consecutive ids (with and
 * without the caller's next_id), reversals, and the append-only triggers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "ledger/journal.h"
#include "store/db.h"
#include "store/model.h"
#include "store/store.h"

#define NOW "2024-03-01T01:02:03Z"

struct fx {
	char dir[256];
	char path[300];
	struct db *db;
};

static void exec_ok(struct db *db, const char *sql)
{
	struct err e = {0};
	if (db_exec(db, sql, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -999;
	if (db_scalar_i64(db, sql, NULL, -1, &v, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

/* A fresh database with one campaign (id 1) and one unit (id 1). */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	const char *base = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/ansinh-journal-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE, &e) < 0) {
		fprintf(stderr, "db_open: %s\n", e.msg);
		return -1;
	}
	exec_ok(f->db, "INSERT INTO campaign(id, code, name, start_date, end_date, created_at)"
		       " VALUES (1, 'C1', 'Campaign', '2024-01-01', '2024-12-31', '" NOW "');"
		       "INSERT INTO unit(id, code, name, kind, created_at)"
		       " VALUES (1, 'TV', 'Trà Vinh', 'province', '" NOW "');");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	static const char *const sfx[] = {"", "-wal", "-shm"};
	char p[400];
	db_close(f->db);
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct entry_row entry(int debit, int credit, int64_t amount)
{
	return (struct entry_row){
		.campaign_id = 1,
		.kind = "contribution",
		.entry_date = "2024-03-01",
		.debit_account = debit,
		.credit_account = credit,
		.amount = amount,
		.unit_id = 1,
		.actor = "test",
	};
}

struct check_case {
	int debit, credit;
	int64_t amount;
	const char *want; /* NULL = accepted */
};

static const struct check_case check_cases[] = {
	{ACC_CASH, ACC_CONTRIBUTIONS, 1, NULL},
	{ACC_BANK, ACC_CONTRIBUTIONS, MONEY_ENTRY_MAX, NULL},
	{ACC_CONTRIBUTIONS, ACC_GOODS, 500, NULL},
	{ACC_CASH, ACC_CONTRIBUTIONS, 0, "ledger: an entry moves a positive amount, not 0"},
	{ACC_CASH, ACC_CONTRIBUTIONS, -1, "ledger: an entry moves a positive amount, not -1"},
	{ACC_CASH, ACC_CONTRIBUTIONS, INT64_MIN,
	 "ledger: an entry moves a positive amount, not -9223372036854775808"},
	{ACC_CASH, ACC_CONTRIBUTIONS, MONEY_ENTRY_MAX + 1,
	 "ledger: 1000000000000001 đồng is more than one entry may move (1000000000000000)"},
	{ACC_CASH, ACC_CONTRIBUTIONS, INT64_MAX,
	 "ledger: 9223372036854775807 đồng is more than one entry may move (1000000000000000)"},
	{ACC_CASH, ACC_CASH, 100, "ledger: debit and credit are the same account 1"},
	{ACC_CONTRIBUTIONS, ACC_CONTRIBUTIONS, 100, "ledger: debit and credit are the same account 5"},
	{0, ACC_CONTRIBUTIONS, 100, "ledger: unknown account 0"},
	{6, ACC_CONTRIBUTIONS, 100, "ledger: unknown account 6"},
	{ACC_CASH, -1, 100, "ledger: unknown account -1"},
	{ACC_CASH, 6, 100, "ledger: unknown account 6"},
	{0, 0, 100, "ledger: unknown account 0"},
	{0, 7, 0, "ledger: an entry moves a positive amount, not 0"}, /* amount checked first */
};

static void test_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof check_cases / sizeof *check_cases; i++) {
		const struct check_case *c = &check_cases[i];
		struct entry_row en = entry(c->debit, c->credit, c->amount);
		struct err e = {0};
		int rc = journal_check(&en, &e);
		if (c->want == NULL) {
			if (rc != 0)
				fail_msg("case %zu refused: %s", i, e.msg);
		} else if (rc != -1 || strcmp(e.msg, c->want) != 0) {
			fail_msg("case %zu: rc %d '%s', want '%s'", i, rc, e.msg, c->want);
		}
	}
}

static void test_effect(void **state)
{
	(void)state;
	struct entry_row en = entry(ACC_BANK, ACC_CONTRIBUTIONS, 700);
	assert_int_equal(journal_effect(&en, ACC_BANK), 700);
	assert_int_equal(journal_effect(&en, ACC_CONTRIBUTIONS), -700);
	assert_int_equal(journal_effect(&en, ACC_CASH), 0);
	assert_int_equal(journal_effect(&en, 0), 0);
}

/* Without next_id each post asks the database: ids 1, 2, 3. */
static void test_post_consecutive(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(db_begin(f->db, &e), 0);
	for (int i = 1; i <= 3; i++) {
		struct entry_row en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 100 * i);
		if (journal_post(f->db, &en, NOW, NULL, &e) < 0)
			fail_msg("post: %s", e.msg);
		assert_int_equal(en.id, i);
		assert_string_equal(en.recorded_at, NOW);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 3);
	assert_int_equal(scalar(f->db, "SELECT sum(amount) FROM journal_entry"), 600);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry WHERE recorded_at = '"
				NOW "' AND actor = 'test' AND unit_id = 1 AND reverses_id IS NULL"), 3);

	/* a stored entry reads back field for field */
	struct entry_row got;
	struct buf strings = BUF_INIT;
	assert_int_equal(store_journal_get(f->db, 2, &got, &strings, &e), 1);
	assert_int_equal(got.id, 2);
	assert_int_equal(got.amount, 200);
	assert_int_equal(got.debit_account, ACC_CASH);
	assert_int_equal(got.credit_account, ACC_CONTRIBUTIONS);
	assert_string_equal(got.kind, "contribution");
	assert_string_equal(got.entry_date, "2024-03-01");
	assert_string_equal(got.memo, "");
	assert_int_equal(store_journal_get(f->db, 99, &got, &strings, &e), 0);
	buf_free(&strings);
}

/* With next_id: 0 means "ask once", then it is carried and advanced. */
static void test_post_next_id(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(db_begin(f->db, &e), 0);
	struct entry_row en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 5);
	assert_int_equal(journal_post(f->db, &en, NOW, NULL, &e), 0);
	assert_int_equal(en.id, 1);
	int64_t next = 0;
	for (int i = 0; i < 5; i++) {
		en = entry(ACC_BANK, ACC_CONTRIBUTIONS, 10 + i);
		assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), 0);
		assert_int_equal(en.id, 2 + i);
		assert_int_equal(next, 3 + i);
	}
	/* a gap is refused, before anything is written: entry i is leaf i - 1
	 * of the transparency log, so the ids run without gaps */
	next = 100;
	en = entry(ACC_BANK, ACC_CONTRIBUTIONS, 1);
	assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), -1);
	assert_non_null(strstr(e.msg, "journal entry 100 would be leaf 99 of a log of 6 leaves"));
	assert_int_equal(next, 100);
	/* a stale next_id can never overwrite an entry */
	err_clear(&e);
	next = 3;
	en = entry(ACC_BANK, ACC_CONTRIBUTIONS, 1);
	assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), -1);
	assert_non_null(strstr(e.msg, "journal entry 3 would be leaf 2 of a log of 6 leaves"));
	assert_int_equal(next, 3);
	assert_int_equal(scalar(f->db, "SELECT amount FROM journal_entry WHERE id = 3"), 11);
	/* and a refused entry takes no id */
	err_clear(&e);
	next = 7;
	en = entry(ACC_BANK, ACC_BANK, 1);
	assert_int_equal(journal_post(f->db, &en, NOW, &next, &e), -1);
	assert_int_equal(next, 7);
	err_clear(&e);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 6);
	assert_int_equal(scalar(f->db, "SELECT max(id) FROM journal_entry"), 6);
}

/* The next id follows the largest, also after a rolled-back transaction. */
static void test_post_after_rollback(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(db_begin(f->db, &e), 0);
	struct entry_row en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 5);
	assert_int_equal(journal_post(f->db, &en, NOW, NULL, &e), 0);
	db_rollback(f->db);
	assert_int_equal(db_begin(f->db, &e), 0);
	en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 6);
	assert_int_equal(journal_post(f->db, &en, NOW, NULL, &e), 0);
	assert_int_equal(en.id, 1);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void test_reverse(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(db_begin(f->db, &e), 0);
	struct entry_row en = entry(ACC_BANK, ACC_CONTRIBUTIONS, 250000);
	assert_int_equal(journal_post(f->db, &en, NOW, NULL, &e), 0);
	struct entry_row other = entry(ACC_CASH, ACC_CONTRIBUTIONS, 1);
	assert_int_equal(journal_post(f->db, &other, NOW, NULL, &e), 0);
	int64_t rev = 0;
	if (journal_reverse(f->db, en.id, "2024-03-02", "checker", "wrong amount",
			    "2024-03-02T00:00:00Z", &rev, &e) < 0)
		fail_msg("reverse: %s", e.msg);
	assert_int_equal(rev, 3);
	assert_int_equal(db_commit(f->db, &e), 0);

	struct entry_row got;
	struct buf strings = BUF_INIT;
	assert_int_equal(store_journal_get(f->db, rev, &got, &strings, &e), 1);
	assert_string_equal(got.kind, "reversal");
	assert_int_equal(got.reverses_id, en.id);
	assert_int_equal(got.debit_account, ACC_CONTRIBUTIONS); /* swapped */
	assert_int_equal(got.credit_account, ACC_BANK);
	assert_int_equal(got.amount, 250000);
	assert_int_equal(got.campaign_id, 1);
	assert_int_equal(got.unit_id, 1);
	assert_string_equal(got.entry_date, "2024-03-02");
	assert_string_equal(got.actor, "checker");
	assert_string_equal(got.memo, "wrong amount");
	assert_string_equal(got.recorded_at, "2024-03-02T00:00:00Z");
	buf_free(&strings);
	/* the pair nets to zero on both accounts */
	assert_int_equal(scalar(f->db, "SELECT sum(CASE WHEN debit_account = 2 THEN amount"
				" WHEN credit_account = 2 THEN -amount ELSE 0 END) FROM journal_entry"), 0);

	assert_int_equal(db_begin(f->db, &e), 0);
	int64_t again = 0;
	/* reversing the reversal */
	assert_int_equal(journal_reverse(f->db, rev, "2024-03-03", "checker", "undo", NOW, &again,
					 &e), -1);
	assert_string_equal(e.msg, "ledger: entry 3 is itself a reversal");
	/* reversing twice */
	err_clear(&e);
	assert_int_equal(journal_reverse(f->db, en.id, "2024-03-03", "checker", "again", NOW,
					 &again, &e), -1);
	assert_non_null(strstr(e.msg, "already reversed by entry 3"));
	/* an entry that does not exist */
	err_clear(&e);
	assert_int_equal(journal_reverse(f->db, 42, "2024-03-03", "checker", "x", NOW, &again, &e),
			 -1);
	assert_string_equal(e.msg, "ledger: no entry 42");
	assert_int_equal(again, 0);
	/* the other entry can still be reversed */
	err_clear(&e);
	assert_int_equal(journal_reverse(f->db, other.id, "2024-03-03", "checker", "x", NOW, &again,
					 &e), 0);
	assert_int_equal(again, 4);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 4);
}

/* UPDATE and DELETE are refused by the triggers, whoever sends them. */
static void test_append_only_triggers(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	assert_int_equal(db_begin(f->db, &e), 0);
	struct entry_row en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 1000);
	assert_int_equal(journal_post(f->db, &en, NOW, NULL, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	static const char *const refused[] = {
		"UPDATE journal_entry SET amount = 1",
		"UPDATE journal_entry SET memo = 'x' WHERE id = 1",
		"DELETE FROM journal_entry",
		"DELETE FROM journal_entry WHERE id = 1",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		err_clear(&e);
		assert_int_equal(db_exec(f->db, refused[i], &e), -1);
		assert_string_equal(e.msg, "database: ledger is append-only: post a reversing entry");
	}
	/* audit events likewise */
	exec_ok(f->db, "INSERT INTO audit_event(id, at, actor, action) VALUES (1, 'now', 'a', 'x')");
	static const char *const audit_refused[] = {
		"UPDATE audit_event SET actor = 'b'",
		"DELETE FROM audit_event",
		"INSERT OR REPLACE INTO audit_event(id, at, actor, action) VALUES (1, 'n', 'b', 'y')",
	};
	for (size_t i = 0; i < sizeof audit_refused / sizeof *audit_refused; i++) {
		err_clear(&e);
		assert_int_equal(db_exec(f->db, audit_refused[i], &e), -1);
		assert_string_equal(e.msg, "database: audit trail is append-only");
	}
	assert_int_equal(scalar(f->db, "SELECT amount FROM journal_entry WHERE id = 1"), 1000);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_event WHERE actor = 'a'"), 1);
	/* the schema's own checks back journal_check up */
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "INSERT INTO journal_entry(id, campaign_id, kind, entry_date,"
				 " recorded_at, debit_account, credit_account, amount, actor)"
				 " VALUES (9, 1, 'contribution', 'd', 'r', 1, 5, 0, 'a')", &e), -1);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "INSERT INTO journal_entry(id, campaign_id, kind, entry_date,"
				 " recorded_at, debit_account, credit_account, amount, actor)"
				 " VALUES (9, 1, 'reversal', 'd', 'r', 1, 5, 3, 'a')", &e), -1);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
}

static void post_outside_tx(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0)
		_exit(5);
	struct entry_row en = entry(ACC_CASH, ACC_CONTRIBUTIONS, 1);
	journal_post(db, &en, NOW, NULL, &e);
}

/* Posting outside a transaction is a programming error: fatal. */
static void test_post_outside_tx_fatal(void **state)
{
	struct fx *f = *state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
			signal(sigs[i], SIG_DFL);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(4);
		post_outside_tx(f->path);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM journal_entry"), 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_effect),
		T(test_post_consecutive),
		T(test_post_next_id),
		T(test_post_after_rollback),
		T(test_reverse),
		T(test_append_only_triggers),
		T(test_post_outside_tx_fatal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
