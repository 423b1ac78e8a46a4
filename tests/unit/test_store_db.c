/* store/db and store/migrate: opening (create / existing / foreign / newer
 * files), the statement cache, db_step's automatic reset, transactions and
 * bulk mode.  Every test works in its own temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/migrate.h"

struct tmp {
	char dir[256];
	char path[300];
};

static int setup(void **state)
{
	struct tmp *t = calloc(1, sizeof *t);
	const char *base = getenv("TMPDIR");
	snprintf(t->dir, sizeof t->dir, "%s/ansinh-db-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[400];
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, sfx[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/other.db", t->dir);
	unlink(p);
	rmdir(t->dir);
	free(t);
	return 0;
}

static struct db *create_db(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	if (db_open(&db, path, DB_OPEN_CREATE, &e) < 0)
		fail_msg("db_open(CREATE): %s", e.msg);
	return db;
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = {0};
	int64_t v = -999;
	if (db_scalar_i64(db, sql, NULL, -1, &v, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct err e = {0};
	if (db_exec(db, sql, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

static void test_create_then_existing(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	assert_string_equal(db_path(db), t->path);
	int v = -1;
	struct err e = {0};
	assert_int_equal(db_schema_version(db, &v, &e), 0);
	assert_int_equal(v, migrations_count);
	assert_int_equal(scalar(db, "PRAGMA application_id"), 0x414E5348);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(scalar(db, "PRAGMA synchronous"), 2); /* FULL */
	static const char jm[] = "PRAGMA journal_mode";
	struct stmt *s = db_prep(db, jm, &e);
	assert_non_null(s);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "wal");
	db_reset(s);
	/* the chart of accounts from migration 1, and the goods stages of migration 4 */
	assert_int_equal(scalar(db, "SELECT count(*) FROM account WHERE id <= 5"), 5);
	assert_int_equal(scalar(db, "SELECT count(*) FROM account WHERE id IN (8, 9)"), 2);
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('k', 'v')");
	db_close(db);

	db = NULL;
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting WHERE key = 'k'"), 1);
	/* reopening does not apply migrations again */
	assert_int_equal(scalar(db, "SELECT count(*) FROM schema_migration"), migrations_count);
	assert_int_equal(db_schema_version(db, &v, &e), 0);
	assert_int_equal(v, migrations_count);
	db_close(db);
}

static void test_existing_missing(void **state)
{
	struct tmp *t = *state;
	struct db *db = (struct db *)1;
	struct err e = {0};
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want,
		 "no database at %s (create one with `ansinh init`, or pass --db PATH)", t->path);
	assert_string_equal(e.msg, want);
	/* and nothing was created */
	assert_int_equal(access(t->path, F_OK), -1);
}

static void test_create_refuses_existing_path(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	db_close(db);
	struct err e = {0};
	db = (struct db *)1;
	assert_int_equal(db_open(&db, t->path, DB_OPEN_CREATE, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want, "%s already exists", t->path);
	assert_string_equal(e.msg, want);
	/* even an empty file */
	char other[400];
	snprintf(other, sizeof other, "%s/other.db", t->dir);
	FILE *f = fopen(other, "w");
	assert_non_null(f);
	fclose(f);
	err_clear(&e);
	assert_int_equal(db_open(&db, other, DB_OPEN_CREATE, &e), -1);
	snprintf(want, sizeof want, "%s already exists", other);
	assert_string_equal(e.msg, want);
}

/* Another application's SQLite database is refused, not migrated. */
static void test_foreign_sqlite_refused(void **state)
{
	struct tmp *t = *state;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(t->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE foo(x); INSERT INTO foo VALUES (1);", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	struct db *db = (struct db *)1;
	struct err e = {0};
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want, "%s is not an ansinh database", t->path);
	assert_string_equal(e.msg, want);
	/* untouched: no schema_migration table was added */
	assert_int_equal(sqlite3_open(t->path, &h), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE name = "
					    "'schema_migration'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* A file that is not SQLite at all. */
static void test_not_sqlite_refused(void **state)
{
	struct tmp *t = *state;
	FILE *f = fopen(t->path, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("date,donor,amount\n2024-01-01,An,100\n", f);
	fclose(f);
	struct db *db = (struct db *)1;
	struct err e = {0};
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want, "%s is not an ansinh database (", t->path);
	assert_memory_equal(e.msg, want, strlen(want));
}

/* An empty file (say, left by an interrupted copy) is not a database of ours. */
static void test_empty_file_refused(void **state)
{
	struct tmp *t = *state;
	FILE *f = fopen(t->path, "w");
	assert_non_null(f);
	fclose(f);
	struct db *db = (struct db *)1;
	struct err e = {0};
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want, "%s is not an ansinh database", t->path);
	assert_string_equal(e.msg, want);
}

/* A database written by a newer ansinh (more migrations than we know). */
static void test_newer_schema_refused(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "INSERT INTO schema_migration(version, name) VALUES (%d, '9999_future')",
		 migrations_count + 1);
	exec_ok(db, sql);
	db_close(db);
	struct err e = {0};
	db = (struct db *)1;
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), -1);
	assert_null(db);
	char want[600];
	snprintf(want, sizeof want,
		 "%s has schema version %d, newer than this ansinh knows (%d): use a newer ansinh",
		 t->path, migrations_count + 1, migrations_count);
	assert_string_equal(e.msg, want);
	assert_non_null(strstr(e.msg, "newer"));
}

/* Migrations are numbered from 1, increasing, each with SQL. */
static void test_migration_table(void **state)
{
	(void)state;
	assert_true(migrations_count >= 1);
	for (int i = 0; i < migrations_count; i++) {
		assert_true(migrations[i].version > (i ? migrations[i - 1].version : 0));
		assert_non_null(migrations[i].name);
		assert_non_null(migrations[i].sql);
		assert_true(strlen(migrations[i].sql) > 0);
	}
}

/* The schema text of a table or index. */
static char *schema_sql(struct db *db, const char *name)
{
	struct err e = {0};
	static const char q[] = "SELECT sql FROM sqlite_schema WHERE name = ?";
	struct stmt *s = db_prep(db, q, &e);
	assert_non_null(s);
	db_bind_text(s, 1, name);
	assert_int_equal(db_step(s, &e), DB_ROW);
	char *sql = strdup(db_col_text(s, 0));
	db_reset(s);
	return sql;
}

static const char *const ORED[] = {"journal_entry", "contribution", "donor", "bank_line",
				   "bank_line_status"};
#define NORED (sizeof ORED / sizeof *ORED)

static void assert_ored(struct db *db)
{
	for (size_t i = 0; i < NORED; i++) {
		char *sql = schema_sql(db, ORED[i]);
		if (strstr(sql, "kind IN (") || strstr(sql, "channel IN (") ||
		    strstr(sql, "status IN ("))
			fail_msg("%s: %s", ORED[i], sql);
		free(sql);
	}
}

/* Migration 13: what an imported line meets has no list of more than two
 * constants (an ephemeral table per statement), the constraints still
 * refuse what they refused, and a database of schema 11 with rows is
 * upgraded with every row kept. */
static void test_migration_ored_checks(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	assert_ored(db);
	exec_ok(db, "INSERT INTO campaign(code, name, start_date, end_date, created_at)"
		    " VALUES ('C', 'C', '2020-01-01', '2020-12-31', 'now')");
	static const char entry[] =
		"INSERT INTO journal_entry(campaign_id, kind, entry_date, recorded_at,"
		" debit_account, credit_account, amount, actor) VALUES (1, '%s', '2020-01-01', 'now',"
		" 2, 5, 1000, 'a')";
	char sql[400];
	snprintf(sql, sizeof sql, entry, "contributionx");
	assert_int_equal(db_exec(db, sql, &e), -1);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	err_clear(&e);
	snprintf(sql, sizeof sql, entry, "contribution");
	exec_ok(db, sql);
	exec_ok(db, "INSERT INTO bank_statement(account, profile, file_name, sha256, actor,"
		    " imported_at) VALUES ('1', 'vcb', 'f', 'x', 'a', 'now')");
	static const char line[] =
		"INSERT INTO bank_line(account, txn_no, statement_id, source_line, txn_date, credit,"
		" description, status) VALUES ('1', '%s', 1, 1, '2020-01-01', 5, 'd', '%s')";
	snprintf(sql, sizeof sql, line, "t1", "pendingx");
	assert_int_equal(db_exec(db, sql, &e), -1);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	err_clear(&e);
	snprintf(sql, sizeof sql, line, "t1", "pending");
	exec_ok(db, sql);
	snprintf(sql, sizeof sql, line, "t2", "auto");
	exec_ok(db, sql);
	/* the waiting lines through the partial index */
	static const char waiting[] =
		"SELECT count(*) FROM bank_line INDEXED BY bank_line_status"
		" WHERE status = 'pending' OR status = 'unmatched' OR status = 'rejected'";
	assert_int_equal(scalar(db, waiting), 1);

	/* back to schema 11's text (that of migrations 1 and 6), then opened again */
	struct buf b = BUF_INIT;
	buf_puts(&b, "PRAGMA writable_schema=ON;");
	for (size_t i = 0; i < NORED; i++) {
		const char *from = NULL;
		size_t len = 0;
		char head[64];
		snprintf(head, sizeof head, "CREATE %s %s", i + 1 < NORED ? "TABLE" : "INDEX",
			 ORED[i]);
		for (int m = 0; m < migrations_count && !from; m++)
			if ((from = strstr(migrations[m].sql, head)) != NULL) {
				char nx = i + 1 < NORED ? '(' : ' ';
				if (from[strlen(head)] != nx) {
					from = NULL;
					continue;
				}
				len = strstr(from, i + 1 < NORED ? "\n);" : ";") - from +
				      (i + 1 < NORED ? 2 : 0);
			}
		assert_non_null(from);
		buf_puts(&b, "UPDATE sqlite_schema SET sql = '");
		for (size_t k = 0; k < len; k++) {
			if (from[k] == '\'')
				buf_putc(&b, '\'');
			buf_putc(&b, from[k]);
		}
		buf_printf(&b, "' WHERE name = '%s';", ORED[i]);
	}
	buf_printf(&b, "PRAGMA writable_schema=RESET; DELETE FROM schema_migration WHERE version >= 13;"
		   " CREATE TABLE bump(x); DROP TABLE bump;");
	exec_ok(db, b.p);
	buf_free(&b);
	char *old = schema_sql(db, "bank_line_status");
	assert_non_null(strstr(old, "status IN ('pending','unmatched','rejected')"));
	free(old);
	old = schema_sql(db, "journal_entry");
	assert_non_null(strstr(old, "kind IN ('contribution'"));
	free(old);
	db_close(db);

	db = NULL;
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), 0);
	assert_ored(db);
	assert_int_equal(scalar(db, "SELECT count(*) FROM journal_entry WHERE kind = 'contribution'"),
			 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM bank_line"), 2);
	assert_int_equal(scalar(db, waiting), 1);
	static const char check[] = "PRAGMA integrity_check";
	struct stmt *s = db_prep(db, check, &e);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "ok");
	db_reset(s);
	snprintf(sql, sizeof sql, line, "t3", "bogus");
	assert_int_equal(db_exec(db, sql, &e), -1);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	db_close(db);
}

static const char SQL_ONE[] = "SELECT 1";
static const char SQL_ONE_COPY[] = "SELECT 1";
static const char SQL_TWO_ROWS[] = "SELECT 1 UNION ALL SELECT 2";

/* The cache is keyed by the SQL pointer: the same pointer gives the same
 * statement, an equal string elsewhere another one. */
static void test_stmt_cache(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	struct stmt *a = db_prep(db, SQL_ONE, &e);
	struct stmt *b = db_prep(db, SQL_ONE, &e);
	struct stmt *c = db_prep(db, SQL_ONE_COPY, &e);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	/* db_prep hands the statement out reset and unbound */
	static const char sql_bind[] = "SELECT ?1";
	struct stmt *s = db_prep(db, sql_bind, &e);
	db_bind_i64(s, 1, 42);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_int_equal(db_col_i64(s, 0), 42);
	s = db_prep(db, sql_bind, &e); /* mid-result: reset, bindings cleared */
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_true(db_col_null(s, 0));
	db_reset(s);
	db_close(db);
}

static void test_prep_error(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	static const char bad[] = "SELEC nonsense";
	assert_null(db_prep(db, bad, &e));
	assert_memory_equal(e.msg, "database: ", 10);
	assert_non_null(strstr(e.msg, "syntax error"));
	/* a failed prepare leaves the cache usable, and the same SQL fails again */
	err_clear(&e);
	assert_null(db_prep(db, bad, &e));
	assert_true(err_is_set(&e));
	err_clear(&e);
	assert_non_null(db_prep(db, SQL_ONE, &e));
	static const char missing[] = "SELECT * FROM no_such_table";
	assert_null(db_prep(db, missing, &e));
	assert_non_null(strstr(e.msg, "no such table: no_such_table"));
	db_close(db);
}

/* db_step resets by itself on DONE and on error, so the next step starts
 * the statement again. */
static void test_step_auto_reset(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	struct stmt *s = db_prep(db, SQL_TWO_ROWS, &e);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(db_step(s, &e), DB_ROW);
		assert_int_equal(db_col_i64(s, 0), 1);
		assert_int_equal(db_step(s, &e), DB_ROW);
		assert_int_equal(db_col_i64(s, 0), 2);
		assert_int_equal(db_step(s, &e), DB_DONE);
	}
	/* an error resets too: the same insert fails the same way each time */
	static const char ins[] = "INSERT INTO setting(key, value) VALUES (?, ?)";
	s = db_prep(db, ins, &e);
	db_bind_text(s, 1, "k");
	db_bind_text(s, 2, NULL); /* NOT NULL */
	for (int round = 0; round < 2; round++) {
		err_clear(&e);
		assert_int_equal(db_step(s, &e), -1);
		assert_string_equal(e.msg, "database: NOT NULL constraint failed: setting.value");
	}
	db_bind_text(s, 2, "v"); /* bindings survive the reset */
	err_clear(&e);
	assert_int_equal(db_step(s, &e), DB_DONE);
	assert_int_equal(db_changes(db), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting"), 1);
	db_close(db);
}

/* Bind and column helpers: NULL text, blobs with NUL bytes, 64-bit ints. */
static void test_bind_and_columns(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	exec_ok(db, "CREATE TABLE tt(id INTEGER PRIMARY KEY, t TEXT, b BLOB, i INTEGER)");
	static const char ins[] = "INSERT INTO tt(t, b, i) VALUES (?, ?, ?)";
	struct stmt *s = db_prep(db, ins, &e);
	db_bind_text(s, 1, "Đức");
	db_bind_blob(s, 2, "a\0b", 3);
	db_bind_i64(s, 3, INT64_MIN);
	assert_int_equal(db_step(s, &e), DB_DONE);
	assert_int_equal(db_last_id(db), 1);
	s = db_prep(db, ins, &e);
	db_bind_text(s, 1, NULL);
	db_bind_null(s, 2);
	db_bind_i64(s, 3, INT64_MAX);
	assert_int_equal(db_step(s, &e), DB_DONE);
	assert_int_equal(db_last_id(db), 2);
	static const char sel[] = "SELECT t, b, i FROM tt ORDER BY id";
	s = db_prep(db, sel, &e);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "Đức");
	size_t n;
	const void *p = db_col_blob(s, 1, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(p, "a\0b", 3);
	assert_true(db_col_i64(s, 2) == INT64_MIN);
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_true(db_col_null(s, 0));
	assert_string_equal(db_col_text(s, 0), ""); /* "" for NULL, never a NULL pointer */
	assert_true(db_col_null(s, 1));
	assert_true(db_col_i64(s, 2) == INT64_MAX);
	assert_int_equal(db_step(s, &e), DB_DONE);
	db_close(db);
}

static void test_scalar(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	int64_t v = 0;
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('n', '17')");
	static const char q[] = "SELECT value FROM setting WHERE key = ?";
	assert_int_equal(db_scalar_i64(db, q, "n", -1, &v, &e), 0);
	assert_int_equal(v, 17);
	assert_int_equal(db_scalar_i64(db, q, "none", -1, &v, &e), 0); /* no row: default */
	assert_int_equal(v, -1);
	static const char qnull[] = "SELECT NULL";
	assert_int_equal(db_scalar_i64(db, qnull, NULL, 5, &v, &e), 0); /* NULL: default */
	assert_int_equal(v, 5);
	static const char bad[] = "SELECT nope FROM setting";
	v = 99;
	assert_int_equal(db_scalar_i64(db, bad, NULL, 5, &v, &e), -1);
	assert_int_equal(v, 99);
	db_close(db);
}

static void test_transactions(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	assert_false(db_in_tx(db));
	assert_int_equal(db_begin(db, &e), 0);
	assert_true(db_in_tx(db));
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('a', '1')");
	db_rollback(db);
	assert_false(db_in_tx(db));
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting"), 0);

	assert_int_equal(db_begin(db, &e), 0);
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('b', '2')");
	assert_int_equal(db_commit(db, &e), 0);
	assert_false(db_in_tx(db));
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting WHERE key = 'b'"), 1);

	/* rollback outside a transaction does nothing */
	db_rollback(db);
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting"), 1);

	/* commit without a transaction is an error */
	assert_int_equal(db_commit(db, &e), -1);
	assert_non_null(strstr(e.msg, "no transaction is active"));
	assert_false(db_in_tx(db));

	/* a second connection sees committed data only */
	err_clear(&e);
	assert_int_equal(db_begin(db, &e), 0);
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('c', '3')");
	struct db *db2 = NULL;
	assert_int_equal(db_open(&db2, t->path, DB_OPEN_EXISTING, &e), 0);
	assert_int_equal(scalar(db2, "SELECT count(*) FROM setting"), 1);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(scalar(db2, "SELECT count(*) FROM setting"), 2);
	db_close(db2);

	/* closing with an open transaction rolls it back */
	assert_int_equal(db_begin(db, &e), 0);
	exec_ok(db, "INSERT INTO setting(key, value) VALUES ('d', '4')");
	db_close(db);
	db = NULL;
	assert_int_equal(db_open(&db, t->path, DB_OPEN_EXISTING, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting WHERE key = 'd'"), 0);
	db_close(db);
	db_close(NULL);
}

/* Foreign keys are enforced outside bulk mode. */
static void test_foreign_keys_on(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	assert_int_equal(db_exec(db, "INSERT INTO unit(code, name, kind, parent_id, created_at)"
				 " VALUES ('x', 'X', 'district', 999, 'now')", &e), -1);
	assert_string_equal(e.msg, "database: FOREIGN KEY constraint failed");
	db_close(db);
}

/* Bulk mode, set before db_begin, relaxes synchronous and foreign keys for
 * one transaction; commit and rollback restore both. */
static void test_bulk_mode(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	for (int commit = 0; commit <= 1; commit++) {
		db_bulk_mode(db, 1);
		assert_int_equal(scalar(db, "PRAGMA synchronous"), 1); /* NORMAL */
		assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 0);
		assert_int_equal(db_begin(db, &e), 0);
		/* a dangling reference is accepted in bulk mode */
		exec_ok(db, commit ? "INSERT INTO unit(code, name, kind, parent_id, created_at)"
				     " VALUES ('bulk', 'B', 'district', 999, 'now')"
				   : "INSERT INTO setting(key, value) VALUES ('r', 'r')");
		if (commit)
			assert_int_equal(db_commit(db, &e), 0);
		else
			db_rollback(db);
		assert_int_equal(scalar(db, "PRAGMA synchronous"), 2);
		assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
	}
	assert_int_equal(scalar(db, "SELECT count(*) FROM unit WHERE code = 'bulk'"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM setting"), 0);
	/* turning it off without a transaction restores at once; twice is harmless */
	db_bulk_mode(db, 1);
	db_bulk_mode(db, 1);
	db_bulk_mode(db, 0);
	assert_int_equal(scalar(db, "PRAGMA synchronous"), 2);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
	db_bulk_mode(db, 0);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
	db_close(db);
}

static const char SQL_T_INSERT[] = "INSERT INTO t(a, b, c) VALUES (?, ?, ?)";

static void insert_t(struct db *db, int i)
{
	struct err e = {0};
	char text[32];
	snprintf(text, sizeof text, "row %d", i);
	const struct db_val v[] = {db_val_int(i), db_val_text(i % 3 ? text : NULL), db_val_id(i % 2)};
	if (db_insert(db, SQL_T_INSERT, v, 3, &e) < 0)
		fail_msg("db_insert: %s", e.msg);
}

/* Deferred inserts: rows kept until a full batch of DB_DEFER_ROWS (written
 * by one statement) or a flush; every value as given (NULL text, id 0 as
 * NULL, the text copied: the caller's buffer is reused); the rest written
 * by the commit; a rollback drops kept rows and ends deferring; without
 * db_defer rows go in at once. */
static void test_deferred_insert(void **state)
{
	struct tmp *t = *state;
	struct db *db = create_db(t->path);
	struct err e = {0};
	exec_ok(db, "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)");
	const int n = 2 * DB_DEFER_ROWS + 5;

	db_bulk_mode(db, 1);
	assert_int_equal(db_begin(db, &e), 0);
	db_defer(db);
	for (int i = 1; i < DB_DEFER_ROWS; i++)
		insert_t(db, i);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 0); /* kept */
	for (int i = DB_DEFER_ROWS; i <= n; i++)
		insert_t(db, i);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 2 * DB_DEFER_ROWS);
	assert_int_equal(db_defer_flush(db, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), n);
	insert_t(db, n + 1);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), n + 1);
	for (int i = 1; i <= n + 1; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE a = %d AND "
			 "b IS %s AND c IS %s", i, i % 3 ? "'row ' || a" : "NULL",
			 i % 2 ? "1" : "NULL");
		if (scalar(db, sql) != 1)
			fail_msg("row %d not as inserted", i);
	}

	/* rolled back: kept rows dropped, deferring over */
	db_bulk_mode(db, 1);
	assert_int_equal(db_begin(db, &e), 0);
	db_defer(db);
	insert_t(db, 1000);
	db_rollback(db);
	assert_int_equal(db_begin(db, &e), 0);
	insert_t(db, 1001);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t WHERE a >= 1000"), 1);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t WHERE a >= 1000"), 1);

	/* a failing kept row fails the flush, and the commit with it */
	db_bulk_mode(db, 1);
	assert_int_equal(db_begin(db, &e), 0);
	db_defer(db);
	insert_t(db, 2000);
	insert_t(db, 1); /* primary key taken */
	assert_int_equal(db_commit(db, &e), -1);
	assert_non_null(strstr(e.msg, "UNIQUE constraint failed"));
	assert_int_equal(scalar(db, "SELECT count(*) FROM t WHERE a = 2000"), 0);
	assert_int_equal(db_in_tx(db), 0);
	db_close(db);
}

/* Runs fn in a child and reports whether it died of SIGABRT (fatal()). */
static int aborts(void (*fn)(const char *), const char *path)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
			signal(sigs[i], SIG_DFL);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(4);
		fn(path);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void bulk_inside_tx(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0 || db_begin(db, &e) < 0)
		_exit(5);
	db_bulk_mode(db, 1);
}

static void defer_outside_bulk(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0 || db_begin(db, &e) < 0)
		_exit(5);
	db_defer(db);
}

static void nested_begin(const char *path)
{
	struct db *db = NULL;
	struct err e = {0};
	if (db_open(&db, path, DB_OPEN_EXISTING, &e) < 0 || db_begin(db, &e) < 0)
		_exit(5);
	db_begin(db, &e);
}

/* Programming errors are fatal, not silently wrong. */
static void test_fatal_misuse(void **state)
{
	struct tmp *t = *state;
	db_close(create_db(t->path));
	assert_true(aborts(bulk_inside_tx, t->path));
	assert_true(aborts(nested_begin, t->path));
	assert_true(aborts(defer_outside_bulk, t->path));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_then_existing),
		T(test_existing_missing),
		T(test_create_refuses_existing_path),
		T(test_foreign_sqlite_refused),
		T(test_not_sqlite_refused),
		T(test_empty_file_refused),
		T(test_newer_schema_refused),
		T(test_migration_table),
		T(test_migration_ored_checks),
		T(test_stmt_cache),
		T(test_prep_error),
		T(test_step_auto_reset),
		T(test_bind_and_columns),
		T(test_scalar),
		T(test_transactions),
		T(test_foreign_keys_on),
		T(test_bulk_mode),
		T(test_deferred_insert),
		T(test_fatal_misuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
